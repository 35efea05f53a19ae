"""Administration: reference data, the audit trail and e-mail delivery."""
