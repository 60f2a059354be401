"""Benchmarks of the queue core (not part of the installed package)."""
