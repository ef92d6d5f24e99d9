"""Assisted coding: study-wide search, auto-coding and suggestions learned from codings."""
