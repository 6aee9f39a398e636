/* Who a command runs as inside a set: the user named with -u, resolved
 * on the host before entering (the set's mount namespace may have another
 * /etc/passwd, or none), and the credential change in the child. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct creds {
        uid_t uid;
        gid_t gid;
        gid_t *groups; /* supplementary groups, the primary one included */
        size_t n_groups;
        char *name;    /* NULL for a number without a passwd entry */
        char *home;    /* from the passwd entry, or NULL */
        char *shell;   /* from the passwd entry, or NULL */
};

/* Resolve USER: a user name, else a number (uid).  A number without a
 * passwd entry gets the same number as gid and no other groups.  Returns
 * 0, -ESRCH (no such user), -ENOMEM or another negative errno. */
int creds_resolve(const char *user, struct creds *ret);

/* The caller's own passwd entry (for the login shell); -ESRCH if none. */
int creds_self(struct creds *ret);

/* In the child, after entering: take C's uid, gid and groups, or with C
 * NULL become root of the user namespace if IN_USERNS and it maps root
 * (and stay as we are otherwise).  Reports failures on stderr; returns 0 or a negative errno. */
int creds_apply(const struct creds *c, bool in_userns);

/* Accepts a zeroed struct. */
void creds_done(struct creds *c);

/* For display: the user name of UID, else the number, written into BUF. */
const char *creds_user_name(long long uid, char *buf, size_t len);
