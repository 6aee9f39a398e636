/* Moving this process into a network namespace the way `ip netns exec`
 * does, so what runs there sees the namespace's /sys and /etc/netns files. */
#pragma once

#include <stdint.h>

/* Enter the network namespace kept at PATH for the set NAME.  INODE is the
 * namespace's inode as nsctld reported it (0: do not check).  The process
 * gets a private mount namespace with the namespace's /sys and NAME's
 * /etc/netns files; it is changed for good, and must be single-threaded.
 * Failures are reported on stderr; returns 0 or a negative errno. */
int enter_netns(const char *name, const char *path, uint64_t inode);
