"""Assisted coding: study-wide search, auto-coding and suggestions learned from codings."""

# The least confidence a suggestion is offered at, in the TUI's `s` and the CLI's `suggest`
# alike: below it the classifier is guessing. Here, not in `suggest`, so that the CLI reads it
# without importing numpy and scikit-learn.
MIN_CONFIDENCE = 0.5
