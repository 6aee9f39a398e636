/* Moving this process into the namespaces of a set, in the order
 * DESIGN.md gives: open and check every namespace file first, become
 * non-dumpable, then join the non-user namespaces and the user namespace
 * (the user namespace first when we are not root and gain privilege only
 * through it, as nsenter does).  Joining pid and time namespaces takes
 * effect for children: the caller must fork afterwards. */
#pragma once

#include <stdbool.h>

#include "nsset.h"

struct enter_fds {
        int fd[NS_TYPE_MAX]; /* -1 where not opened */
};

/* Open the namespaces TYPES (a subset of SET's) read-only and check that
 * each is the one nsctld reported: a bind mount that went missing leaves a
 * plain file there.  Failures are reported on stderr; returns 0 or a
 * negative errno, with nothing left open on failure. */
int enter_open(const struct nsset *set, unsigned types, struct enter_fds *ret);

/* Join the namespaces opened in FDS, closing each fd once used.  With
 * NETNS_VIEW, also set up the `ip netns exec` view (netns-view.h) once the
 * network namespace is joined.  The process is changed for good and must be
 * single-threaded.  Failures are reported on stderr; returns 0 or a
 * negative errno. */
int enter_join(const struct nsset *set, struct enter_fds *fds, bool netns_view);

/* Close what is still open.  Accepts a partly used set of fds. */
void enter_close(struct enter_fds *fds);
