"""A terminal workbench for qualitative interview coding."""
