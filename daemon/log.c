#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <systemd/sd-journal.h>
#include <unistd.h>

static int max_level = LOG_INFO;
static bool to_journal;

/* systemd sets JOURNAL_STREAM to the device:inode of the stream it connected
 * stderr to; if stderr is still that stream, the journal is listening. */
static bool stderr_is_journal(void) {
        const char *e = getenv("JOURNAL_STREAM");
        unsigned long long dev, ino;
        struct stat st;

        if (!e || sscanf(e, "%llu:%llu", &dev, &ino) != 2)
                return false;
        if (fstat(STDERR_FILENO, &st) < 0)
                return false;
        return st.st_dev == dev && st.st_ino == ino;
}

void log_open(int level) {
        max_level = level;
        to_journal = stderr_is_journal();
}

int log_get_max_level(void) {
        return max_level;
}

int log_level_from_string(const char *s) {
        static const char *const names[] = {
                [LOG_EMERG] = "emerg", [LOG_ALERT] = "alert",   [LOG_CRIT] = "crit", [LOG_ERR] = "err",
                [LOG_WARNING] = "warning", [LOG_NOTICE] = "notice", [LOG_INFO] = "info", [LOG_DEBUG] = "debug",
        };
        for (int i = 0; i <= LOG_DEBUG; i++)
                if (strcmp(s, names[i]) == 0)
                        return i;
        if (strcmp(s, "error") == 0)
                return LOG_ERR;
        return -EINVAL;
}

static void emit(int level, const char *msg) {
        if (to_journal)
                sd_journal_send("MESSAGE=%s", msg, "PRIORITY=%i", level, NULL);
        else
                fprintf(stderr, "nsctld: %s\n", msg);
}

void log_full(int level, const char *fmt, ...) {
        char buf[1024];
        va_list ap;

        if (level > max_level)
                return;
        va_start(ap, fmt);
        vsnprintf(buf, sizeof(buf), fmt, ap);
        va_end(ap);
        emit(level, buf);
}

int log_full_errno(int level, int r, const char *fmt, ...) {
        char buf[1024];
        va_list ap;

        if (level > max_level)
                return r;
        va_start(ap, fmt);
        int n = vsnprintf(buf, sizeof(buf), fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < sizeof(buf))
                snprintf(buf + n, sizeof(buf) - n, ": %s", strerror(r < 0 ? -r : r));
        emit(level, buf);
        return r;
}

/* A change, with FIELD=VALUE (NSCTL_NAMESPACE or NSCTL_TOPOLOGY) in the
 * journal so that `journalctl FIELD=VALUE` shows its history. */
__attribute__((format(printf, 5, 0))) static void change(const char *field, const char *value, const char *method, uid_t peer_uid, const char *fmt,
                   va_list ap) {
        char buf[1024];

        if (LOG_NOTICE > max_level)
                return;
        vsnprintf(buf, sizeof(buf), fmt, ap);
        if (to_journal)
                sd_journal_send("MESSAGE=%s", buf, "PRIORITY=%i", LOG_NOTICE, "NSCTL_METHOD=%s", method,
                                "%s=%s", field, value ? value : "", "NSCTL_PEER_UID=%u", (unsigned)peer_uid,
                                NULL);
        else if (strcmp(field, "NSCTL_TOPOLOGY") == 0)
                fprintf(stderr, "nsctld: %s (method=%s topology=%s uid=%u)\n", buf, method, value ? value : "",
                        (unsigned)peer_uid);
        else
                fprintf(stderr, "nsctld: %s (method=%s uid=%u)\n", buf, method, (unsigned)peer_uid);
}

void log_change(const char *method, const char *ns_name, uid_t peer_uid, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        change("NSCTL_NAMESPACE", ns_name, method, peer_uid, fmt, ap);
        va_end(ap);
}

void log_change_topology(const char *method, const char *topology, uid_t peer_uid, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        change("NSCTL_TOPOLOGY", topology, method, peer_uid, fmt, ap);
        va_end(ap);
}

void log_denied(const char *method, const char *subject, uid_t peer_uid, pid_t peer_pid, const char *reason) {
        if (LOG_NOTICE > max_level)
                return;
        if (to_journal)
                sd_journal_send("MESSAGE=Denied %s%s%s to uid %u (pid %d): %s", method, subject ? " on " : "",
                                subject ? subject : "", (unsigned)peer_uid, (int)peer_pid, reason,
                                "PRIORITY=%i", LOG_NOTICE, "NSCTL_METHOD=%s", method, "NSCTL_PEER_UID=%u",
                                (unsigned)peer_uid, "NSCTL_DENIED=%s", reason, NULL);
        else
                fprintf(stderr, "nsctld: Denied %s%s%s to uid %u (pid %d): %s\n", method, subject ? " on " : "",
                        subject ? subject : "", (unsigned)peer_uid, (int)peer_pid, reason);
}
