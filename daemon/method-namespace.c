/* io.nsctl.Namespace: turns calls into nsstore operations and replies. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "authz.h"
#include "daemon.h"
#include "delete-forced.h"
#include "dispatch.h"
#include "log.h"
#include "names.h"
#include "ns-procs.h"
#include "varlink-errors.h"

static void add_owner_name(json_object *o, uid_t uid) {
        const char *name = authz_user_name(uid);
        if (name)
                json_object_object_add(o, "ownerName", json_object_new_string(name));
}

/* What a caller sees of a set that is not its own: name and owner. */
static json_object *set_summary_json(const struct ns_set *set) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "name", json_object_new_string(set->name));
        json_object_object_add(o, "ownerUid", json_object_new_int64(set->owner_uid));
        add_owner_name(o, set->owner_uid);
        return o;
}

static json_object *set_to_json(const struct daemon *d, const struct ns_set *set) {
        json_object *o = json_object_new_object(), *nss = json_object_new_array();
        char created[32], path[PATH_MAX];
        struct tm tm;

        gmtime_r(&set->created.tv_sec, &tm);
        strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);

        json_object_object_add(o, "name", json_object_new_string(set->name));
        json_object_object_add(o, "state", json_object_new_string(set->broken ? "broken" : "ok"));
        json_object_object_add(o, "created", json_object_new_string(created));
        for (int t = 0; t < NS_TYPE_MAX; t++) {
                if (!(set->types & NS_TYPE_BIT(t)))
                        continue;
                json_object *ns = json_object_new_object();
                snprintf(path, sizeof(path), "%s/%s/%s", d->rt.ns_dir, set->name, ns_type_name(t));
                json_object_object_add(ns, "type", json_object_new_string(ns_type_name(t)));
                json_object_object_add(ns, "path", json_object_new_string(path));
                json_object_object_add(ns, "inode", json_object_new_int64((int64_t)set->inode[t]));
                json_object_array_add(nss, ns);
        }
        json_object_object_add(o, "namespaces", nss);
        if (set->broken)
                json_object_object_add(o, "brokenReason", json_object_new_string(set->broken));
        if (set->holder > 0)
                json_object_object_add(o, "holderPid", json_object_new_int64(set->holder));
        json_object_object_add(o, "options", ns_options_to_json(&set->opts));
        json_object_object_add(o, "ownerUid", json_object_new_int64(set->owner_uid));
        add_owner_name(o, set->owner_uid);
        json_object_object_add(o, "persistent", json_object_new_boolean(set->persistent));
        if (set->types & NS_TYPE_BIT(NS_TYPE_NET)) {
                snprintf(path, sizeof(path), "%s/%s", d->rt.netns_dir, set->name);
                json_object_object_add(o, "netnsPath", json_object_new_string(path));
        }
        return o;
}

/* The "types" parameter as a bitmask; net alone when absent.  Replies and
 * returns -EINVAL on a bad entry. */
static int get_types(struct request *req, unsigned *ret) {
        json_object *arr;

        *ret = NS_TYPE_BIT(NS_TYPE_NET);
        if (!json_object_object_get_ex(req->call->parameters, "types", &arr) || json_object_is_type(arr, json_type_null))
                return 0;
        *ret = 0;
        for (size_t i = 0; i < json_object_array_length(arr); i++) {
                json_object *e = json_object_array_get_idx(arr, i);
                if (!json_object_is_type(e, json_type_string)) {
                        reply_error_str(req, VL_ERROR_INVALID_PARAMETER, "parameter", "types");
                        return -EINVAL;
                }
                int t = ns_type_from_name(json_object_get_string(e));
                if (t < 0) {
                        reply_error_str(req, NSCTL_ERROR_UNSUPPORTED_TYPE, "type", json_object_get_string(e));
                        return -EINVAL;
                }
                *ret |= NS_TYPE_BIT(t);
        }
        if (*ret == 0) {
                reply_error_str(req, VL_ERROR_INVALID_PARAMETER, "parameter", "types");
                return -EINVAL;
        }
        return 0;
}

/* The creation options; replies InvalidOption and returns -EINVAL when
 * one is wrong or does not fit the types. */
