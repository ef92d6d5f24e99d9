"""Exchange formats: codings as CSV (and later REFI-QDA)."""
