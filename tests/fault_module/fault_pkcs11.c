/*
 * A fault-injecting PKCS#11 module for certhelper's tests.
 *
 * It forwards every call to a real module (SoftHSM2) and, driven by a control file, does what
 * SoftHSM2 never does: lock a PIN after 3 wrong tries, lose its token between two calls, hang,
 * fail, crash, or hand out broken certificate values. It records every C_Login and every fault
 * it injects in a log file, so the tests can count them exactly.
 *
 * FAULT_P11_CONTROL names the control file, re-read on every call ("key = value" lines, # comments):
 *   real = PATH              the module to forward to (default: REAL_MODULE, set at build time)
 *   log = PATH               append "C_Login ..." and "fault ..." lines here
 *   fault = KIND             hang | general_error | abort | segv |
 *                            token_not_present | device_removed | session_handle_invalid
 *   fault_function = NAME    the call that fails (e.g. C_GetAttributeValue), or "any"
 *   fault_after = N          calls of that function that succeed first (counted per process)
 *   hang_seconds = N         how long "hang" sleeps (default 3600)
 *   removed = 1              the token is out from the first call
 *   pin_flags = LIST         count_low,final_try,locked: reported as they are
 *   pin_tries = N            emulate a retry counter: N wrong PINs lock the token, like ChamberSign (3)
 *   pin_state = PATH         where that counter lives (shared by every process)
 *   cert_mutate = ID:MODE,.. certificate values of those CKA_IDs (hex, or *) become
 *                            truncate | garbage | huge | empty
 *   huge_bytes = N           size of a "huge" value (default 8 MiB)
 *
 * The "gone" faults are sticky for the process: once the token is out, it stays out (slot list
 * empty, token calls CKR_TOKEN_NOT_PRESENT, session calls the chosen error).
 * The PIN itself is never written anywhere.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

#ifndef REAL_MODULE
#define REAL_MODULE "/usr/lib/softhsm/libsofthsm2.so"
#endif

#define MAX_TEXT 1024

struct control {
	char real[MAX_TEXT];
	char log[MAX_TEXT];
	char fault[64];
	char fault_function[64];
	long fault_after;
	long hang_seconds;
	int removed;
	char pin_flags[128];
	long pin_tries;
	char pin_state[MAX_TEXT];
	char cert_mutate[MAX_TEXT];
	long huge_bytes;
};

static struct control ctl;
static CK_FUNCTION_LIST *real;
static CK_FUNCTION_LIST ours;
static CK_RV gone; /* 0 while the token is in; else the error session calls return */
static long calls_of_fault_function;

static void trim(char *s)
{
	char *start = s, *end;
	while (*start == ' ' || *start == '\t')
		start++;
	memmove(s, start, strlen(start) + 1);
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
}

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

static void read_control(void)
{
	const char *path = getenv("FAULT_P11_CONTROL");
	char line[2 * MAX_TEXT];
	FILE *fh;

	memset(&ctl, 0, sizeof ctl);
	copy(ctl.real, sizeof ctl.real, REAL_MODULE);
	ctl.hang_seconds = 3600;
	ctl.huge_bytes = 8L * 1024 * 1024;
	if (!path || !(fh = fopen(path, "r")))
		return;
	while (fgets(line, sizeof line, fh)) {
		char *eq = strchr(line, '=');
		char *key = line, *value;
		if (line[0] == '#' || !eq)
			continue;
		*eq = '\0';
		value = eq + 1;
		trim(key);
		trim(value);
		if (!strcmp(key, "real"))
			copy(ctl.real, sizeof ctl.real, value);
		else if (!strcmp(key, "log"))
			copy(ctl.log, sizeof ctl.log, value);
		else if (!strcmp(key, "fault"))
			copy(ctl.fault, sizeof ctl.fault, value);
		else if (!strcmp(key, "fault_function"))
			copy(ctl.fault_function, sizeof ctl.fault_function, value);
		else if (!strcmp(key, "fault_after"))
			ctl.fault_after = atol(value);
		else if (!strcmp(key, "hang_seconds"))
			ctl.hang_seconds = atol(value);
		else if (!strcmp(key, "removed"))
			ctl.removed = atoi(value);
		else if (!strcmp(key, "pin_flags"))
			copy(ctl.pin_flags, sizeof ctl.pin_flags, value);
		else if (!strcmp(key, "pin_tries"))
			ctl.pin_tries = atol(value);
		else if (!strcmp(key, "pin_state"))
			copy(ctl.pin_state, sizeof ctl.pin_state, value);
		else if (!strcmp(key, "cert_mutate"))
			copy(ctl.cert_mutate, sizeof ctl.cert_mutate, value);
		else if (!strcmp(key, "huge_bytes"))
			ctl.huge_bytes = atol(value);
	}
	fclose(fh);
}

