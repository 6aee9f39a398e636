/* The multi-user policy, from /etc/nsctl/nsctld.conf: which group may use
 * nsctl beyond reading, and per-user and per-group limits.  Knows nothing
 * of the protocol and does not log; authz.c applies it, main.c reads it at
 * start and on SIGHUP.
 *
 * The file (see nsctld(8)):
 *
 *   # a comment: from # or ; at the start of a line or after a blank
 *   [access]
 *   group = nsctl          members may make sets and topologies of their own
 *
 *   [defaults]             every user but root
 *   max-sets = 16          sets a user may own at once ("unlimited": no limit)
 *   max-links = 64         veth interfaces in a user's sets, in all
 *   host-objects = no      links, bridges, routes, NAT in the host's network namespace
 *
 *   [group staff]          members of staff: the most generous of a user's groups wins
 *   [user alice]           alice alone: wins over her groups and the defaults
 *
 * Names of users and groups are looked up when the file is read. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "caller.h"

#define POLICY_DEFAULT_PATH  "/etc/nsctl/nsctld.conf"
#define POLICY_DEFAULT_GROUP "nsctl"
/* A larger file is refused rather than read. */
#define POLICY_MAX_FILE_SIZE (1u << 20)

enum policy_limit {
        POLICY_MAX_SETS,
        POLICY_MAX_LINKS,
        POLICY_N_LIMITS,
};

/* A limit's value: a count, or no limit. */
#define POLICY_UNLIMITED (-1LL)
/* In a section: the setting is not given there. */
#define POLICY_UNSET (-2LL)

struct policy_settings {
        long long limit[POLICY_N_LIMITS]; /* a count, POLICY_UNLIMITED or POLICY_UNSET */
        int host_objects;                 /* 1 yes, 0 no, -1 not given */
};

enum policy_section_kind {
        POLICY_USER,
        POLICY_GROUP,
};

struct policy_section {
        enum policy_section_kind kind;
        char *name;    /* as written: a name or a number */
        unsigned line;
        bool resolved; /* NAME is a user (group) of the database, or a number */
        unsigned id;   /* its uid (gid) when resolved */
        struct policy_settings s;
};

struct policy {
        char *path;       /* the file it was read from; NULL: none, the built-in defaults */
        char *group_name; /* [access] group */
        gid_t group;
        bool group_found;
        struct policy_settings defaults;
        struct policy_section *sections;
        size_t n_sections;
};

/* The built-in policy: group nsctl, no limits, the host root's alone. */
int policy_new_default(struct policy **ret);

/* Read the file at PATH.  A file that does not exist gives the built-in
 * policy (with ->path NULL).  Returns 0, -ENOMEM, or another negative
 * errno with ERR saying what is wrong, e.g. "line 7: unknown setting
 * 'max-set'" (a file that is not root's, or that others may write, is
 * refused too). */
int policy_load(const char *path, struct policy **ret, char *err, size_t err_size);

/* The same for the file's TEXT (changed in place), read from PATH. */
int policy_parse(char *text, const char *path, struct policy **ret, char *err, size_t err_size);

void policy_free(struct policy *p); /* NULL is fine */

/* The name of a limit as the file spells it: "max-sets", "max-links". */
const char *policy_limit_name(enum policy_limit which);

/* The value of a setting for C (not root: root has no limits), and in
 * RULE where it comes from: "user alice", "group staff", "defaults" or
 * "built-in default". */
long long policy_get_limit(const struct policy *p, const struct caller *c, enum policy_limit which, char *rule,
                           size_t rule_size);
bool policy_get_host_objects(const struct policy *p, const struct caller *c, char *rule, size_t rule_size);
