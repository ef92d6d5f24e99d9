"""Exchange with other tools and copies: codings CSV, REFI-QDA projects and codebooks, merging."""