/* One line appended with O_APPEND: several processes may log at once. */
static void log_line(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int fd, n;

	if (!ctl.log[0])
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof buf - 2)
		n = sizeof buf - 2;
	buf[n++] = '\n';
	fd = open(ctl.log, O_WRONLY | O_APPEND | O_CREAT, 0600);
	if (fd < 0)
		return;
	if (write(fd, buf, n) < 0) {
		/* nothing to do: the log is for the tests only */
	}
	close(fd);
}

static CK_RV gone_error(const char *kind)
{
	if (!strcmp(kind, "token_not_present"))
		return CKR_TOKEN_NOT_PRESENT;
	if (!strcmp(kind, "device_removed"))
		return CKR_DEVICE_REMOVED;
	if (!strcmp(kind, "session_handle_invalid"))
		return CKR_SESSION_HANDLE_INVALID;
	return 0;
}

/* Called at the top of every wrapped function: returns an error to inject, or CKR_OK to forward. */
static CK_RV enter(const char *function)
{
	read_control();
	if (ctl.removed && !gone)
		gone = CKR_TOKEN_NOT_PRESENT;
	if (!ctl.fault[0] || !ctl.fault_function[0])
		return CKR_OK;
	if (strcmp(ctl.fault_function, "any") && strcmp(ctl.fault_function, function))
		return CKR_OK;
	if (gone && gone_error(ctl.fault))
		return CKR_OK; /* already out: each function answers as a pulled token does */
	if (calls_of_fault_function++ < ctl.fault_after)
		return CKR_OK;
	log_line("fault %s %s", ctl.fault, function);
	if (!strcmp(ctl.fault, "hang")) {
		sleep((unsigned)ctl.hang_seconds);
		return CKR_OK;
	}
	if (!strcmp(ctl.fault, "general_error"))
		return CKR_GENERAL_ERROR;
	if (!strcmp(ctl.fault, "abort") || !strcmp(ctl.fault, "segv")) {
		struct rlimit none = {0, 0};
		setrlimit(RLIMIT_CORE, &none); /* a test crash leaves no core file behind */
		if (!strcmp(ctl.fault, "abort"))
			abort();
		*(volatile int *)0 = 1; /* a real null-pointer write, as a buggy driver would do */
		raise(SIGSEGV);
	}
	if (gone_error(ctl.fault)) {
		gone = gone_error(ctl.fault);
		return gone;
	}
	return CKR_OK;
}

static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;
	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ',' || p[-1] == ' ') && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return 1;
		p += n;
	}
	return 0;
}

static long read_failures(void)
{
	FILE *fh;
	long n = 0;
	if (!ctl.pin_state[0] || !(fh = fopen(ctl.pin_state, "r")))
		return 0;
	if (fscanf(fh, "%ld", &n) != 1)
		n = 0;
	fclose(fh);
	return n;
}

static void write_failures(long n)
{
	FILE *fh;
	if (!ctl.pin_state[0] || !(fh = fopen(ctl.pin_state, "w")))
		return;
	fprintf(fh, "%ld\n", n);
	fclose(fh);
}

static int pin_locked(void)
{
	return has_word(ctl.pin_flags, "locked") || (ctl.pin_tries > 0 && read_failures() >= ctl.pin_tries);
}

/* ---- wrapped functions ------------------------------------------------------------------ */

static CK_RV fw_Initialize(void *args)
{
	CK_RV rv = enter("C_Initialize");
	return rv ? rv : real->C_Initialize(args);
}

static CK_RV fw_Finalize(void *reserved)
{
	CK_RV rv = enter("C_Finalize");
	return rv ? rv : real->C_Finalize(reserved);
}

static CK_RV fw_GetInfo(CK_INFO *info)
{
	CK_RV rv = enter("C_GetInfo");
	if (rv)
		return rv;
	rv = real->C_GetInfo(info);
	if (rv == CKR_OK)
		memcpy(info->libraryDescription, "Fault injection over SoftHSM2     ", 32);
	return rv;
}

