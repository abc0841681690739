"""A fault-injecting PKCS#11 module (C, built at test time) and its fixtures."""
