/* The namespace store: named namespace sets, each kept alive by bind mounts
 * of its /proc/PID/ns/TYPE files under the runtime directory.  This module
 * knows nothing of sockets or JSON, so tests can drive it directly. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "names.h"
#include "ns-types.h"
#include "runtime.h"

struct ns_set {
        char name[NSCTL_NAME_MAX + 1];
        unsigned types;                          /* NS_TYPE_BIT()s */
        unsigned long long inode[NS_TYPE_MAX];   /* of each kept namespace */
        struct timespec created;                 /* CLOCK_REALTIME */
        bool broken;                             /* a bind mount has gone */
};

struct nsstore {
        struct runtime *rt;
        void *tree;        /* tsearch tree of struct ns_set *, by name */
        size_t count;
        int host_netns_fd; /* the daemon's own network namespace, to return to */
};

/* Types this build can create. */
#define NSSTORE_SUPPORTED_TYPES NS_TYPE_BIT(NS_TYPE_NET)

int nsstore_init(struct nsstore *st, struct runtime *rt);
void nsstore_done(struct nsstore *st);

/* Look at what a previous daemon left in the runtime directory: adopt every
 * set whose namespaces are all still kept, and remove what a crash left half
 * made.  Each decision is logged. */
int nsstore_reconcile(struct nsstore *st);

/* NAME must already be valid (nsctl_name_check).  Errors: -EEXIST (a set, or
 * a netns of that name in the netns dir), -EOPNOTSUPP (a type this build
 * cannot make), or the failing system call's; nothing is left behind. */
int nsstore_create(struct nsstore *st, const char *name, unsigned types, struct ns_set **ret);

/* -ENOENT if there is no such set. */
int nsstore_delete(struct nsstore *st, const char *name);

struct ns_set *nsstore_find(struct nsstore *st, const char *name);

/* Re-check that the set's bind mounts are still there; updates ->broken. */
void nsstore_check(struct nsstore *st, struct ns_set *set);

/* All sets sorted by name, in a malloc'd array of *RET_N pointers the caller
 * frees (the sets themselves stay owned by the store). */
int nsstore_list(struct nsstore *st, struct ns_set ***ret, size_t *ret_n);
