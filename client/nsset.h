/* A NamespaceSet from a Show reply, decoded and checked once, for the
 * commands that act on the namespaces themselves (exec, shell).  The
 * strings point into the reply and live as long as it. */
#pragma once

#include <stdint.h>

#include <json-c/json.h>

#include "ns-types.h"

struct nsset {
        const char *name;
        const char *broken_reason; /* NULL unless the state is "broken" */
        unsigned types;            /* NS_TYPE_BIT()s of the set's namespaces */
        const char *path[NS_TYPE_MAX];
        uint64_t inode[NS_TYPE_MAX];
};

/* Decode SET.  Returns 0, or -EBADMSG with *RET_REASON saying what is
 * wrong: a set we would enter must name an absolute path and an inode for
 * every namespace, or the namespace could not be checked. */
int nsset_from_json(json_object *set, struct nsset *ret, const char **ret_reason);
