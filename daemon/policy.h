/* The multi-user policy: which group may use nsctl beyond reading.  Knows
 * nothing of the protocol; authz.c applies it. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#define POLICY_DEFAULT_GROUP "nsctl"

struct policy {
        char *group_name; /* members may make and use sets and topologies of their own */
        gid_t group;      /* GROUP_NAME resolved when the policy was made */
        bool group_found;
};

/* The policy with every setting at its default.  Returns 0 or -ENOMEM. */
int policy_new_default(struct policy **ret);
void policy_free(struct policy *p); /* NULL is fine */
