"""Workplace health action plans built from a staff survey's results.

Above the programme in the layers: an action can be booked (an event) or
requested (a workplace visit) from the plan, and its progress is read from the
booking or visit and from the programme's interventions.
"""
