/* Which processes are inside a namespace set: every process that shares at
 * least one of the set's namespaces, found by comparing the inodes of
 * /proc/PID/ns/TYPE with the set's. */
#pragma once

#include <stdbool.h>
#include <poll.h>
#include <stddef.h>
#include <sys/types.h>

#include "ns-types.h"
#include "nsstore.h"

struct ns_proc {
        pid_t pid;      /* as the daemon sees it */
        uid_t uid;
        bool holder;    /* the set's own init */
        char *command;  /* cmdline with spaces, or [comm] for kernel-ish ones */
};

/* The processes inside SET (its holder among them, flagged). */
int ns_procs_find(const struct ns_set *set, struct ns_proc **ret, size_t *ret_n);
void ns_procs_free(struct ns_proc *procs, size_t n);

/* While ON, ns_procs_find calls share one walk over the tasks: the first
 * walks, the next read what it found (walking again only for namespace
 * types it did not read).  For the Delete calls of a client that sent many
 * at once: their busy checks cost one walk, not one each.  A process that
 * enters or leaves a set meanwhile is seen as late as the first call, not
 * the call itself.  Off forgets the walk; signalling (ns_procs_signal,
 * ns_procs_terminate) always walks afresh. */
void ns_procs_share_walks(bool on);

/* End every process of the set but the holder: SIGTERM, then SIGKILL for
 * those still there after GRACE_MS.  Signals go through pidfds, so a PID
 * reused meanwhile is never hit.  Returns 0 once none is left. */
int ns_procs_terminate(const struct ns_set *set, int grace_ms);

/* The namespaces of a group of sets (per type, their inode numbers,
 * sorted) and the sets' holders: what is looked for in one pass over /proc
 * when many sets go at once.  A copy: it outlives the sets. */
struct ns_match {
        unsigned types;
        unsigned long long *inode[NS_TYPE_MAX];
        size_t n[NS_TYPE_MAX];
        pid_t *holder;
        size_t nholder;
};
int ns_match_init(struct ns_match *m, const struct ns_set *const *sets, size_t n);
void ns_match_done(struct ns_match *m);

/* ns_procs_terminate for every process inside any of M's namespaces. */
int ns_procs_terminate_match(const struct ns_match *m, int grace_ms);

/* The steps of that, for a caller that waits in its event loop: send SIG
 * to every process inside M's namespaces but the holders, appending their
 * pidfds (readable once a process has exited) to *FDS (*N of them; the
 * array is realloc'd); how many of FDS are still running; and closing and
 * freeing them. */
int ns_procs_signal(const struct ns_match *m, int sig, struct pollfd **fds, size_t *n);
size_t ns_procs_running(const struct pollfd *fds, size_t n);
void ns_procs_close(struct pollfd *fds, size_t n);
