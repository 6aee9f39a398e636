/* What a user has now, for the policy's limits: the sets it owns and the
 * veth interfaces in them.  Counted from the store and the kernel each
 * time, so nothing can drift: a link that goes with its set, or that root
 * removes, is no longer counted. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct nsstore;

struct usage {
        size_t sets;
        size_t links; /* veth interfaces in the user's sets; a link between two of them counts twice */
};

/* With LINKS, also count the veth interfaces, with a netlink dump in each
 * of the user's sets that has a network namespace.  Returns 0 or a
 * negative errno. */
int usage_get(struct nsstore *st, uid_t uid, bool links, struct usage *ret);
