/* What `ip netns exec` adds to joining a network namespace, for sets that
 * have no mount namespace of their own: a private mount namespace in which
 * /sys shows the namespace's devices and the files of /etc/netns/NAME are
 * bound over their /etc counterparts. */
#pragma once

/* Give this process that view for the set NAME, whose network namespace it
 * has joined.  Failures are reported on stderr; returns 0 or a negative
 * errno. */
int netns_view_setup(const char *name);
