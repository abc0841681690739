"""A token's flags (CKF_*), as the PKCS#11 standard numbers them: what reading needs of them (a blank
token is skipped, core.tokens.pkcs11_read) and the PIN hints (core.tokens.pkcs11_scan.pin_state),
without loading python-pkcs11 where only the numbers are read."""

LOGIN_REQUIRED = 0x4
USER_PIN_INITIALIZED = 0x8
PROTECTED_AUTHENTICATION_PATH = 0x100
TOKEN_INITIALIZED = 0x400
USER_PIN_COUNT_LOW = 0x10000
USER_PIN_FINAL_TRY = 0x20000
USER_PIN_LOCKED = 0x40000
