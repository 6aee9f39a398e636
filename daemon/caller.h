/* Who is calling: the credentials of a connection's peer, taken by the
 * kernel when it connected (SO_PEERCRED and SO_PEERGROUPS) and kept with
 * the connection.  Authorization uses the ids only; the pid is for the
 * log, never for a decision. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct caller {
        pid_t pid;
        uid_t uid;
        gid_t gid;
        gid_t *groups; /* supplementary groups, N_GROUPS of them */
        size_t n_groups;
};

/* Whether C has GID as its primary or a supplementary group. */
static inline bool caller_in_group(const struct caller *c, gid_t gid) {
        if (c->gid == gid)
                return true;
        for (size_t i = 0; i < c->n_groups; i++)
                if (c->groups[i] == gid)
                        return true;
        return false;
}
