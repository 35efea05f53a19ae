"""Benchmarks for programme reporting at programme scale: ``make bench``."""
