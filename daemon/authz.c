#include "authz.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "daemon.h"
#include "dispatch.h"
#include "log.h"
#include "names.h"
#include "ns-options.h"
#include "policy.h"
#include "session.h"
#include "topo-record.h"
#include "topology.h"
#include "usage.h"
#include "varlink-errors.h"

/* What each method needs.  A method missing here is open to everyone if
 * its table says it changes nothing, and root's alone otherwise. */
enum rule {
        RULE_ANYONE,      /* reads whose handler shows each caller what it may see */
        RULE_ROOT,        /* root only */
        RULE_SET_READ,    /* "name": a set its owner looks into */
        RULE_SET_CREATE,  /* a new set, made by a group member */
        RULE_SET_CHANGE,  /* "name": the owner, a group member, changes its set */
        RULE_TOPO_READ,   /* "name": a topology its owner looks into */
        RULE_TOPO_APPLY,  /* "topology": made or changed by a group member who owns it */
        RULE_TOPO_CHANGE, /* "name": the owner, a group member, changes its topology */
        RULE_NET,         /* "namespace": the caller's set (absent or "host": root's) */
        RULE_NET_LINK,    /* "a" and "b": the caller's sets, or the host side */
        RULE_SESSION,     /* "name": the owner, a group member, starts a command in its set */
        RULE_SESSION_SIGNAL, /* "pid": a session the caller started */
};

static const struct {
        const char *method;
        enum rule rule;
} rules[] = {
        { "org.varlink.service.GetInfo", RULE_ANYONE },
        { "org.varlink.service.GetInterfaceDescription", RULE_ANYONE },
        { "io.nsctl.Service.GetStatus", RULE_ANYONE },
        { "io.nsctl.Namespace.List", RULE_ANYONE },
        { "io.nsctl.Namespace.Show", RULE_SET_READ },
        { "io.nsctl.Namespace.Processes", RULE_SET_READ },
        { "io.nsctl.Namespace.Create", RULE_SET_CREATE },
        { "io.nsctl.Namespace.Delete", RULE_SET_CHANGE },
        { "io.nsctl.Topology.List", RULE_ANYONE },
        { "io.nsctl.Topology.Show", RULE_TOPO_READ },
        { "io.nsctl.Topology.Apply", RULE_TOPO_APPLY },
        { "io.nsctl.Topology.Destroy", RULE_TOPO_CHANGE },
        { "io.nsctl.Network.AddBridge", RULE_NET },
        { "io.nsctl.Network.DeleteBridge", RULE_NET },
        { "io.nsctl.Network.AddLink", RULE_NET_LINK },
        { "io.nsctl.Network.DeleteLink", RULE_NET },
        { "io.nsctl.Network.AddAddress", RULE_NET },
        { "io.nsctl.Network.DeleteAddress", RULE_NET },
        { "io.nsctl.Network.AddRoute", RULE_NET },
        { "io.nsctl.Network.DeleteRoute", RULE_NET },
        { "io.nsctl.Network.SetShaping", RULE_NET },
        { "io.nsctl.Session.Start", RULE_SESSION },
        { "io.nsctl.Session.Signal", RULE_SESSION_SIGNAL },
};

/* Why a call is refused: the error to reply with, the set or topology it
 * is about (NULL for io.nsctl.Service.PermissionDenied) and the rule. */
struct denial {
        const char *error;
        const char *name; /* NAME_BUF or NULL */
        char name_buf[NSCTL_NAME_MAX + 1];
        char reason[384];
};

/* Returns false, so that checks can `return deny(...)`. */
__attribute__((format(printf, 4, 5))) static bool deny(struct denial *d, const char *error, const char *name,
                                                        const char *fmt, ...) {
        va_list ap;

        d->error = error;
        d->name = NULL;
        if (name) {
                snprintf(d->name_buf, sizeof(d->name_buf), "%s", name);
                d->name = d->name_buf;
        }
        va_start(ap, fmt);
        vsnprintf(d->reason, sizeof(d->reason), fmt, ap);
        va_end(ap);
        return false;
}

/* One entry: List asks for the owner of each set in turn, and most sets of
 * a machine have few owners. */
static uid_t cached_uid = (uid_t)-1;
static char cached[256];
static bool found;

void authz_forget_names(void) {
        cached_uid = (uid_t)-1;
}

const char *authz_user_name(uid_t uid) {
        struct passwd pw, *res = NULL;
        char buf[4096];

        if (uid == cached_uid)
                return found ? cached : NULL;
        cached_uid = uid;
        found = getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res && strlen(res->pw_name) < sizeof(cached);
        if (found)
                strcpy(cached, res->pw_name);
        return found ? cached : NULL;
}