static int get_options(struct request *req, struct ns_options *o) {
        const char *field = NULL, *reason = "wrong type or out of range";

        if (ns_options_from_json(req->call->parameters, o, &field) < 0 ||
            ns_options_check(o, &field, &reason) < 0) {
                json_object *p = json_object_new_object();
                json_object_object_add(p, "option", json_object_new_string(field));
                json_object_object_add(p, "reason", json_object_new_string(reason));
                reply_error(req, NSCTL_ERROR_INVALID_OPTION, p);
                return -EINVAL;
        }
        return 0;
}

static int create(struct request *req) {
        struct ns_options o = { 0 };
        struct ns_set *set;
        const char *name = request_name(req);
        int r;

        if (!name || get_types(req, &o.types) < 0 || get_options(req, &o) < 0) {
                ns_options_done(&o);
                return 0;
        }
        json_object *v;
        unsigned flags = 0;
        if (json_object_object_get_ex(req->call->parameters, "persist", &v) && json_object_get_boolean(v))
                flags |= NSSTORE_PERSIST;
        r = nsstore_create(&req->daemon->store, name, &o, req->peer->uid, req->peer->gid, flags, &set);
        bool o_mono = o.monotonic_offset != 0, o_time_offsets = o_mono || o.boottime_offset != 0;
        ns_options_done(&o);
        if (r == -EEXIST)
                return reply_error_str(req, NSCTL_ERROR_ALREADY_EXISTS, "name", name);
        if (r == -ERANGE && (o_time_offsets)) {
                /* The kernel refuses offsets that would make a clock
                 * negative; only it knows the clocks' values. */
                json_object *p = json_object_new_object();
                json_object_object_add(p, "option", json_object_new_string(o_mono ? "monotonicOffset" : "boottimeOffset"));
                json_object_object_add(p, "reason", json_object_new_string("the kernel refuses this clock offset (a clock would go negative)"));
                return reply_error(req, NSCTL_ERROR_INVALID_OPTION, p);
        }
        if (r < 0)
                return r;
        log_change("io.nsctl.Namespace.Create", name, req->peer->uid, "Created namespace set %s", name);
        json_object *p = json_object_new_object();
        json_object_object_add(p, "namespace", set_to_json(req->daemon, set));
        return reply(req, p);
}

static int delete(struct request *req) {
        const char *name = request_name(req);
        pid_t *pids = NULL;
        size_t npids = 0;
        json_object *v;
        int r;

        if (!name)
                return 0;
        /* Not nsstore_delete's own lookup: a set a forced delete is ending
         * is gone already for this call too. */
        struct ns_set *set = nsstore_find(&req->daemon->store, name);
        if (!set)
                return reply_error_str(req, NSCTL_ERROR_NOT_FOUND, "name", name);
        if (json_object_object_get_ex(req->call->parameters, "force", &v) && json_object_get_boolean(v))
                return delete_forced_start(req, set);
        r = nsstore_delete(&req->daemon->store, name, 0, &pids, &npids);
        if (r == -EBUSY && pids) {
                json_object *p = json_object_new_object(), *arr = json_object_new_array();
                for (size_t i = 0; i < npids; i++)
                        json_object_array_add(arr, json_object_new_int(pids[i]));
                free(pids);
                json_object_object_add(p, "name", json_object_new_string(name));
                json_object_object_add(p, "pids", arr);
                return reply_error(req, NSCTL_ERROR_BUSY, p);
        }
        if (r < 0)
                return r;
        log_change("io.nsctl.Namespace.Delete", name, req->peer->uid, "Deleted namespace set %s", name);
        return reply(req, NULL);
}

static int processes(struct request *req) {
        const char *name = request_name(req);
        struct ns_proc *procs;
        struct ns_set *set;
        size_t n;
        int r;

        if (!name)
                return 0;
        set = nsstore_find(&req->daemon->store, name);
        if (!set)
                return reply_error_str(req, NSCTL_ERROR_NOT_FOUND, "name", name);
        r = ns_procs_find(set, &procs, &n);
        if (r < 0)
                return r;
        json_object *arr = json_object_new_array();
        for (size_t i = 0; i < n; i++) {
                json_object *e = json_object_new_object();
                json_object_object_add(e, "pid", json_object_new_int(procs[i].pid));
                json_object_object_add(e, "uid", json_object_new_int64(procs[i].uid));
                json_object_object_add(e, "command", json_object_new_string(procs[i].command ? procs[i].command : "?"));
                json_object_object_add(e, "holder", json_object_new_boolean(procs[i].holder));
                json_object_array_add(arr, e);
        }
        ns_procs_free(procs, n);
        json_object *p = json_object_new_object();
        json_object_object_add(p, "processes", arr);
        return reply(req, p);
}

