"""The workstation: drivers and services installed on this OS (Idopte, Hashlogic…), autostart entries."""