/* "alice (uid 1001)", or "uid 1001" without a user name. */
static const char *who(uid_t uid, char *buf, size_t size) {
        const char *name = authz_user_name(uid);

        if (name)
                snprintf(buf, size, "%s (uid %u)", name, (unsigned)uid);
        else
                snprintf(buf, size, "uid %u", (unsigned)uid);
        return buf;
}

/* The policy's group: members may make and change things of their own. */
static bool member(const struct policy *p, const struct caller *c, const char *error, const char *name,
                   struct denial *d) {
        char w[300];

        if (p->group_found && caller_in_group(c, p->group))
                return true;
        return deny(d, error, name, "%s is not a member of group %s%s", who(c->uid, w, sizeof(w)), p->group_name,
                    p->group_found ? "" : " (no such group)");
}

bool authz_may_read_set(const struct caller *c, const struct ns_set *set) {
        return authz_is_root(c) || set->owner_uid == c->uid;
}

bool authz_may_read_topology(const struct caller *c, uid_t owner) {
        return authz_is_root(c) || owner == c->uid;
}

/* The set NAME, if there is one, is the caller's.  No set of that name
 * (or an invalid name) is the handler's to report. */
static bool own_set(struct daemon *dm, const struct caller *c, const char *name, struct denial *d) {
        struct ns_set *set = name ? nsstore_find(&dm->store, name) : NULL;
        char w[300];

        if (!set || authz_may_read_set(c, set))
                return true;
        return deny(d, NSCTL_ERROR_NS_PERMISSION_DENIED, name, "namespace set '%s' belongs to %s", name,
                    who(set->owner_uid, w, sizeof(w)));
}

/* The topology NAME, if one is recorded, is the caller's. */
static bool own_topology(struct daemon *dm, const struct caller *c, const char *name, struct denial *d) {
        struct topo_record rec;
        const char *reason;
        char w[300];

        /* An invalid name is the handler's to refuse (and no file's). */
        if (!name || nsctl_name_check(name, strlen(name), &reason) < 0 ||
            topo_record_read(dm->rt.topo_fd, name, &rec) < 0)
                return true;
        uid_t owner = rec.owner;
        topo_record_done(&rec);
        if (authz_may_read_topology(c, owner))
                return true;
        return deny(d, NSCTL_ERROR_TOPOLOGY_DENIED, name, "topology '%s' belongs to %s", name,
                    who(owner, w, sizeof(w)));
}

/* Id maps of a user namespace made for C: only C's own uid and groups,
 * one id each, as the kernel allows an unprivileged user (mapRootUser is
 * that).  Anything more would hand C the files of other users.  Options
 * that do not parse are the handler's to refuse. */
static bool own_id_maps(const struct caller *c, json_object *params, const char *error, const char *name,
                        const char *where, struct denial *d) {
        struct ns_options o = { 0 };
        const char *field;
        bool ok = true;

        if (ns_options_from_json(params, &o, &field) < 0) {
                ns_options_done(&o);
                return true;
        }
        for (size_t i = 0; ok && i < o.n_uid_map; i++)
                if (o.uid_map[i].count != 1 || o.uid_map[i].outside != c->uid)
                        ok = deny(d, error, name, "%suidMap: a user other than root may map only their own uid (%u)",
                                  where, (unsigned)c->uid);
        for (size_t i = 0; ok && i < o.n_gid_map; i++)
                if (o.gid_map[i].count != 1 || !caller_in_group(c, o.gid_map[i].outside))
                        ok = deny(d, error, name,
                                  "%sgidMap: a user other than root may map only their own groups, one id each", where);
        ns_options_done(&o);
        return ok;
}

/* Changes to what is already in the host's network namespace (its
 * interfaces, addresses, routes) are root's alone: nothing records who
 * made what there. */
static bool host_root_only(const struct caller *c, const char *what, struct denial *d) {
        char w[300];

        return deny(d, NSCTL_ERROR_SERVICE_PERMISSION_DENIED, NULL,
                    "%s is in the host's network namespace, where only root may change things (%s is not root)",
                    what, who(c->uid, w, sizeof(w)));
}

/* Something new in the host's network namespace that goes again with
 * what it belongs to (a link end with its set, a topology's bridge with
 * the topology): the policy's host-objects setting decides. */
static bool host_side(struct daemon *dm, const struct caller *c, const char *error, const char *name,
                      const char *what, struct denial *d) {
        char w[300], rule[300];

        if (policy_get_host_objects(dm->policy, c, rule, sizeof(rule)))
                return true;
        return deny(d, error, name, "%s is in the host's network namespace: host-objects = no (%s) for %s", what, rule,
                    who(c->uid, w, sizeof(w)));
}

/* C may add ADD of what limit WHICH counts, when DROP of them go at the
 * same time. */
