"""Theme frequencies, matrices, co-occurrence, segments, citations, charts and the HTML report."""
