"""The core: PKCS#11 and X.509 reading, diagnosis, guides, reminders and reports.

Nothing here imports Qt or prints for a user; it returns data that the front-ends present.
"""
