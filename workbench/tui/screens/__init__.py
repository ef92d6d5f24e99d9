"""Screens of the coding workbench."""
