/* Logging: to the journal when stderr is connected to it (the daemon runs
 * under systemd), to stderr otherwise.  Library-like modules do not log; the
 * edges (main, handlers, reconcile) do. */
#pragma once

#include <stdbool.h>
#include <syslog.h>
#include <sys/types.h>

void log_open(int max_level);
int log_level_from_string(const char *s);
int log_get_max_level(void);

void log_full(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Logs with strerror(-r) appended and returns R, so that error paths can
 * `return log_error_errno(r, "...")`. */
int log_full_errno(int level, int r, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A change made on a client's behalf, with structured fields so that
 * `journalctl NSCTL_NAMESPACE=lab1` shows a namespace's history. */
void log_change(const char *method, const char *ns_name, uid_t peer_uid, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* The same for a topology: NSCTL_TOPOLOGY=NAME. */
void log_change_topology(const char *method, const char *topology, uid_t peer_uid, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* A call refused by authorization: who asked (uid, and pid for the
 * record), for what, and the rule that refused it.  SUBJECT (the set or
 * topology) may be NULL. */
void log_denied(const char *method, const char *subject, uid_t peer_uid, pid_t peer_pid, const char *reason);

#define log_error(...)   log_full(LOG_ERR, __VA_ARGS__)
#define log_warning(...) log_full(LOG_WARNING, __VA_ARGS__)
#define log_notice(...)  log_full(LOG_NOTICE, __VA_ARGS__)
#define log_info(...)    log_full(LOG_INFO, __VA_ARGS__)
#define log_debug(...)   log_full(LOG_DEBUG, __VA_ARGS__)
#define log_error_errno(r, ...)   log_full_errno(LOG_ERR, r, __VA_ARGS__)
#define log_warning_errno(r, ...) log_full_errno(LOG_WARNING, r, __VA_ARGS__)
