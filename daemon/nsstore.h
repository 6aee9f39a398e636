/* The namespace store: named namespace sets, each kept alive by bind mounts
 * of its /proc/PID/ns/TYPE files under the runtime directory, and for a set
 * with a PID namespace by its init process (the holder).  This module knows
 * nothing of sockets or the protocol, so tests can drive it directly. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "names.h"
#include "ns-options.h"
#include "ns-types.h"
#include "runtime.h"

struct ns_set {
        char name[NSCTL_NAME_MAX + 1];
        unsigned types;                          /* NS_TYPE_BIT()s */
        unsigned long long inode[NS_TYPE_MAX];   /* of each kept namespace */
        struct timespec created;                 /* CLOCK_REALTIME */
        struct ns_options opts;                  /* what it was created with */
        uid_t owner_uid;                         /* who created it */
        gid_t owner_gid;
        bool persistent;                         /* recreated after a reboot */
        pid_t holder;                            /* init of the PID namespace, or 0 */
        int holder_pidfd;                        /* -1 without a holder */
        void *watch;                             /* the daemon's watch on holder_pidfd */
        const char *broken;                      /* why the set is unusable, or NULL */
        bool deleting;                           /* a forced delete waits for its processes */
        /* The set as List shows it, serialized, and the ->broken it was
         * made with: List at 1000 sets must not rebuild 1000 objects. */
        char *json_text;
        size_t json_len;
        const char *json_broken;
};

struct nsstore;

/* The daemon's hooks: called when a set with a holder comes into the store
 * and before it leaves, so the event loop can watch the holder. */
struct nsstore_hooks {
        void (*holder_added)(struct nsstore *st, struct ns_set *set);
        void (*holder_removed)(struct nsstore *st, struct ns_set *set);
        void *userdata;
};

struct nsstore {
        struct runtime *rt;
        void *tree;        /* tsearch tree of struct ns_set *, by name */
        size_t count;
        int host_netns_fd; /* the daemon's own network namespace, to return to */
        int mountinfo_fd;  /* polled: has the mount table changed? */
        bool mounts_seen;  /* the sets were checked against the mount table once */
        struct nsstore_hooks hooks;
};

int nsstore_init(struct nsstore *st, struct runtime *rt, const struct nsstore_hooks *hooks);
void nsstore_done(struct nsstore *st);

/* Look at what a previous daemon left in the runtime directory: adopt every
 * set that is whole (a valid record, every namespace still kept, the holder
 * alive), and remove what a crash left half made, holders included.  Each
 * decision is logged. */
int nsstore_reconcile(struct nsstore *st);

/* NAME must already be valid (nsctl_name_check) and O checked
 * (ns_options_check).  UID and GID are the caller's (for mapRootUser).
 * Errors: -EEXIST (a set, or a netns of that name in the netns dir), or the
 * failing system call's; nothing is left behind. */
enum {
        NSSTORE_PERSIST = 1 << 0, /* record it in the state dir as well */
};
int nsstore_create(struct nsstore *st, const char *name, const struct ns_options *o, uid_t uid, gid_t gid,
                   unsigned flags, struct ns_set **ret);

enum {
        NSSTORE_FORCE = 1 << 0, /* end the processes inside first */
        /* With NSSTORE_FORCE: the caller has ended them already, for many
         * sets at once (ns_procs_terminate_match). */
        NSSTORE_PROCS_ENDED = 1 << 1,
        /* With NSSTORE_FORCE: SIGKILL at once (the caller gave the grace
         * period already, in its event loop: delete-forced.c). */
        NSSTORE_NO_GRACE = 1 << 2,
};
/* How long a forced delete gives the processes inside after SIGTERM. */
#define NSSTORE_FORCE_GRACE_MS 2000
/* Stops the holder, then removes the bind mounts, files and records.
 * -ENOENT if there is no such set; -EBUSY (without NSSTORE_FORCE) if
 * processes other than the holder are inside: then, if RET_PIDS is not
 * NULL, their PIDs are returned there (malloc'd, *RET_NPIDS of them). */
int nsstore_delete(struct nsstore *st, const char *name, unsigned flags, pid_t **ret_pids, size_t *ret_npids);

/* The set NAME, or NULL.  A set that a forced delete is ending
 * (->deleting) counts as gone already: the delete has been accepted and
 * will finish (delete-forced.c), so calls racing it get NotFound and List
 * leaves it out; nsstore_find_any finds it too. */
struct ns_set *nsstore_find(struct nsstore *st, const char *name);
struct ns_set *nsstore_find_any(struct nsstore *st, const char *name);

/* Open namespace T of set NAME where the store keeps it (net in the netns
 * dir, the others in the set's directory), not following symlinks: an fd
 * or a negative errno.  The caller checks the inode. */
int nsstore_open_ns(const struct nsstore *st, const char *name, int t);

/* Re-check that the set's bind mounts and holder are still there; sets or
 * clears ->broken. */
void nsstore_check(struct nsstore *st, struct ns_set *set);

/* Check every set, but only when the mount table changed since the last
 * call (poll(2) on /proc/self/mountinfo): a List at 1000 sets must not
 * look at 1000 bind mounts when nothing moved.  Holders are watched by
 * pidfd events. */
void nsstore_check_all(struct nsstore *st);

/* Called by the daemon when the holder's pidfd says it has exited. */
void nsstore_holder_exited(struct nsstore *st, struct ns_set *set);

/* All sets sorted by name, in a malloc'd array of *RET_N pointers the caller
 * frees (the sets themselves stay owned by the store). */
int nsstore_list(struct nsstore *st, struct ns_set ***ret, size_t *ret_n);
