"""Trust: issuer and level classification, chain building, revocation (OCSP, CRL)."""
