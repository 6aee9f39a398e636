/* io.nsctl.Topology: turns calls into topology-engine operations and
 * replies. */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "daemon.h"
#include "dispatch.h"
#include "log.h"
#include "names.h"
#include "topo-engine.h"
#include "topo-hosts.h"
#include "topo-persist.h"
#include "topo-record.h"
#include "topology.h"
#include "varlink-errors.h"

static int reply_element_error(struct request *req, const char *error, const char *element, const char *reason) {
        json_object *p = json_object_new_object();
        json_object_object_add(p, "element", json_object_new_string(element));
        json_object_object_add(p, "reason", json_object_new_string(reason));
        return reply_error(req, error, p);
}

/* After a successful apply: keep the document for after a reboot when the
 * call asks for it with persist, drop it with persist false, and without
 * persist keep a persisted topology's copy up to date.  Whether it is
 * persisted now, for the reply. */
static bool persist_after_apply(struct request *req, const char *name, json_object *doc, const char *host) {
        struct runtime *rt = &req->daemon->rt;
        json_object *v;
        bool asked = json_object_object_get_ex(req->call->parameters, "persist", &v);
        bool persist = asked ? json_object_get_boolean(v) : topo_persist_has(rt, name);
        struct topo_record rec;
        int r;

        if (!persist) {
                r = topo_persist_remove(rt, name);
                if (r < 0)
                        log_error_errno(r, "Topology %s: cannot remove its persisted copy", name);
                return r < 0; /* still persisted if the copy could not go */
        }
        /* As its owner, who may be another user than a root caller. */
        r = topo_record_read(rt->topo_fd, name, &rec);
        if (r >= 0) {
                uid_t uid = rec.owner;
                gid_t gid = req->peer->gid;
                if (uid != req->peer->uid) {
                        struct passwd *pw = getpwuid(uid);
                        gid = pw ? pw->pw_gid : (gid_t)uid;
                }
                topo_record_done(&rec);
                r = topo_persist_save(rt, name, doc, host, uid, gid);
        }
        if (r < 0)
                log_error_errno(r, "Topology %s: cannot persist it", name);
        return r >= 0;
}

static json_object *changes_json(const struct topo_result *res) {
        json_object *c = json_object_new_object();
        json_object_object_add(c, "created", json_object_new_int64((int64_t)res->created));
        json_object_object_add(c, "removed", json_object_new_int64((int64_t)res->removed));
        json_object_object_add(c, "unchanged", json_object_new_int64((int64_t)res->unchanged));
        return c;
}

static int apply(struct request *req) {
        json_object *doc, *v;
        struct topology *t;
        struct topo_error err;
        struct topo_result res;
        struct topo_failure fail = { 0 };
        const char *requested = NULL, *host;
        char reason[256];

        json_object_object_get_ex(req->call->parameters, "topology", &doc);
        if (json_object_object_get_ex(req->call->parameters, "host", &v))
                requested = json_object_get_string(v);
        int r = topology_parse(doc, &t, &err);
        if (r < 0)
                return reply_element_error(req, NSCTL_ERROR_INVALID_TOPOLOGY, err.element, err.reason);
        r = topo_choose_host(&req->daemon->store, t, requested, &host, reason, sizeof(reason));
        if (r == -EINVAL) {
                json_object *p = json_object_new_object();
                if (requested)
                        json_object_object_add(p, "host", json_object_new_string(requested));
                json_object_object_add(p, "reason", json_object_new_string(reason));
                r = reply_error(req, NSCTL_ERROR_INVALID_HOST, p);
                topology_free(t);
                return r;
        }
        if (r >= 0)
                r = topo_apply(&req->daemon->store, t, doc, host, req->peer->uid, req->peer->gid, &res, &fail);
        if (r == -EINVAL)
                r = reply_element_error(req, NSCTL_ERROR_INVALID_TOPOLOGY, fail.element, fail.reason);
        else if (r == -EPERM)
                r = reply_error_str(req, NSCTL_ERROR_TOPOLOGY_DENIED, "name", t->name);
        else if (r == -ECANCELED) {
                log_change_topology("io.nsctl.Topology.Apply", t->name, req->peer->uid,
                                    "Applying topology %s failed at %s (%s); rolled back", t->name, fail.element,
                                    fail.reason);
                r = reply_element_error(req, NSCTL_ERROR_APPLY_FAILED, fail.element, fail.reason);
        } else if (r >= 0) {
                bool changed = res.created || res.removed;
                if (changed)
                        log_change_topology("io.nsctl.Topology.Apply", t->name, req->peer->uid,
                                            "Applied topology %s: %zu created, %zu removed, %zu unchanged", t->name,
                                            res.created, res.removed, res.unchanged);
                json_object *p = json_object_new_object();
                json_object_object_add(p, "name", json_object_new_string(t->name));
                if (host)
                        json_object_object_add(p, "host", json_object_new_string(host));
                json_object_object_add(p, "changed", json_object_new_boolean(changed));
                json_object_object_add(p, "changes", changes_json(&res));
                json_object_object_add(p, "persistent",
                                       json_object_new_boolean(persist_after_apply(req, t->name, doc, host)));
                r = reply(req, p);
        }
        topology_free(t);
        return r;
}

