"""The Textual coding workbench: a thin shell over the core library."""