static bool within_limit(struct daemon *dm, const struct caller *c, enum policy_limit which, size_t add,
                         size_t drop, const char *error, const char *name, struct denial *d) {
        char w[300], rule[300];
        struct usage u;
        long long max = policy_get_limit(dm->policy, c, which, rule, sizeof(rule));

        if (max == POLICY_UNLIMITED || add <= drop)
                return true;
        int r = usage_get(&dm->store, c->uid, which == POLICY_MAX_LINKS, &u);
        if (r < 0)
                return deny(d, error, name, "%s = %lld (%s): cannot count what %s has: %s", policy_limit_name(which),
                            max, rule, who(c->uid, w, sizeof(w)), strerror(-r));
        size_t have = which == POLICY_MAX_SETS ? u.sets : u.links;
        size_t after = have - (drop < have ? drop : have) + add;
        if ((long long)after <= max)
                return true;
        return deny(d, error, name, "%s = %lld (%s): %s has %zu %s, and this would make %zu", policy_limit_name(which),
                    max, rule, who(c->uid, w, sizeof(w)), have,
                    which == POLICY_MAX_SETS ? "namespace sets" : "veth interfaces in their sets", after);
}

/* What a topology counts against the limits: its sets, and its link ends
 * in sets (in one of its namespaces, or on a bridge in one). */
static void topology_usage(const struct topology *t, size_t *ret_sets, size_t *ret_ends) {
        *ret_sets = t->n_ns;
        *ret_ends = 0;
        for (size_t i = 0; i < t->n_links; i++)
                *ret_ends += (topology_end_netns(t, &t->links[i].a)[0] != '\0') +
                             (topology_end_netns(t, &t->links[i].b)[0] != '\0');
}

/* The same for the version of topology NAME applied last, if any. */
static void recorded_topology_usage(struct daemon *dm, const char *name, size_t *ret_sets, size_t *ret_ends) {
        struct topo_record rec;
        struct topology *t;
        struct topo_error err;

        *ret_sets = *ret_ends = 0;
        if (topo_record_read(dm->rt.topo_fd, name, &rec) < 0)
                return;
        if (rec.document && topology_parse(rec.document, &t, &err) == 0) {
                topology_usage(t, ret_sets, ret_ends);
                topology_free(t);
        }
        topo_record_done(&rec);
}

static bool check_topology(struct daemon *dm, const struct caller *c, json_object *doc, struct denial *d) {
        struct topology *t;
        struct topo_error err;
        char where[96];
        bool ok = true;

        /* A file that does not parse is refused by the handler. */
        if (topology_parse(doc, &t, &err) < 0)
                return true;
        const char *e = NSCTL_ERROR_TOPOLOGY_DENIED, *name = t->name;
        ok = member(dm->policy, c, e, name, d) && own_topology(dm, c, name, d);
        for (size_t i = 0; ok && i < t->n_ns; i++) {
                snprintf(where, sizeof(where), "namespaces[%zu].", i);
                ok = own_id_maps(c, t->ns[i].params, e, name, where, d);
        }
        for (size_t i = 0; ok && i < t->n_bridges; i++)
                if (!t->bridges[i].ns[0]) {
                        snprintf(where, sizeof(where), "bridges[%zu] (%s%s)", i, t->bridges[i].name,
                                 t->bridges[i].nat ? ", with NAT" : "");
                        ok = host_side(dm, c, e, name, where, d);
                }
        for (size_t i = 0; ok && i < t->n_links; i++)
                for (int k = 0; ok && k < 2; k++)
                        if (!topology_end_netns(t, k ? &t->links[i].b : &t->links[i].a)[0]) {
                                snprintf(where, sizeof(where), "links[%zu].%c", i, k ? 'b' : 'a');
                                ok = host_side(dm, c, e, name, where, d);
                        }
        for (size_t i = 0; ok && i < t->n_routes; i++)
                if (!t->routes[i].ns[0]) {
                        snprintf(where, sizeof(where), "routes[%zu]", i);
                        ok = host_side(dm, c, e, name, where, d);
                }
        if (ok) {
                /* A new version replaces the old one's sets and links. */
                size_t sets, ends, old_sets, old_ends;
                topology_usage(t, &sets, &ends);
                recorded_topology_usage(dm, name, &old_sets, &old_ends);
                ok = within_limit(dm, c, POLICY_MAX_SETS, sets, old_sets, e, name, d) &&
                     within_limit(dm, c, POLICY_MAX_LINKS, ends, old_ends, e, name, d);
        }
        topology_free(t);
        return ok;
}

/* One end of AddLink: the caller's set (counted in *ENDS), or the host
 * side (the host, or a bridge in it), where the end goes with the set at
 * the other end. */
