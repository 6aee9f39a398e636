/* Authorization: who may call which method on which sets and topologies,
 * decided in this one place from the caller's credentials (SO_PEERCRED and
 * SO_PEERGROUPS, never a pid), the policy and the owners recorded with the
 * sets and topologies.
 *
 * Root may do everything.  Anyone who can reach the socket may call the
 * methods that only read and show each caller what it may see (List,
 * GetStatus, ...).  Members of the policy's group may make sets and
 * topologies and change, enter and delete their own; nobody else may
 * change anything. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "caller.h"

struct request;
struct method;
struct ns_set;

/* Called by dispatch_call() for every call, after its parameters were
 * checked against the method's table and before the handler runs on the
 * same parsed call.  Returns 0 if the caller may go on; otherwise replies
 * with a named PermissionDenied error whose reason says which rule denied,
 * logs the refusal and returns -EPERM. */
int authz_check(struct request *req, const struct method *m);

static inline bool authz_is_root(const struct caller *c) {
        return c->uid == 0;
}

/* Whether C sees SET in full and may look into it (Show, Processes): its
 * owner and root.  Others see its name and owner only. */
bool authz_may_read_set(const struct caller *c, const struct ns_set *set);
/* The same for a topology owned by OWNER. */
bool authz_may_read_topology(const struct caller *c, uid_t owner);

/* The user name of UID, or NULL if the user database has none.  The
 * string is valid until the next call. */
const char *authz_user_name(uid_t uid);
/* Forget the user names looked up so far (the database may have changed:
 * the policy is being read again). */
void authz_forget_names(void);
