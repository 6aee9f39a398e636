/* Which processes are inside a namespace set: every process that shares at
 * least one of the set's namespaces, found by comparing the inodes of
 * /proc/PID/ns/TYPE with the set's. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "nsstore.h"

struct ns_proc {
        pid_t pid;      /* as the daemon sees it */
        uid_t uid;
        bool holder;    /* the set's own init */
        char *command;  /* cmdline with spaces, or [comm] for kernel-ish ones */
};

int ns_procs_find(const struct ns_set *set, struct ns_proc **ret, size_t *ret_n);
void ns_procs_free(struct ns_proc *procs, size_t n);

/* End every process of the set but the holder: SIGTERM, then SIGKILL for
 * those still there after GRACE_MS.  Signals go through pidfds, so a PID
 * reused meanwhile is never hit.  Returns 0 once none is left. */
int ns_procs_terminate(const struct ns_set *set, int grace_ms);
