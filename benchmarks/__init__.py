"""Performance checks run by `make bench` (`python -m benchmarks`)."""
