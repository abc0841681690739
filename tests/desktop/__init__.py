"""A real desktop in tests: Xvfb, a real XEmbed tray host (trayer), a real notification service on a session D-Bus."""
