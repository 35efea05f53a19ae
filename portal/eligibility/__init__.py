"""Eligibility: the SME and area rules and proportionate evidence."""
