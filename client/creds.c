#include "creds.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "parse.h"

/* getgrouplist() says how many there are when the buffer is too small;
 * loop, as the group database may change between calls. */
static int get_groups(const char *name, gid_t gid, gid_t **ret, size_t *ret_n) {
        int n = 16;

        for (;;) {
                gid_t *groups = calloc((size_t)n, sizeof(gid_t));
                int want = n;

                if (!groups)
                        return -ENOMEM;
                if (getgrouplist(name, gid, groups, &want) >= 0) {
                        *ret = groups;
                        *ret_n = (size_t)want;
                        return 0;
                }
                free(groups);
                if (want <= n) {
                        if (n >= 65536)
                                return -E2BIG;
                        want = n * 2;
                }
                n = want;
        }
}

static int from_passwd(const struct passwd *pw, struct creds *ret) {
        struct creds c = { .uid = pw->pw_uid, .gid = pw->pw_gid };
        int r;

        c.name = strdup(pw->pw_name);
        c.home = pw->pw_dir && *pw->pw_dir ? strdup(pw->pw_dir) : NULL;
        c.shell = pw->pw_shell && *pw->pw_shell ? strdup(pw->pw_shell) : NULL;
        if (!c.name || (pw->pw_dir && *pw->pw_dir && !c.home) || (pw->pw_shell && *pw->pw_shell && !c.shell)) {
                creds_done(&c);
                return -ENOMEM;
        }
        r = get_groups(c.name, c.gid, &c.groups, &c.n_groups);
        if (r < 0) {
                creds_done(&c);
                return r;
        }
        *ret = c;
        return 0;
}

int creds_resolve(const char *user, struct creds *ret) {
        struct passwd *pw;
        uint64_t uid;

        memset(ret, 0, sizeof(*ret));
        errno = 0;
        pw = getpwnam(user);
        if (pw)
                return from_passwd(pw, ret);
        if (errno == ENOMEM)
                return -ENOMEM;
        /* (uid_t)-1 means "unchanged" to setresuid(): not a user. */
        if (parse_uint(user, UINT32_MAX - 1, &uid) < 0)
                return -ESRCH;
        errno = 0;
        pw = getpwuid((uid_t)uid);
        if (pw)
                return from_passwd(pw, ret);
        ret->uid = (uid_t)uid;
        ret->gid = (gid_t)uid;
        return 0;
}

int creds_self(struct creds *ret) {
        struct passwd *pw;

        memset(ret, 0, sizeof(*ret));
        errno = 0;
        pw = getpwuid(getuid());
        if (!pw)
                return errno == ENOMEM ? -ENOMEM : -ESRCH;
        return from_passwd(pw, ret);
}

int creds_apply(const struct creds *c, bool in_userns) {
        uid_t uid = c ? c->uid : 0;
        gid_t gid = c ? c->gid : 0;
        int r;

        if (!c && !in_userns)
                return 0;
        /* Groups first, while we still may: after setresuid we could not. */
        if (setgroups(c ? c->n_groups : 0, c ? c->groups : NULL) < 0) {
                r = -errno;
                /* A user namespace whose gid_map was written without
                 * privilege forbids setgroups; becoming its root keeps the
                 * groups we came with, which gives nothing new.  A named
                 * user must not get our groups, so that is an error. */
                if (c || r != -EPERM) {
                        if (r == -EINVAL)
                                log_error("cannot set the supplementary groups: one of them is not mapped in the "
                                          "user namespace");
                        else
                                log_error("cannot set the supplementary groups: %s", strerror(-r));
                        return r;
                }
        }
        if (setresgid(gid, gid, gid) < 0) {
                r = -errno;
                /* A user namespace that maps no root (or no ids at all):
                 * there is no root to become, so stay who we are, which
                 * shows inside as the overflow id (nobody), as after
                 * `unshare --user`.  A named user must exist inside. */
                if (r == -EINVAL && !c)
                        return 0;
                if (r == -EINVAL)
                        log_error("cannot become gid %ju: it is not mapped in the user namespace", (uintmax_t)gid);
                else
                        log_error("cannot become gid %ju: %s", (uintmax_t)gid, strerror(-r));
                return r;
        }
        if (setresuid(uid, uid, uid) < 0) {
                r = -errno;
                if (r == -EINVAL && !c)
                        return 0;
                if (r == -EINVAL)
                        log_error("cannot become uid %ju: it is not mapped in the user namespace", (uintmax_t)uid);
                else
                        log_error("cannot become uid %ju: %s", (uintmax_t)uid, strerror(-r));
                return r;
        }
        return 0;
}

void creds_done(struct creds *c) {
        free(c->groups);
        free(c->name);
        free(c->home);
        free(c->shell);
        memset(c, 0, sizeof(*c));
}

const char *creds_user_name(long long uid, char *buf, size_t len) {
        struct passwd *pw = uid >= 0 && uid < UINT32_MAX ? getpwuid((uid_t)uid) : NULL;

        if (pw)
                return pw->pw_name;
        snprintf(buf, len, "%lld", uid);
        return buf;
}
