"""Assisted coding: study-wide search and auto-coding (and, beside them, code suggestions)."""