/* SET as List shows it, serialized; made again only when its state
 * changed since. */
static int set_text(const struct daemon *d, struct ns_set *set) {
        if (set->json_text && set->json_broken == set->broken)
                return 0;
        json_object *o = set_to_json(d, set);
        size_t len;
        const char *text = o ? vl_message_text(o, &len) : NULL;
        char *copy = text ? strndup(text, len) : NULL;
        json_object_put(o);
        if (!copy)
                return -ENOMEM;
        free(set->json_text);
        set->json_text = copy;
        set->json_len = len;
        set->json_broken = set->broken;
        return 0;
}

static int list(struct request *req) {
        static const char head[] = "{\"parameters\":{\"namespaces\":[", tail[] = "]}}";
        struct nsstore *st = &req->daemon->store;
        struct ns_set **sets;
        size_t n;
        int r;

        nsstore_check_all(st);
        r = nsstore_list(st, &sets, &n);
        if (r < 0)
                return r;
        /* head, then each set and a comma, then tail.  Sets the caller may
         * not read are shown by name and owner only, made for this reply
         * (kept in OTHERS until it is sent). */
        const char **parts = calloc(2 * n + 2, sizeof(*parts));
        size_t *lens = calloc(2 * n + 2, sizeof(*lens)), k = 0;
        json_object *others = json_object_new_array();
        if (!parts || !lens || !others)
                r = -ENOMEM;
        if (r >= 0) {
                parts[k] = head;
                lens[k++] = sizeof(head) - 1;
        }
        for (size_t i = 0; r >= 0 && i < n; i++) {
                if (i > 0) {
                        parts[k] = ",";
                        lens[k++] = 1;
                }
                if (!authz_may_read_set(req->peer, sets[i])) {
                        json_object *o = set_summary_json(sets[i]);
                        size_t len;
                        const char *text = o ? vl_message_text(o, &len) : NULL;
                        if (!text) {
                                json_object_put(o);
                                r = -ENOMEM;
                                break;
                        }
                        json_object_array_add(others, o);
                        parts[k] = text;
                        lens[k++] = len;
                        continue;
                }
                r = set_text(req->daemon, sets[i]);
                if (r < 0)
                        break;
                parts[k] = sets[i]->json_text;
                lens[k++] = sets[i]->json_len;
        }
        if (r >= 0) {
                parts[k] = tail;
                lens[k++] = sizeof(tail) - 1;
                r = reply_text(req, parts, lens, k);
        }
        json_object_put(others);
        free(parts);
        free(lens);
        free(sets);
        return r;
}

static int show(struct request *req) {
        const char *name = request_name(req);
        struct ns_set *set;

        if (!name)
                return 0;
        set = nsstore_find(&req->daemon->store, name);
        if (!set)
                return reply_error_str(req, NSCTL_ERROR_NOT_FOUND, "name", name);
        nsstore_check(&req->daemon->store, set);
        json_object *p = json_object_new_object();
        json_object_object_add(p, "namespace", set_to_json(req->daemon, set));
        return reply(req, p);
}

static const struct vl_field name_params[] = {
        { "name", json_type_string, true },
        { 0 },
};
static const struct vl_field create_params[] = {
        { "name", json_type_string, true },
        { "types", json_type_array, false },
        { "hostname", json_type_string, false },
        { "mapRootUser", json_type_boolean, false },
        { "uidMap", json_type_array, false },
        { "gidMap", json_type_array, false },
        { "monotonicOffset", json_type_int, false },
        { "boottimeOffset", json_type_int, false },
        { "persist", json_type_boolean, false },
        { 0 },
};
static const struct vl_field delete_params[] = {
        { "name", json_type_string, true },
        { "force", json_type_boolean, false },
        { 0 },
};
static const struct vl_field no_params[] = { { 0 } };

const struct method namespace_methods[] = {
        { "io.nsctl.Namespace.Create", create, true, create_params, false },
        { "io.nsctl.Namespace.Delete", delete, true, delete_params, .shares_task_walk = true },
        { "io.nsctl.Namespace.Processes", processes, false, name_params, false },
        { "io.nsctl.Namespace.List", list, false, no_params, false },
        { "io.nsctl.Namespace.Show", show, false, name_params, false },
        { 0 },
};
