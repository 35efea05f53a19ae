"""Reference data: local authorities, delivery partners and sectors."""
