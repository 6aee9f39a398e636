/* The namespaces of a topology file: each one's name, host and types, the
 * io.nsctl.Namespace.Create options it is made with, and its sysctls. */
#include "topology-parser.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json_object_iterator.h>

#include "ns-types.h"

static int parse_types(struct parser *p, json_object *o, const char *path, struct topo_ns *ns) {
        char tpath[PATH_SIZE], buf[PATH_SIZE];
        json_object *arr, *copy;
        unsigned seen = 0;
        size_t n;
        int r;

        copy = json_object_new_array();
        if (!copy || json_object_object_add(ns->params, "types", copy) < 0) {
                json_object_put(copy);
                return oom(p);
        }
        if (!member(o, "types", &arr)) {
                if (json_object_array_add(copy, json_object_new_string("net")) < 0)
                        return oom(p);
                ns->has_net = true;
                return 0;
        }
        child(tpath, path, "types");
        r = topo_want(p, arr, json_type_array, tpath);
        if (r < 0)
                return r;
        n = json_object_array_length(arr);
        if (n == 0)
                return fail(p, -EINVAL, tpath, "at least one type is needed");
        for (size_t i = 0; i < n; i++) {
                const char *s;
                int t;

                strf(buf, sizeof(buf), "%s[%zu]", tpath, i);
                r = topo_want_string(p, json_object_array_get_idx(arr, i), buf, &s);
                if (r < 0)
                        return r;
                t = ns_type_from_name(s);
                if (t < 0)
                        return fail(p, -EINVAL, buf,
                                    "unknown namespace type \"%.32s\" (net, uts, ipc, mnt, pid, user, cgroup or time)", s);
                if (seen & NS_TYPE_BIT(t))
                        return fail(p, -EINVAL, buf, "type %s is given twice", s);
                seen |= NS_TYPE_BIT(t);
                if (json_object_array_add(copy, json_object_new_string(s)) < 0)
                        return oom(p);
        }
        ns->has_net = seen & NS_TYPE_BIT(NS_TYPE_NET);
        return 0;
}

/* The io.nsctl.Namespace.Create options, checked for their JSON type only
 * and copied into params; the daemon's option checker does the rest. */
static int parse_options(struct parser *p, json_object *o, const char *path, struct topo_ns *ns) {
        static const struct {
                const char *key;
                json_type type;
        } options[] = {
                { "hostname", json_type_string },     { "mapRootUser", json_type_boolean },
                { "uidMap", json_type_array },        { "gidMap", json_type_array },
                { "monotonicOffset", json_type_int }, { "boottimeOffset", json_type_int },
        };
        char buf[PATH_SIZE];

        for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
                json_object *v, *copy = NULL;
                int r;

                if (!member(o, options[i].key, &v))
                        continue;
                child(buf, path, options[i].key);
                r = topo_want(p, v, options[i].type, buf);
                if (r < 0)
                        return r;
                if (json_object_deep_copy(v, &copy, NULL) < 0 ||
                    json_object_object_add(ns->params, options[i].key, copy) < 0) {
                        json_object_put(copy);
                        return oom(p);
                }
        }
        return 0;
}

static int sysctl_value(struct parser *p, json_object *v, const char *path, char *value) {
        const char *s;
        size_t len;
        int r;

        if (json_object_is_type(v, json_type_int)) {
                strf(value, TOPO_SYSCTL_VALUE_MAX + 1, "%" PRId64, json_object_get_int64(v));
                return 0;
        }
        if (!json_object_is_type(v, json_type_string))
                return fail(p, -EINVAL, path, "must be a string or an integer, not %s",
                            topo_type_noun(json_object_get_type(v)));
        r = topo_want_string(p, v, path, &s);
        if (r < 0)
                return r;
        len = strlen(s);
        if (len == 0)
                return fail(p, -EINVAL, path, "the value is empty");
        if (len > TOPO_SYSCTL_VALUE_MAX)
                return fail(p, -EINVAL, path, "the value is longer than %d bytes", TOPO_SYSCTL_VALUE_MAX);
        for (const unsigned char *c = (const unsigned char *)s; *c; c++)
                if ((*c < 0x20 && *c != '\t') || *c >= 0x7f)
                        return fail(p, -EINVAL, path, "the value may contain only printable ASCII, spaces and tabs");
        memcpy(value, s, len + 1);
        return 0;
}

static int parse_sysctls(struct parser *p, json_object *o, const char *path, struct topo_ns *ns) {
        struct json_object_iterator it, end;
        char spath[PATH_SIZE], buf[PATH_SIZE];
        json_object *obj;
        size_t n;
        int r;

        if (!member(o, "sysctls", &obj))
                return 0;
        child(spath, path, "sysctls");
        r = topo_want(p, obj, json_type_object, spath);
        if (r < 0)
                return r;
        n = (size_t)json_object_object_length(obj);
        if (n == 0)
                return 0;
        if (!ns->has_net)
                return fail(p, -EINVAL, spath, "sysctls need the net type (namespace %s has none)", ns->name);
        if (n > TOPO_MAX_SYSCTLS)
                return fail(p, -E2BIG, spath, "more than %d sysctls in one namespace", TOPO_MAX_SYSCTLS);
        ns->sysctls = calloc(n, sizeof(*ns->sysctls));
        if (!ns->sysctls)
                return oom(p);
        it = json_object_iter_begin(obj);
        end = json_object_iter_end(obj);
        for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
                const char *key = json_object_iter_peek_name(&it), *why;
                struct topo_sysctl *s = &ns->sysctls[ns->n_sysctls];

                child(buf, spath, key);
                if (topology_sysctl_check(key, &why) < 0)
                        return fail(p, -EINVAL, buf, "%s", why);
                r = sysctl_value(p, json_object_iter_peek_value(&it), buf, s->value);
                if (r < 0)
                        return r;
                memcpy(s->key, key, strlen(key) + 1);
                ns->n_sysctls++;
        }
        return 0;
}

int topo_parse_namespace(struct parser *p, json_object *o, size_t idx) {
        static const char *const allowed[] = {
                "name",   "types",           "hostname",       "mapRootUser", "uidMap",
                "gidMap", "monotonicOffset", "boottimeOffset", "sysctls",     "host",
                NULL,
        };
        struct topo_ns *ns = &p->t->ns[idx];
        char path[PATH_SIZE];
        int r;

        strf(path, sizeof(path), "namespaces[%zu]", idx);
        r = topo_want_object(p, o, path, allowed);
        if (r < 0)
                return r;

        r = topo_parse_unique_name(p, o, path, "namespace", "namespaces", &p->ns_names, idx, ns->name);
        if (r < 0)
                return r;
        r = topo_parse_host_ref(p, o, path, NULL, NULL, ns->host);
        if (r < 0)
                return r;

        ns->params = json_object_new_object();
        if (!ns->params)
                return oom(p);
        r = parse_types(p, o, path, ns);
        if (r < 0)
                return r;
        r = parse_options(p, o, path, ns);
        if (r < 0)
                return r;
        return parse_sysctls(p, o, path, ns);
}
