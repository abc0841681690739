"""The PySide6 front-end: windows, wizards, tray, and the scan worker process."""
