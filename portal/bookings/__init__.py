"""Booking named attendees on events: capacity, waiting list, offers, reminders, feedback."""
