#include "nsset.h"

#include <errno.h>
#include <string.h>

#include <json-c/json.h>

#include "varlink-message.h"

static int decode_namespace(json_object *ns, struct nsset *s, const char **ret_reason) {
        const char *type, *path;
        json_object *v;
        int t;

        type = vl_params_string(ns, "type");
        if (!type) {
                *ret_reason = "a namespace without a type";
                return -EBADMSG;
        }
        t = ns_type_from_name(type);
        if (t < 0) {
                /* A newer daemon's type: we cannot enter what we do not know. */
                *ret_reason = "a namespace of an unknown type";
                return -EBADMSG;
        }
        if (s->types & NS_TYPE_BIT(t)) {
                *ret_reason = "a namespace type listed twice";
                return -EBADMSG;
        }
        path = vl_params_string(ns, "path");
        if (!path || path[0] != '/') {
                *ret_reason = "a namespace without an absolute path";
                return -EBADMSG;
        }
        if (!json_object_object_get_ex(ns, "inode", &v) || !json_object_is_type(v, json_type_int) ||
            json_object_get_int64(v) <= 0) {
                *ret_reason = "a namespace without an inode";
                return -EBADMSG;
        }
        s->types |= NS_TYPE_BIT(t);
        s->path[t] = path;
        s->inode[t] = (uint64_t)json_object_get_int64(v);
        return 0;
}

int nsset_from_json(json_object *set, struct nsset *ret, const char **ret_reason) {
        struct nsset s = { 0 };
        json_object *nss;
        const char *state;
        int r;

        s.name = vl_params_string(set, "name");
        state = vl_params_string(set, "state");
        if (!s.name || !state) {
                *ret_reason = "a set without a name or state";
                return -EBADMSG;
        }
        if (strcmp(state, "ok") != 0) {
                s.broken_reason = vl_params_string(set, "brokenReason");
                if (!s.broken_reason)
                        s.broken_reason = state;
        }
        if (!json_object_object_get_ex(set, "namespaces", &nss) || !json_object_is_type(nss, json_type_array)) {
                *ret_reason = "a set without namespaces";
                return -EBADMSG;
        }
        for (size_t i = 0; i < json_object_array_length(nss); i++) {
                json_object *ns = json_object_array_get_idx(nss, i);

                if (!json_object_is_type(ns, json_type_object)) {
                        *ret_reason = "a namespace that is not an object";
                        return -EBADMSG;
                }
                r = decode_namespace(ns, &s, ret_reason);
                if (r < 0)
                        return r;
        }
        if (s.types == 0) {
                *ret_reason = "a set without namespaces";
                return -EBADMSG;
        }
        *ret = s;
        return 0;
}
