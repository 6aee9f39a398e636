/* Making the namespaces of a set in a child process.
 *
 * A net-only set is made in the daemon itself (see nsstore.c); every other
 * set needs a process: a user namespace cannot be left again once entered,
 * a mount namespace can only be bind-mounted from outside it, and a PID
 * namespace exists only while its PID 1 lives.  So the daemon forks a child
 * that unshares everything the set asks for (the user namespace first, so
 * that it owns the others), and for a PID namespace forks once more: that
 * grandchild is the set's init, the "holder".  The daemon bind-mounts the
 * namespaces from /proc/CHILD/ns/ and then commits; until the commit, the
 * daemon dying (or aborting) makes the child and the holder exit, so a
 * crash never leaves an orphaned holder behind. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#include "ns-options.h"
#include "ns-types.h"

struct ns_spawn {
        pid_t child;   /* the process that made the namespaces */
        pid_t holder;  /* PID 1 of the new PID namespace, or 0 */
        int to_child;  /* our end of the command pipe */
        int from_child;
};

/* Fork the child and wait (bounded) until the namespaces exist.  UID and
 * GID are the caller's, for mapRootUser.  On failure nothing is left. */
int ns_spawn_start(const struct ns_options *o, uid_t uid, gid_t gid, struct ns_spawn *ret);

/* The /proc file that is the new namespace of type T. */
void ns_spawn_source(const struct ns_spawn *s, enum ns_type t, char *buf, size_t len);

/* Let the holder stay and the child exit; reaps the child. */
int ns_spawn_commit(struct ns_spawn *s);

/* Kill the child (and so the holder); reaps the child. */
void ns_spawn_abort(struct ns_spawn *s);
