"""Employer organisations."""