static bool check_link_end(struct daemon *dm, const struct caller *c, const char *param, const char *v,
                           size_t *ends, struct denial *d) {
        char what[96];

        if (v && strcmp(v, "host") != 0 && nsstore_find(&dm->store, v)) {
                ++*ends;
                return own_set(dm, c, v, d);
        }
        snprintf(what, sizeof(what), "link end %s (%s)", param, v ? v : "?");
        return host_side(dm, c, NSCTL_ERROR_SERVICE_PERMISSION_DENIED, NULL, what, d);
}

static bool check_link(struct daemon *dm, const struct caller *c, json_object *params, struct denial *d) {
        const char *e = NSCTL_ERROR_SERVICE_PERMISSION_DENIED;
        size_t ends = 0;

        return member(dm->policy, c, e, NULL, d) &&
               check_link_end(dm, c, "a", vl_params_string(params, "a"), &ends, d) &&
               check_link_end(dm, c, "b", vl_params_string(params, "b"), &ends, d) &&
               within_limit(dm, c, POLICY_MAX_LINKS, ends, 0, e, NULL, d);
}

/* The session whose command has the pid in PARAMS, if the daemon runs
 * one, is the caller's.  No such session is the handler's to report. */
static bool own_session(struct daemon *dm, const struct caller *c, json_object *params, struct denial *d) {
        json_object *v;
        uid_t owner;
        char w[300];

        json_object_object_get_ex(params, "pid", &v);
        int64_t pid = json_object_get_int64(v);
        if (pid <= 0 || pid > INT32_MAX || !session_owner(dm, (pid_t)pid, &owner) || owner == c->uid)
                return true;
        return deny(d, NSCTL_ERROR_SERVICE_PERMISSION_DENIED, NULL, "session %lld belongs to %s", (long long)pid,
                    who(owner, w, sizeof(w)));
}

static bool check(struct request *req, enum rule rule, struct denial *d) {
        struct daemon *dm = req->daemon;
        const struct caller *c = req->peer;
        json_object *params = req->call->parameters, *v;
        const char *name = vl_params_string(params, "name");
        const char *ns = vl_params_string(params, "namespace");
        const char *e = NSCTL_ERROR_NS_PERMISSION_DENIED;

        switch (rule) {
        case RULE_ANYONE:
                return true;
        case RULE_ROOT:
                return deny(d, NSCTL_ERROR_SERVICE_PERMISSION_DENIED, NULL, "%s is root's alone",
                            req->call->method);
        case RULE_SET_READ:
                return own_set(dm, c, name, d);
        case RULE_SET_CREATE:
                return member(dm->policy, c, e, name, d) && own_id_maps(c, params, e, name, "", d) &&
                       within_limit(dm, c, POLICY_MAX_SETS, 1, 0, e, name, d);
        case RULE_SET_CHANGE:
                return member(dm->policy, c, e, name, d) && own_set(dm, c, name, d);
        case RULE_TOPO_READ:
                return own_topology(dm, c, name, d);
        case RULE_TOPO_APPLY:
                json_object_object_get_ex(params, "topology", &v);
                return check_topology(dm, c, v, d);
        case RULE_TOPO_CHANGE:
                return member(dm->policy, c, NSCTL_ERROR_TOPOLOGY_DENIED, name, d) && own_topology(dm, c, name, d);
        case RULE_NET:
                if (!ns || strcmp(ns, "host") == 0)
                        return host_root_only(c, "the namespace (host)", d);
                return member(dm->policy, c, e, ns, d) && own_set(dm, c, ns, d);
        case RULE_NET_LINK:
                return check_link(dm, c, params, d);
        case RULE_SESSION:
                return member(dm->policy, c, e, name, d) && own_set(dm, c, name, d);
        case RULE_SESSION_SIGNAL:
                return own_session(dm, c, params, d);
        }
        return deny(d, NSCTL_ERROR_SERVICE_PERMISSION_DENIED, NULL, "no rule for %s", req->call->method);
}

int authz_check(struct request *req, const struct method *m) {
        const struct caller *c = req->peer;
        enum rule rule = m->privileged ? RULE_ROOT : RULE_ANYONE;
        struct denial d = { 0 };

        if (authz_is_root(c))
                return 0;
        for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
                if (strcmp(rules[i].method, m->name) == 0) {
                        rule = rules[i].rule;
                        break;
                }
        if (check(req, rule, &d))
                return 0;

        log_denied(m->name, d.name, c->uid, c->pid, d.reason);
        json_object *p = json_object_new_object();
        if (p && d.name)
                json_object_object_add(p, "name", json_object_new_string(d.name));
        if (p)
                json_object_object_add(p, "reason", json_object_new_string(d.reason));
        reply_error(req, d.error, p);
        return -EPERM;
}
