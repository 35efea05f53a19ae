"""Workplace visits requested by employers and scheduled by staff."""
