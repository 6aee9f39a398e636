#include "ns-options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ns-types.h"

void ns_options_done(struct ns_options *o) {
        free(o->uid_map);
        free(o->gid_map);
        o->uid_map = o->gid_map = NULL;
        o->n_uid_map = o->n_gid_map = 0;
}

static bool hostname_ok(const char *h) {
        size_t len = strlen(h);
        if (len == 0 || len > NS_HOSTNAME_MAX || h[0] == '-' || h[0] == '.')
                return false;
        for (const char *p = h; *p; p++)
                if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                      *p == '-' || *p == '.'))
                        return false;
        return true;
}

struct range {
        uint64_t start, count;
};

static int compare_ranges(const void *a, const void *b) {
        const struct range *x = a, *y = b;
        return x->start < y->start ? -1 : x->start > y->start;
}

/* Ranges [start, start+count) must not overlap, on either side. */
static bool ranges_disjoint(const struct ns_idmap *m, size_t n, bool inside) {
        struct range r[NS_IDMAP_MAX];
        for (size_t i = 0; i < n; i++)
                r[i] = (struct range){ inside ? m[i].inside : m[i].outside, m[i].count };
        qsort(r, n, sizeof(r[0]), compare_ranges);
        for (size_t i = 1; i < n; i++)
                if (r[i - 1].start + r[i - 1].count > r[i].start)
                        return false;
        return true;
}

static const char *check_map(const struct ns_idmap *m, size_t n) {
        if (n > NS_IDMAP_MAX)
                return "more than 340 ranges";
        for (size_t i = 0; i < n; i++) {
                if (m[i].count == 0)
                        return "a range has count 0";
                if ((uint64_t)m[i].inside + m[i].count > UINT32_MAX || (uint64_t)m[i].outside + m[i].count > UINT32_MAX)
                        return "a range extends past 4294967295";
        }
        if (!ranges_disjoint(m, n, true) || !ranges_disjoint(m, n, false))
                return "ranges overlap";
        return NULL;
}

int ns_options_check(const struct ns_options *o, const char **ret_field, const char **ret_reason) {
        bool user = o->types & NS_TYPE_BIT(NS_TYPE_USER);
        const char *why;

        if (o->hostname[0]) {
                if (!(o->types & NS_TYPE_BIT(NS_TYPE_UTS))) {
                        *ret_field = "hostname";
                        *ret_reason = "a hostname needs a uts namespace";
                        return -EINVAL;
                }
                if (!hostname_ok(o->hostname)) {
                        *ret_field = "hostname";
                        *ret_reason = "a hostname is 1-64 letters, digits, '-' and '.', not starting with '-' or '.'";
                        return -EINVAL;
                }
        }
        if ((o->map_root_user || o->n_uid_map || o->n_gid_map) && !user) {
                *ret_field = o->map_root_user ? "mapRootUser" : o->n_uid_map ? "uidMap" : "gidMap";
                *ret_reason = "id maps need a user namespace";
                return -EINVAL;
        }
        if (o->map_root_user && (o->n_uid_map || o->n_gid_map)) {
                *ret_field = "mapRootUser";
                *ret_reason = "--map-root-user and explicit id maps exclude each other";
                return -EINVAL;
        }
        if ((why = check_map(o->uid_map, o->n_uid_map))) {
                *ret_field = "uidMap";
                *ret_reason = why;
                return -EINVAL;
        }
        if ((why = check_map(o->gid_map, o->n_gid_map))) {
                *ret_field = "gidMap";
                *ret_reason = why;
                return -EINVAL;
        }
        if ((o->monotonic_offset || o->boottime_offset) && !(o->types & NS_TYPE_BIT(NS_TYPE_TIME))) {
                *ret_field = o->monotonic_offset ? "monotonicOffset" : "boottimeOffset";
                *ret_reason = "clock offsets need a time namespace";
                return -EINVAL;
        }
        /* The kernel refuses offsets that would make a clock negative or
         * overflow; keep well inside: +-100 years. */
        const int64_t limit = 100LL * 365 * 24 * 3600;
        if (o->monotonic_offset < -limit || o->monotonic_offset > limit || o->boottime_offset < -limit ||
            o->boottime_offset > limit) {
                *ret_field = o->monotonic_offset < -limit || o->monotonic_offset > limit ? "monotonicOffset"
                                                                                         : "boottimeOffset";
                *ret_reason = "offset out of range (at most 100 years either way)";
                return -EINVAL;
        }
        return 0;
}

static char *map_text(const struct ns_idmap *m, size_t n) {
        size_t size = n * 36 + 1, off = 0;
        char *s = malloc(size);
        if (!s)
                return NULL;
        s[0] = '\0';
        for (size_t i = 0; i < n; i++)
                off += snprintf(s + off, size - off, "%u %u %u\n", m[i].inside, m[i].outside, m[i].count);
        return s;
}

char *ns_options_uid_map_text(const struct ns_options *o, uid_t caller_uid) {
        if (o->map_root_user) {
                char *s;
                return asprintf(&s, "0 %u 1\n", (unsigned)caller_uid) < 0 ? NULL : s;
        }
        return o->n_uid_map ? map_text(o->uid_map, o->n_uid_map) : NULL;
}

