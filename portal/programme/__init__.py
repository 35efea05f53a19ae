"""The workplace health programme: cycles and the interventions counted in them."""
