"""certhelper: see the certificates on your USB token, and what to do about them."""

__version__ = "0.1.0"
