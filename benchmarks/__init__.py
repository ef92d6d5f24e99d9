"""Speed measurements, run with `make bench` (python -m benchmarks); they print figures."""
