"""Signing: the PAdES self-test signature and the signed-PDF verifier (pyHanko)."""