char *ns_options_gid_map_text(const struct ns_options *o, gid_t caller_gid) {
        if (o->map_root_user) {
                char *s;
                return asprintf(&s, "0 %u 1\n", (unsigned)caller_gid) < 0 ? NULL : s;
        }
        return o->n_gid_map ? map_text(o->gid_map, o->n_gid_map) : NULL;
}

static json_object *map_to_json(const struct ns_idmap *m, size_t n) {
        json_object *a = json_object_new_array();
        for (size_t i = 0; i < n; i++) {
                json_object *e = json_object_new_object();
                json_object_object_add(e, "inside", json_object_new_int64(m[i].inside));
                json_object_object_add(e, "outside", json_object_new_int64(m[i].outside));
                json_object_object_add(e, "count", json_object_new_int64(m[i].count));
                json_object_array_add(a, e);
        }
        return a;
}

json_object *ns_options_to_json(const struct ns_options *o) {
        json_object *j = json_object_new_object();
        if (o->hostname[0])
                json_object_object_add(j, "hostname", json_object_new_string(o->hostname));
        if (o->map_root_user)
                json_object_object_add(j, "mapRootUser", json_object_new_boolean(1));
        if (o->n_uid_map)
                json_object_object_add(j, "uidMap", map_to_json(o->uid_map, o->n_uid_map));
        if (o->n_gid_map)
                json_object_object_add(j, "gidMap", map_to_json(o->gid_map, o->n_gid_map));
        if (o->monotonic_offset)
                json_object_object_add(j, "monotonicOffset", json_object_new_int64(o->monotonic_offset));
        if (o->boottime_offset)
                json_object_object_add(j, "boottimeOffset", json_object_new_int64(o->boottime_offset));
        return j;
}

static int get_u32(json_object *e, const char *key, uint32_t *ret) {
        json_object *v;
        if (!json_object_object_get_ex(e, key, &v) || !json_object_is_type(v, json_type_int))
                return -EINVAL;
        errno = 0;
        int64_t x = json_object_get_int64(v);
        if (errno || x < 0 || x > UINT32_MAX)
                return -EINVAL;
        *ret = (uint32_t)x;
        return 0;
}

static int map_from_json(json_object *a, struct ns_idmap **ret, size_t *ret_n) {
        if (!json_object_is_type(a, json_type_array))
                return -EINVAL;
        size_t n = json_object_array_length(a);
        if (n == 0 || n > NS_IDMAP_MAX)
                return -EINVAL;
        struct ns_idmap *m = calloc(n, sizeof(*m));
        if (!m)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                json_object *e = json_object_array_get_idx(a, i);
                if (!json_object_is_type(e, json_type_object) || json_object_object_length(e) != 3 ||
                    get_u32(e, "inside", &m[i].inside) < 0 || get_u32(e, "outside", &m[i].outside) < 0 ||
                    get_u32(e, "count", &m[i].count) < 0) {
                        free(m);
                        return -EINVAL;
                }
        }
        *ret = m;
        *ret_n = n;
        return 0;
}

static int get_offset(json_object *v, int64_t *ret) {
        if (!json_object_is_type(v, json_type_int))
                return -EINVAL;
        errno = 0;
        *ret = json_object_get_int64(v);
        return errno ? -EINVAL : 0;
}

int ns_options_from_json(json_object *obj, struct ns_options *o, const char **ret_field) {
        json_object *v;

        if (json_object_object_get_ex(obj, "hostname", &v) && !json_object_is_type(v, json_type_null)) {
                if (!json_object_is_type(v, json_type_string) || json_object_get_string_len(v) == 0 ||
                    json_object_get_string_len(v) > NS_HOSTNAME_MAX ||
                    strlen(json_object_get_string(v)) != (size_t)json_object_get_string_len(v)) {
                        *ret_field = "hostname";
                        return -EINVAL;
                }
                strcpy(o->hostname, json_object_get_string(v));
        }
        if (json_object_object_get_ex(obj, "mapRootUser", &v) && !json_object_is_type(v, json_type_null)) {
                if (!json_object_is_type(v, json_type_boolean)) {
                        *ret_field = "mapRootUser";
                        return -EINVAL;
                }
                o->map_root_user = json_object_get_boolean(v);
        }
        if (json_object_object_get_ex(obj, "uidMap", &v) && !json_object_is_type(v, json_type_null) &&
            map_from_json(v, &o->uid_map, &o->n_uid_map) < 0) {
                *ret_field = "uidMap";
                return -EINVAL;
        }
        if (json_object_object_get_ex(obj, "gidMap", &v) && !json_object_is_type(v, json_type_null) &&
            map_from_json(v, &o->gid_map, &o->n_gid_map) < 0) {
                *ret_field = "gidMap";
                return -EINVAL;
        }
        if (json_object_object_get_ex(obj, "monotonicOffset", &v) && !json_object_is_type(v, json_type_null) &&
            get_offset(v, &o->monotonic_offset) < 0) {
                *ret_field = "monotonicOffset";
                return -EINVAL;
        }
        if (json_object_object_get_ex(obj, "boottimeOffset", &v) && !json_object_is_type(v, json_type_null) &&
            get_offset(v, &o->boottime_offset) < 0) {
                *ret_field = "boottimeOffset";
                return -EINVAL;
        }
        return 0;
}