static int destroy(struct request *req) {
        struct topo_result res;
        struct topo_failure fail = { 0 };
        struct topo_record rec;
        const char *name = request_name(req);
        if (!name)
                return 0;
        int r = topo_record_read(req->daemon->rt.topo_fd, name, &rec);
        if (r == -ENOENT)
                return reply_error_str(req, NSCTL_ERROR_TOPOLOGY_NOT_FOUND, "name", name);
        if (r < 0)
                return r;
        uid_t owner = rec.owner;
        topo_record_done(&rec);
        if (owner != req->peer->uid && req->peer->uid != 0)
                return reply_error_str(req, NSCTL_ERROR_TOPOLOGY_DENIED, "name", name);
        r = topo_destroy(&req->daemon->store, name, &res, &fail);
        if (r == -ENOENT)
                return reply_error_str(req, NSCTL_ERROR_TOPOLOGY_NOT_FOUND, "name", name);
        if (r == -ECANCELED)
                return reply_element_error(req, NSCTL_ERROR_DESTROY_FAILED, fail.element, fail.reason);
        if (r < 0)
                return r;
        log_change_topology("io.nsctl.Topology.Destroy", name, req->peer->uid, "Destroyed topology %s: %zu removed",
                            name, res.removed);
        /* Destroyed for good: not to be applied again at the next boot. */
        r = topo_persist_remove(&req->daemon->rt, name);
        if (r < 0)
                log_error_errno(r, "Topology %s: cannot remove its persisted copy", name);
        json_object *p = json_object_new_object();
        json_object_object_add(p, "changes", changes_json(&res));
        return reply(req, p);
}

static void add_owner(json_object *o, uid_t uid) {
        const char *name = authz_user_name(uid);
        json_object_object_add(o, "ownerUid", json_object_new_int64(uid));
        if (name)
                json_object_object_add(o, "ownerName", json_object_new_string(name));
}

/* Another user's topology: its name and owner. */
static json_object *owner_summary(const struct topo_record *rec) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "name", json_object_new_string(rec->name));
        add_owner(o, rec->owner);
        return o;
}

static json_object *summary(const struct topo_record *rec) {
        size_t ns = 0, links = 0, bridges = 0;
        for (size_t i = 0; i < rec->n; i++) {
                const char *k = rec->e[i].key;
                ns += strncmp(k, "ns|", 3) == 0;
                links += strncmp(k, "link|", 5) == 0 || strncmp(k, "vxlan|", 6) == 0;
                bridges += strncmp(k, "bridge|", 7) == 0;
        }
        json_object *o = json_object_new_object();
        json_object_object_add(o, "name", json_object_new_string(rec->name));
        add_owner(o, rec->owner);
        json_object_object_add(o, "objects", json_object_new_int64((int64_t)rec->n));
        json_object_object_add(o, "namespaces", json_object_new_int64((int64_t)ns));
        json_object_object_add(o, "links", json_object_new_int64((int64_t)links));
        json_object_object_add(o, "bridges", json_object_new_int64((int64_t)bridges));
        return o;
}

static int list(struct request *req) {
        char **names;
        size_t n;
        int r = topo_list(&req->daemon->store, &names, &n);
        if (r < 0)
                return r;
        json_object *arr = json_object_new_array();
        for (size_t i = 0; i < n; i++) {
                struct topo_record rec;
                if (topo_record_read(req->daemon->rt.topo_fd, names[i], &rec) == 0) {
                        json_object_array_add(arr, authz_may_read_topology(req->peer, rec.owner) ? summary(&rec)
                                                                                                 : owner_summary(&rec));
                        topo_record_done(&rec);
                }
                free(names[i]);
        }
        free(names);
        json_object *p = json_object_new_object();
        json_object_object_add(p, "topologies", arr);
        return reply(req, p);
}

static int show(struct request *req) {
        struct topo_record rec;
        const char *name = request_name(req);
        if (!name)
                return 0;
        int r = topo_record_read(req->daemon->rt.topo_fd, name, &rec);
        if (r == -ENOENT)
                return reply_error_str(req, NSCTL_ERROR_TOPOLOGY_NOT_FOUND, "name", name);
        if (r < 0)
                return r;
        json_object *p = json_object_new_object(), *objs = json_object_new_array_ext((int)rec.n);
        json_object_object_add(p, "name", json_object_new_string(rec.name));
        add_owner(p, rec.owner);
        json_object_object_add(p, "topology", rec.document ? json_object_get(rec.document) : json_object_new_object());
        for (size_t i = 0; i < rec.n; i++) {
                json_object *e = json_object_new_object();
                json_object_object_add(e, "key", json_object_new_string(rec.e[i].key));
                json_object_object_add(e, "spec", json_object_new_string(rec.e[i].spec));
                json_object_array_add(objs, e);
        }
        json_object_object_add(p, "objects", objs);
        json_object_object_add(p, "persistent", json_object_new_boolean(topo_persist_has(&req->daemon->rt, name)));
        topo_show_hosts(&rec, p, objs);
        topo_record_done(&rec);
        return reply(req, p);
}

static const struct vl_field apply_params[] = {
        { "topology", json_type_object, true },
        { "host", json_type_string, false },
        { "persist", json_type_boolean, false },
        { 0 },
};
static const struct vl_field name_params[] = {
        { "name", json_type_string, true },
        { 0 },
};
static const struct vl_field no_params[] = { { 0 } };

const struct method topology_methods[] = {
        { "io.nsctl.Topology.Apply", apply, true, apply_params, false },
        { "io.nsctl.Topology.Destroy", destroy, true, name_params, false },
        { "io.nsctl.Topology.List", list, false, no_params, false },
        { "io.nsctl.Topology.Show", show, false, name_params, false },
        { 0 },
};
