"""E-mail: an outbox written with the change that causes it, and a sender."""
