"""Assisted coding: study-wide search, auto-coding and suggestions learned from codings."""

# What suggestions need, read by the TUI's `s` and the CLI's `suggest` alike; here, not in
# `suggest` or `model`, so that the CLI and the screens read them without numpy and scikit-learn.
MIN_CONFIDENCE = 0.5  # the least confidence a suggestion is offered at: below, it is guessing
MIN_EXAMPLES = 8  # coded units a code needs before it gets a classifier