static CK_RV fw_GetSlotList(CK_BBOOL present, CK_SLOT_ID *list, CK_ULONG *count)
{
	CK_RV rv = enter("C_GetSlotList");
	if (rv)
		return rv;
	if (gone && present) {
		*count = 0;
		return CKR_OK;
	}
	return real->C_GetSlotList(present, list, count);
}

static CK_RV fw_GetSlotInfo(CK_SLOT_ID slot, CK_SLOT_INFO *info)
{
	CK_RV rv = enter("C_GetSlotInfo");
	if (rv)
		return rv;
	rv = real->C_GetSlotInfo(slot, info);
	if (rv == CKR_OK && gone)
		info->flags &= ~CKF_TOKEN_PRESENT;
	return rv;
}

static CK_RV fw_GetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO *info)
{
	const CK_FLAGS pin_bits = CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED;
	CK_RV rv = enter("C_GetTokenInfo");
	if (rv)
		return rv;
	if (gone)
		return CKR_TOKEN_NOT_PRESENT;
	rv = real->C_GetTokenInfo(slot, info);
	if (rv != CKR_OK || !(info->flags & CKF_TOKEN_INITIALIZED))
		return rv;
	if (ctl.pin_tries > 0 || ctl.pin_flags[0]) {
		long failures = ctl.pin_tries > 0 ? read_failures() : 0;
		info->flags &= ~pin_bits; /* SoftHSM2's own COUNT_LOW would blur the emulated state */
		if (ctl.pin_tries > 0 && failures >= ctl.pin_tries)
			info->flags |= CKF_USER_PIN_LOCKED;
		else if (ctl.pin_tries > 0 && failures == ctl.pin_tries - 1)
			info->flags |= CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_COUNT_LOW;
		else if (failures > 0)
			info->flags |= CKF_USER_PIN_COUNT_LOW;
		if (has_word(ctl.pin_flags, "count_low"))
			info->flags |= CKF_USER_PIN_COUNT_LOW;
		if (has_word(ctl.pin_flags, "final_try"))
			info->flags |= CKF_USER_PIN_FINAL_TRY;
		if (has_word(ctl.pin_flags, "locked"))
			info->flags |= CKF_USER_PIN_LOCKED;
	}
	return rv;
}

static CK_RV fw_OpenSession(CK_SLOT_ID slot, CK_FLAGS flags, void *app, CK_NOTIFY notify, CK_SESSION_HANDLE *session)
{
	CK_RV rv = enter("C_OpenSession");
	if (rv)
		return rv;
	if (gone)
		return CKR_TOKEN_NOT_PRESENT;
	return real->C_OpenSession(slot, flags, app, notify, session);
}

static CK_RV fw_CloseSession(CK_SESSION_HANDLE session)
{
	CK_RV rv = enter("C_CloseSession");
	if (rv)
		return rv;
	rv = real->C_CloseSession(session); /* always close the real one: no leak behind the fault */
	return gone ? gone : rv;
}

static CK_RV fw_GetSessionInfo(CK_SESSION_HANDLE session, CK_SESSION_INFO *info)
{
	CK_RV rv = enter("C_GetSessionInfo");
	if (rv)
		return rv;
	return gone ? gone : real->C_GetSessionInfo(session, info);
}

static CK_RV fw_Login(CK_SESSION_HANDLE session, CK_USER_TYPE user, CK_UTF8CHAR *pin, CK_ULONG pin_len)
{
	CK_RV rv;
	long failures;

	read_control();
	log_line("C_Login user=%lu", (unsigned long)user); /* counted before anything can fail */
	rv = enter("C_Login");
	if (rv)
		return rv;
	if (gone)
		return gone;
	if (user == CKU_USER && pin_locked())
		return CKR_PIN_LOCKED;
	rv = real->C_Login(session, user, pin, pin_len);
	if (user == CKU_USER && ctl.pin_tries > 0) {
		failures = read_failures();
		if (rv == CKR_PIN_INCORRECT)
			write_failures(failures + 1);
		else if (rv == CKR_OK && failures)
			write_failures(0); /* a right PIN resets the counter, as on a real token */
	}
	log_line("C_Login result=0x%lx", (unsigned long)rv);
	return rv;
}

