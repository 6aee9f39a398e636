#include "policy.h"

#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>

/* Names are resolved once, when the policy is made, so that no decision
 * waits for the group database. */
static void resolve_group(struct policy *p) {
        struct group *g;

        errno = 0;
        g = getgrnam(p->group_name);
        p->group_found = g != NULL;
        p->group = g ? g->gr_gid : (gid_t)-1;
}

int policy_new_default(struct policy **ret) {
        struct policy *p = calloc(1, sizeof(*p));

        if (!p || !(p->group_name = strdup(POLICY_DEFAULT_GROUP))) {
                free(p);
                return -ENOMEM;
        }
        resolve_group(p);
        *ret = p;
        return 0;
}

void policy_free(struct policy *p) {
        if (!p)
                return;
        free(p->group_name);
        free(p);
}
