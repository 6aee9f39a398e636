/* The eight namespace types, by name, as the protocol and /proc name them. */
#pragma once

#include <stdbool.h>

enum ns_type {
        NS_TYPE_NET,
        NS_TYPE_UTS,
        NS_TYPE_IPC,
        NS_TYPE_MNT,
        NS_TYPE_PID,
        NS_TYPE_USER,
        NS_TYPE_CGROUP,
        NS_TYPE_TIME,
        NS_TYPE_MAX,
};

#define NS_TYPE_BIT(t) (1u << (t))
#define NS_TYPES_ALL   ((1u << NS_TYPE_MAX) - 1)

/* "net", "uts", ... ; NULL for an out-of-range type. */
const char *ns_type_name(enum ns_type t);
/* The type named NAME, or -EINVAL. */
int ns_type_from_name(const char *name);
/* The CLONE_NEW* flag for the type. */
int ns_type_clone_flag(enum ns_type t);
