/* Validation of the names clients give us.  Every name is checked here, in
 * one place, before anything is made from it. */
#pragma once

#include <stddef.h>

/* Longest namespace-set name, in bytes. */
#define NSCTL_NAME_MAX 64
/* Kernel interface names: IFNAMSIZ (16) less the terminating NUL. */
#define NSCTL_IFNAME_MAX 15

/* A namespace-set name: [A-Za-z0-9][A-Za-z0-9_.-]*, 1..NSCTL_NAME_MAX bytes.
 * LEN is the length the sender gave (so an embedded NUL is caught).
 * Returns 0, or -EINVAL with *ret_reason set to a static explanation. */
int nsctl_name_check(const char *name, size_t len, const char **ret_reason);

/* An interface name: same alphabet, at most NSCTL_IFNAME_MAX bytes. */
int nsctl_ifname_check(const char *name, size_t len, const char **ret_reason);
