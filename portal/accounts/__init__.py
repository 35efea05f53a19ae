"""Accounts: sign in and out, passwords, roles."""
