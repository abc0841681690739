"""Reading tokens: module discovery, the isolated PKCS#11 scan, X.509 reading, the PIN test, the plug watcher."""