static CK_RV fw_Logout(CK_SESSION_HANDLE session)
{
	CK_RV rv = enter("C_Logout");
	if (rv)
		return rv;
	return gone ? gone : real->C_Logout(session);
}

static CK_RV fw_FindObjectsInit(CK_SESSION_HANDLE session, CK_ATTRIBUTE *tmpl, CK_ULONG count)
{
	CK_RV rv = enter("C_FindObjectsInit");
	if (rv)
		return rv;
	return gone ? gone : real->C_FindObjectsInit(session, tmpl, count);
}

static CK_RV fw_FindObjects(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE *objects, CK_ULONG max, CK_ULONG *count)
{
	CK_RV rv = enter("C_FindObjects");
	if (rv)
		return rv;
	return gone ? gone : real->C_FindObjects(session, objects, max, count);
}

static CK_RV fw_FindObjectsFinal(CK_SESSION_HANDLE session)
{
	CK_RV rv = enter("C_FindObjectsFinal");
	if (rv)
		return rv;
	return gone ? gone : real->C_FindObjectsFinal(session);
}

/* ---- certificate value mutation ---------------------------------------------------------- */

/* The mode cert_mutate gives this object ("truncate"...), or NULL when it is left alone. */
static const char *mutation_for(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object, char *mode, size_t size)
{
	CK_OBJECT_CLASS cls = 0;
	unsigned char id[128];
	char hex[2 * sizeof id + 1] = "";
	CK_ATTRIBUTE probe[] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_ID, id, sizeof id}};
	char list[MAX_TEXT], *item, *save = NULL;
	CK_ULONG i;

	if (!ctl.cert_mutate[0])
		return NULL;
	real->C_GetAttributeValue(session, object, probe, 2);
	if (cls != CKO_CERTIFICATE)
		return NULL;
	if (probe[1].ulValueLen != CK_UNAVAILABLE_INFORMATION && probe[1].ulValueLen <= sizeof id)
		for (i = 0; i < probe[1].ulValueLen; i++)
			sprintf(hex + 2 * i, "%02x", id[i]);
	copy(list, sizeof list, ctl.cert_mutate);
	for (item = strtok_r(list, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(item, ':');
		if (!colon)
			continue;
		*colon = '\0';
		trim(item);
		if (!strcmp(item, "*") || !strcasecmp(item, hex)) {
			copy(mode, size, colon + 1);
			trim(mode);
			return mode;
		}
	}
	return NULL;
}

/* The broken value for `mode`, built from the real one; *len gets its size. Caller frees. */
static unsigned char *mutated_value(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object, const char *mode, CK_ULONG *len)
{
	CK_ATTRIBUTE value = {CKA_VALUE, NULL, 0};
	unsigned char *orig, *out;
	uint32_t state = 2463534242u;
	CK_ULONG i, n;

	if (real->C_GetAttributeValue(session, object, &value, 1) != CKR_OK)
		return NULL;
	n = value.ulValueLen;
	orig = malloc(n ? n : 1);
	value.pValue = orig;
	if (!orig || real->C_GetAttributeValue(session, object, &value, 1) != CKR_OK) {
		free(orig);
		return NULL;
	}
	if (!strcmp(mode, "truncate")) {
		*len = n / 2;
		return orig;
	}
	if (!strcmp(mode, "empty")) {
		*len = 0;
		return orig;
	}
	if (!strcmp(mode, "garbage")) {
		for (i = 0; i < n; i++) { /* xorshift: the same garbage on every read */
			state ^= state << 13;
			state ^= state >> 17;
			state ^= state << 5;
			orig[i] = (unsigned char)state;
		}
		if (n > 4) { /* a SEQUENCE header, so the parser goes past the first byte */
			orig[0] = 0x30;
			orig[1] = 0x82;
			orig[2] = (unsigned char)((n - 4) >> 8);
			orig[3] = (unsigned char)(n - 4);
		}
		*len = n;
		return orig;
	}
	if (!strcmp(mode, "huge")) {
		CK_ULONG size = (CK_ULONG)ctl.huge_bytes;
		if (size < n + 6)
			size = n + 6;
		out = calloc(size, 1);
		if (!out) {
			free(orig);
			return NULL;
		}
		out[0] = 0x30; /* one SEQUENCE claiming the whole size, the real certificate inside */
		out[1] = 0x84;
		out[2] = (unsigned char)((size - 6) >> 24);
		out[3] = (unsigned char)((size - 6) >> 16);
		out[4] = (unsigned char)((size - 6) >> 8);
		out[5] = (unsigned char)(size - 6);
		memcpy(out + 6, orig, n);
		free(orig);
		*len = size;
		return out;
	}
	free(orig);
	return NULL;
}

