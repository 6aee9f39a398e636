/* What a namespace set is created with, beyond its types: the options of
 * `nsctl create`, checked once here and recorded with the set. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <json-c/json.h>

/* The kernel accepts at most 340 lines in uid_map and gid_map. */
#define NS_IDMAP_MAX 340
/* HOST_NAME_MAX */
#define NS_HOSTNAME_MAX 64

struct ns_idmap {
        uint32_t inside, outside, count;
};

struct ns_options {
        unsigned types;                 /* NS_TYPE_BIT()s */
        char hostname[NS_HOSTNAME_MAX + 1]; /* uts; empty: keep the host's */
        bool map_root_user;             /* user: the caller's uid and gid become 0 inside */
        struct ns_idmap *uid_map, *gid_map;
        size_t n_uid_map, n_gid_map;
        int64_t monotonic_offset;       /* time: seconds */
        int64_t boottime_offset;
};

void ns_options_done(struct ns_options *o);

/* Check options for consistency: an option needs its type (--hostname
 * needs uts, maps need user, offsets need time), maps are non-empty,
 * in range and without overlaps.  Returns 0, or -EINVAL with *ret_field
 * naming the offending option and *ret_reason saying why. */
int ns_options_check(const struct ns_options *o, const char **ret_field, const char **ret_reason);

/* The uid_map/gid_map text for the kernel, with --map-root-user resolved
 * for the caller's credentials.  NULL if there is no map to write. */
char *ns_options_uid_map_text(const struct ns_options *o, uid_t caller_uid);
char *ns_options_gid_map_text(const struct ns_options *o, gid_t caller_gid);

/* To and from JSON, as the protocol and the set's record file carry them:
 * {"hostname": "...", "mapRootUser": true, "uidMap": [{"inside": 0,
 * "outside": 100000, "count": 65536}], "gidMap": [...],
 * "monotonicOffset": 0, "boottimeOffset": 0}.  Types are not included. */
json_object *ns_options_to_json(const struct ns_options *o);
/* Reads the members it knows from OBJ (types not included); returns
 * -EINVAL with *ret_field set when one has the wrong type or range. */
int ns_options_from_json(json_object *obj, struct ns_options *o, const char **ret_field);
