"""Text helpers every layer shares: normalisation, words, search, ordering, scanning."""