static CK_RV fw_GetAttributeValue(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object, CK_ATTRIBUTE *tmpl, CK_ULONG count)
{
	char mode[32];
	CK_ATTRIBUTE *copy_tmpl;
	CK_ULONG i;
	CK_RV rv = enter("C_GetAttributeValue");

	if (rv)
		return rv;
	if (gone)
		return gone;
	if (!mutation_for(session, object, mode, sizeof mode))
		return real->C_GetAttributeValue(session, object, tmpl, count);

	/* The real module answers everything but CKA_VALUE, which we answer ourselves. */
	copy_tmpl = malloc(sizeof *copy_tmpl * (count ? count : 1));
	if (!copy_tmpl)
		return CKR_HOST_MEMORY;
	memcpy(copy_tmpl, tmpl, sizeof *copy_tmpl * count);
	for (i = 0; i < count; i++)
		if (copy_tmpl[i].type == CKA_VALUE)
			copy_tmpl[i].pValue = NULL;
	rv = real->C_GetAttributeValue(session, object, copy_tmpl, count);
	for (i = 0; i < count; i++) {
		CK_ULONG len = 0;
		unsigned char *value;
		if (tmpl[i].type != CKA_VALUE) {
			tmpl[i].ulValueLen = copy_tmpl[i].ulValueLen;
			continue;
		}
		value = mutated_value(session, object, mode, &len);
		if (!value) {
			tmpl[i].ulValueLen = CK_UNAVAILABLE_INFORMATION;
			continue;
		}
		log_line("fault cert-%s C_GetAttributeValue", mode);
		if (!tmpl[i].pValue) {
			tmpl[i].ulValueLen = len;
		} else if (tmpl[i].ulValueLen >= len) {
			memcpy(tmpl[i].pValue, value, len);
			tmpl[i].ulValueLen = len;
		} else {
			tmpl[i].ulValueLen = CK_UNAVAILABLE_INFORMATION;
			if (rv == CKR_OK)
				rv = CKR_BUFFER_TOO_SMALL;
		}
		free(value);
	}
	free(copy_tmpl);
	return rv;
}

/* ---- entry point ----------------------------------------------------------------------- */

CK_RV C_GetFunctionList(CK_FUNCTION_LIST **list)
{
	CK_RV (*get_list)(CK_FUNCTION_LIST **);
	void *handle;
	CK_RV rv;

	if (!list)
		return CKR_ARGUMENTS_BAD;
	if (!real) {
		read_control();
		handle = dlopen(ctl.real, RTLD_NOW | RTLD_LOCAL);
		if (!handle)
			return CKR_GENERAL_ERROR;
		get_list = (CK_RV(*)(CK_FUNCTION_LIST **))dlsym(handle, "C_GetFunctionList");
		if (!get_list)
			return CKR_GENERAL_ERROR;
		rv = get_list(&real);
		if (rv != CKR_OK)
			return rv;
		ours = *real;
		ours.C_GetFunctionList = C_GetFunctionList;
		ours.C_Initialize = fw_Initialize;
		ours.C_Finalize = fw_Finalize;
		ours.C_GetInfo = fw_GetInfo;
		ours.C_GetSlotList = fw_GetSlotList;
		ours.C_GetSlotInfo = fw_GetSlotInfo;
		ours.C_GetTokenInfo = fw_GetTokenInfo;
		ours.C_OpenSession = fw_OpenSession;
		ours.C_CloseSession = fw_CloseSession;
		ours.C_GetSessionInfo = fw_GetSessionInfo;
		ours.C_Login = fw_Login;
		ours.C_Logout = fw_Logout;
		ours.C_FindObjectsInit = fw_FindObjectsInit;
		ours.C_FindObjects = fw_FindObjects;
		ours.C_FindObjectsFinal = fw_FindObjectsFinal;
		ours.C_GetAttributeValue = fw_GetAttributeValue;
	}
	*list = &ours;
	return CKR_OK;
}
