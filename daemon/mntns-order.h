#pragma once
/* Mount-namespace ids and the kernel's loop check on binding them. */

#include <stdint.h>

/* The id of the calling process's mount namespace (Linux 6.8+); -ENOTTY
 * before that. */
int mntns_current_id(uint64_t *id);

/* Called right after unshare(CLONE_NEWNS): make sure the caller's new mount
 * namespace has an id larger than DAEMON_ID, unsharing again (on each
 * allowed CPU in turn) when it has not, so the daemon may bind-mount it.
 * Returns 0, or -ELOOP when no CPU gave a large enough id. */
int mntns_make_younger_than(uint64_t daemon_id);
