"""The anonymisation gate: pseudonym tables, identifier detectors and residual checks."""
