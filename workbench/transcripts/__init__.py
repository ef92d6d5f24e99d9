"""Bringing transcript files into a project: parse, screen, lay out, store."""
