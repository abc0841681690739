"""Reminders: the certificates remembered between runs, the reminder schedule, keyring credentials."""
