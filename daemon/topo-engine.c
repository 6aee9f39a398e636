/* The topology engine's route sockets, the making of objects and the
 * apply.  Removing recorded objects is in topo-remove.c, destroy,
 * reconcile and the list of topologies in topo-destroy.c; struct ctx and
 * what the files share are in topo-engine-private.h. */
#include "topo-engine-private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "keepalive.h"
#include "log.h"
#include "nat.h"
#include "ns-options.h"
#include "nsnl.h"
#include "topo-plan.h"
#include "topo-record.h"
#include "util.h"

/* ---- route sockets, one per network namespace in use ------------------ */

void topo_ctx_done(struct ctx *c) {
        for (unsigned i = 0; i < RTNL_CACHE; i++) {
                nsnl_close(c->cache[i].r);
                c->cache[i].r = NULL;
        }
}

/* The socket for NETNS ("" the host).  -ENOENT when the set is gone. */
int topo_ctx_nsnl(struct ctx *c, const char *netns, struct nsnl **ret) {
        for (unsigned i = 0; i < RTNL_CACHE; i++)
                if (c->cache[i].r && strcmp(c->cache[i].netns, netns) == 0) {
                        c->cache[i].used = ++c->tick;
                        *ret = c->cache[i].r;
                        return 0;
                }
        _cleanup_close_ int fd = -1;
        if (netns[0]) {
                fd = nsstore_open_ns(c->st, netns, NS_TYPE_NET);
                if (fd < 0)
                        return fd;
        }
        struct nsnl *r;
        int k = nsnl_open(fd, c->st->host_netns_fd, &r);
        if (k < 0)
                return k;
        /* Evict the least recently used: callers hold at most two sockets
         * at once, the two most recently handed out. */
        unsigned slot = 0;
        for (unsigned i = 1; i < RTNL_CACHE; i++)
                if (!c->cache[i].r || (c->cache[slot].r && c->cache[i].used < c->cache[slot].used))
                        slot = i;
        nsnl_close(c->cache[slot].r);
        c->cache[slot].r = r;
        c->cache[slot].used = ++c->tick;
        snprintf(c->cache[slot].netns, sizeof(c->cache[slot].netns), "%s", netns);
        *ret = r;
        return 0;
}

/* Forget a namespace's socket (its namespace is going away). */
void topo_ctx_forget(struct ctx *c, const char *netns) {
        for (unsigned i = 0; i < RTNL_CACHE; i++)
                if (c->cache[i].r && strcmp(c->cache[i].netns, netns) == 0) {
                        nsnl_close(c->cache[i].r);
                        c->cache[i].r = NULL;
                }
}

/* ---- making objects --------------------------------------------------- */

static int ns_options_of(const struct topo_ns *ns, struct ns_options *o, const char **ret_field,
                         const char **ret_reason) {
        json_object *types, *e;
        *o = (struct ns_options){ 0 };
        *ret_reason = "wrong type or out of range";
        if (json_object_object_get_ex(ns->params, "types", &types)) {
                for (size_t i = 0; i < json_object_array_length(types); i++) {
                        e = json_object_array_get_idx(types, i);
                        int t = ns_type_from_name(json_object_get_string(e));
                        if (t < 0) {
                                *ret_field = "types";
                                *ret_reason = "unknown namespace type";
                                return -EINVAL;
                        }
                        o->types |= NS_TYPE_BIT(t);
                }
        } else
                o->types = NS_TYPE_BIT(NS_TYPE_NET);
        if (ns_options_from_json(ns->params, o, ret_field) < 0 || ns_options_check(o, ret_field, ret_reason) < 0) {
                ns_options_done(o);
                return -EINVAL;
        }
        return 0;
}

static int make_ns(struct ctx *c, const struct topo_obj *ob, uid_t uid, gid_t gid) {
        struct ns_options o;
        const char *field, *reason;
        struct ns_set *set;
        int r = ns_options_of(ob->ns, &o, &field, &reason);
        if (r < 0)
                return r;
        r = nsstore_create(c->st, ob->ns->name, &o, uid, gid, 0, &set);
        ns_options_done(&o);
        if (r < 0 || !ob->ns->has_net)
                return r;
        struct nsnl *rt;
        r = topo_ctx_nsnl(c, ob->ns->name, &rt);
        if (r >= 0)
                r = nsnl_link_up(rt, "lo");
        if (r < 0) {
                topo_ctx_forget(c, ob->ns->name);
                (void)nsstore_delete(c->st, ob->ns->name, NSSTORE_FORCE, NULL, NULL);
        }
        return r;
}

static int make_link(struct ctx *c, const struct topo_obj *ob) {
        const struct topo_link *l = ob->link;
        const struct topo_end *name_end = &l->a, *peer_end = &l->b;
        /* Only the end named in the message can be given a master there:
         * put the bridge end first. */
        if (peer_end->kind == TOPO_END_BRIDGE && name_end->kind != TOPO_END_BRIDGE) {
                name_end = &l->b;
                peer_end = &l->a;
        }
        _cleanup_free_ char *key = strdup(ob->key);
        char *f[5];
        if (!key || topo_key_split(key, f, 5) != 5)
                return -ENOMEM;
        const char *name_ns = name_end == &l->a ? f[1] : f[3], *peer_ns = name_end == &l->a ? f[3] : f[1];
        struct nsnl *rn, *rp;
        int r = topo_ctx_nsnl(c, name_ns, &rn);
        if (r < 0)
                return r;
        r = topo_ctx_nsnl(c, peer_ns, &rp);
        if (r < 0)
                return r;
        /* A veth whose other end was in a namespace deleted a moment ago
         * (by this apply, or a destroy just before) lingers until the
         * kernel's namespace cleanup gets to it: give that up to 2 s. */
        for (int tries = 0;; tries++) {
                r = nsnl_veth_add(rn, name_end->ifname, name_end->kind == TOPO_END_BRIDGE ? name_end->bridge : NULL,
                                  rp, peer_end->ifname, l->mtu);
                if (r != -EEXIST || tries >= 40)
                        break;
                struct timespec ts = { 0, 50 * 1000 * 1000 };
                nanosleep(&ts, NULL);
                keepalive_ping();
        }
        if (r < 0 || peer_end->kind != TOPO_END_BRIDGE)
                return r;
        /* A link between two bridges: the second port joins afterwards. */
        r = nsnl_link_set_master(rp, peer_end->ifname, peer_end->bridge);
        if (r < 0)
                (void)nsnl_link_del(rn, name_end->ifname);
        return r;
}

/* This host's end of a link to another host: a VXLAN interface whose
 * socket is in the host's own namespace (where the underlay is), put
 * where the end is. */
static int make_vxlan(struct ctx *c, const struct topo_obj *ob) {
        struct nsnl *host, *target;
        int r = topo_ctx_nsnl(c, "", &host);
        if (r < 0)
                return r;
        r = topo_ctx_nsnl(c, ob->netns, &target);
        if (r < 0)
                return r;
        struct nsnl_vxlan vx = {
                .vni = ob->link->vni,
                .local = ob->local->underlay,
                .remote = ob->remote->underlay,
                .port = c->vxlan_port,
                .mtu = ob->mtu,
        };
        if (!vx.mtu) {
                /* The underlay's MTU towards the other host, less what
                 * VXLAN adds; 1500 when the route says nothing. */
                unsigned overhead = vx.remote.family == AF_INET6 ? TOPO_VXLAN_OVERHEAD_V6 : TOPO_VXLAN_OVERHEAD_V4;
                struct nsnl_route_info ri = { 0 };
                if (nsnl_route_get(host, &vx.remote, &ri) < 0 || ri.mtu < 68 + overhead)
                        ri.mtu = TOPO_UNDERLAY_MTU_DEFAULT;
                vx.mtu = ri.mtu - overhead;
        }
        r = nsnl_vxlan_add(host, ob->ifname, &vx, target, ob->end->kind == TOPO_END_BRIDGE ? ob->end->bridge : NULL);
        /* EEXIST with the name free: the kernel's "a VXLAN device with the
         * specified VNI already exists" (same VNI, port and local
         * address), which topo_fail_set() words as such. */
        if (r == -EEXIST && nsnl_link_exists(target, ob->ifname) == 0)
                r = -EADDRINUSE;
        return r;
}

static int make_obj(struct ctx *c, const struct topo_obj *ob, uid_t uid, gid_t gid, char *undo, size_t undo_size) {
        struct nsnl *r;
        int k;

        undo[0] = 0;
        switch (ob->kind) {
        case TOBJ_NS:
                return make_ns(c, ob, uid, gid);
        case TOBJ_LINK:
                return make_link(c, ob);
        case TOBJ_VXLAN:
                return make_vxlan(c, ob);
        case TOBJ_NAT:
                return nat_add(ob->bridge->name, ob->addr, undo, undo_size);
        default:
                break;
        }
        k = topo_ctx_nsnl(c, ob->netns, &r);
        if (k < 0)
                return k;
        switch (ob->kind) {
        case TOBJ_SYSCTL:
                return nsnl_sysctl_set(r, c->st->host_netns_fd, ob->sysctl->key, ob->sysctl->value, undo, undo_size);
        case TOBJ_BRIDGE:
                return nsnl_bridge_add(r, ob->bridge->name, ob->bridge->mtu);
        case TOBJ_ADDR:
                return nsnl_addr_add(r, ob->ifname, ob->addr);
        case TOBJ_SHAPE: {
                const struct topo_shaping *s = &ob->end->shaping;
                struct nsnl_shaping sh = { .rate_bps = s->rate_bps, .delay_us = s->delay_us,
                                           .jitter_us = s->jitter_us, .loss_ppm = s->loss_ppm };
                return nsnl_shaping_set(r, ob->ifname, &sh);
        }
        case TOBJ_ROUTE: {
                const struct topo_route *rt = ob->route;
                return nsnl_route_add(r, &rt->dst, rt->has_via ? &rt->via : NULL, rt->dev[0] ? rt->dev : NULL);
        }
        default:
                return -EINVAL;
        }
}

/* ---- apply ------------------------------------------------------------- */

void topo_fail_set(struct topo_failure *fail, const char *element, int err) {
        snprintf(fail->element, sizeof(fail->element), "%s", element);
        const char *why = strerror(-err);
        if (err == -EEXIST)
                why = "already exists";
        else if ((err == -ENOENT || err == -ENODEV) && strstr(element, ".sysctls."))
                why = "no such sysctl in the namespace";
        else if (err == -EADDRINUSE)
                why = "another VXLAN interface of this host has the same VNI, port and local address";
        else if (err == -ENOENT || err == -ENODEV)
                why = "a namespace set or interface it needs does not exist";
        snprintf(fail->reason, sizeof(fail->reason), "%s", why);
}

static int check_options(const struct topology *t, struct topo_failure *fail) {
        for (size_t i = 0; i < t->n_ns; i++) {
                struct ns_options o;
                const char *field = "", *reason;
                if (ns_options_of(&t->ns[i], &o, &field, &reason) < 0) {
                        snprintf(fail->element, sizeof(fail->element), "namespaces[%zu].%s", i, field ? field : "");
                        snprintf(fail->reason, sizeof(fail->reason), "%s", reason);
                        return -EINVAL;
                }
                ns_options_done(&o);
        }
        return 0;
}

/* Keys to indexes, sorted, for the diff of two large lists. */
struct key_index {
        const char *key;
        size_t i;
};
static int cmp_key_index(const void *a, const void *b) {
        return strcmp(((const struct key_index *)a)->key, ((const struct key_index *)b)->key);
}
static struct key_index *index_record(const struct topo_record *r) {
        struct key_index *x = malloc((r->n + 1) * sizeof(*x));
        if (!x)
                return NULL;
        for (size_t i = 0; i < r->n; i++)
                x[i] = (struct key_index){ r->e[i].key, i };
        qsort(x, r->n, sizeof(*x), cmp_key_index);
        return x;
}
static ssize_t lookup(const struct key_index *x, size_t n, const char *key) {
        struct key_index k = { key, 0 };
        const struct key_index *f = bsearch(&k, x, n, sizeof(*x), cmp_key_index);
        return f ? (ssize_t)f->i : -1;
}

/* Undo the objects of PLAN this run made (those marked CREATE before
 * MADE), last first. */
static void undo_made(struct ctx *c, const struct topology *t, const struct topo_plan *plan, const bool *create,
                      char **undo, size_t made) {
        struct topo_record mine = { 0 };
        snprintf(mine.name, sizeof(mine.name), "%s", t->name);
        for (size_t d = 0; d < made; d++)
                if (create[d] && topo_record_append(&mine, plan->objs[d].key, plan->objs[d].spec, undo[d]) < 0)
                        break;
        bool *all = calloc(mine.n + 1, sizeof(bool)), *done = calloc(mine.n + 1, sizeof(bool));
        struct topo_failure ignored;
        size_t count = 0;
        if (all && done) {
                for (size_t i = 0; i < mine.n; i++)
                        all[i] = true;
                if (topo_remove_marked(c, -1, &mine, all, done, &ignored, &count) < 0)
                        log_error("Topology %s: rolling back %s failed: %s", t->name, ignored.element,
                                  ignored.reason);
        }
        free(all);
        free(done);
        topo_record_done(&mine);
}

int topo_apply(struct nsstore *st, const struct topology *t, json_object *doc, const char *host, uid_t uid,
               gid_t gid, struct topo_result *res, struct topo_failure *fail) {
        struct topo_plan plan;
        struct topo_record old, now = { 0 };
        struct ctx c = { .st = st, .vxlan_port = t->vxlan_port };
        _cleanup_free_ struct key_index *idx = NULL;
        _cleanup_free_ bool *rm = NULL, *gone = NULL, *create = NULL;
        _cleanup_free_ char **undo = NULL;
        int r, jfd = -1;

        *res = (struct topo_result){ 0 };
        r = check_options(t, fail);
        if (r < 0)
                return r;
        r = topo_record_read(st->rt->topo_fd, t->name, &old);
        if (r == -ENOENT) {
                old = (struct topo_record){ .owner = uid };
                snprintf(old.name, sizeof(old.name), "%s", t->name);
        } else if (r < 0)
                return r;
        if (old.owner != uid && uid != 0) {
                topo_record_done(&old);
                return -EPERM;
        }
        if (t->n_hosts ? !host || !topology_find_host(t, host) : host != NULL) {
                snprintf(fail->element, sizeof(fail->element), "hosts");
                snprintf(fail->reason, sizeof(fail->reason), "%s", host ? "not a host of this file" : "no host chosen");
                topo_record_done(&old);
                return -EINVAL;
        }
        r = topo_plan_build(t, host, &plan);
        if (r < 0) {
                topo_record_done(&old);
                return r;
        }
        idx = index_record(&old);
        rm = calloc(old.n + 1, sizeof(bool));
        gone = calloc(old.n + 1, sizeof(bool));
        create = calloc(plan.n + 1, sizeof(bool));
        undo = calloc(plan.n + 1, sizeof(char *));
        if (!idx || !rm || !gone || !create || !undo) {
                r = -ENOMEM;
                goto out;
        }

        /* What goes: recorded objects the file no longer asks for, or asks
         * for differently, and everything that lives in those. */
        struct key_index *want = malloc((plan.n + 1) * sizeof(*want));
        if (!want) {
                r = -ENOMEM;
                goto out;
        }
        for (size_t i = 0; i < plan.n; i++)
                want[i] = (struct key_index){ plan.objs[i].key, i };
        qsort(want, plan.n, sizeof(*want), cmp_key_index);
        for (size_t i = 0; i < old.n; i++) {
                ssize_t d = lookup(want, plan.n, old.e[i].key);
                rm[i] = d < 0 || strcmp(plan.objs[d].spec, old.e[i].spec) != 0;
        }
        free(want);
        for (bool changed = true; changed;) {
                changed = false;
                for (size_t d = 0; d < plan.n; d++) {
                        ssize_t j = lookup(idx, old.n, plan.objs[d].key);
                        if (j < 0 || rm[j])
                                continue;
                        for (size_t p = 0; p < plan.objs[d].n_parents; p++) {
                                ssize_t k = lookup(idx, old.n, plan.objs[d].parents[p]);
                                if (k < 0 || rm[k]) {
                                        rm[j] = changed = true;
                                        break;
                                }
                        }
                }
        }
        size_t n_rm = 0, n_create = 0;
        for (size_t i = 0; i < old.n; i++)
                n_rm += rm[i];
        for (size_t d = 0; d < plan.n; d++) {
                ssize_t j = lookup(idx, old.n, plan.objs[d].key);
                create[d] = j < 0 || rm[j];
                n_create += create[d];
        }
        res->unchanged = plan.n - n_create;
        if (n_rm == 0 && n_create == 0) {
                /* Nothing to make; keep the document as given (it may
                 * differ in what does not matter, such as "description"). */
                json_object_put(old.document);
                old.document = json_object_get(doc);
                snprintf(old.host, sizeof(old.host), "%s", host ? host : "");
                r = topo_save_record(st, &old);
                goto out;
        }

        r = topo_journal_begin(st->rt->topo_fd, t->name, TOPO_JOURNAL_APPLY, &jfd);
        if (r < 0)
                goto out;
        r = topo_remove_marked(&c, jfd, &old, rm, gone, fail, &res->removed);
        if (r < 0) {
                r = -ECANCELED;
                goto save_rest;
        }

        size_t made = 0;
        char undo_buf[TOPO_SYSCTL_VALUE_MAX + 256];
        for (size_t d = 0; d < plan.n; d++) {
                if (!create[d])
                        continue;
                const struct topo_obj *ob = &plan.objs[d];
                keepalive_ping();
                (void)topo_journal_made(jfd, ob->key, ob->spec);
                r = make_obj(&c, ob, uid, gid, undo_buf, sizeof(undo_buf));
                if (r < 0) {
                        topo_fail_set(fail, ob->element, r);
                        break;
                }
                if (undo_buf[0]) {
                        (void)topo_journal_undo(jfd, ob->key, undo_buf);
                        undo[d] = strdup(undo_buf);
                }
                made = d + 1;
        }
        if (r < 0) {
                /* The failed step may have left a socket out of step: roll
                 * back on fresh ones. */
                topo_ctx_done(&c);
                undo_made(&c, t, &plan, create, undo, made);
                r = -ECANCELED;
                goto save_rest;
        }
        res->created = n_create;

        /* Commit: the record is now the file's plan. */
        now = (struct topo_record){ .owner = old.owner, .document = json_object_get(doc) };
        snprintf(now.name, sizeof(now.name), "%s", t->name);
        snprintf(now.host, sizeof(now.host), "%s", host ? host : "");
        for (size_t d = 0; d < plan.n && r >= 0; d++) {
                const char *u = undo[d];
                ssize_t j = lookup(idx, old.n, plan.objs[d].key);
                if (!create[d] && j >= 0)
                        u = old.e[j].undo;
                r = topo_record_append(&now, plan.objs[d].key, plan.objs[d].spec, u);
        }
        if (r >= 0)
                r = topo_save_record(st, &now);
        if (r < 0) {
                /* Made but not recorded (the record could not be written):
                 * nothing could ever remove it, so undo it as if a step had
                 * failed. */
                topo_fail_set(fail, "record", r);
                undo_made(&c, t, &plan, create, undo, plan.n);
                res->created = 0;
                r = -ECANCELED;
                goto save_rest;
        }
        (void)topo_journal_end(st->rt->topo_fd, t->name, TAKE_FD(jfd));
        goto out;

save_rest:;
        /* What the previous version made and this run did not remove. */
        struct topo_record rest;
        int k = topo_keep_unmarked(&old, gone, &rest);
        if (k == 0)
                k = topo_save_record(st, &rest);
        topo_record_done(&rest);
        if (k == 0)
                (void)topo_journal_end(st->rt->topo_fd, t->name, TAKE_FD(jfd));
out:
        if (jfd >= 0)
                close(jfd);
        for (size_t d = 0; undo && d < plan.n; d++)
                free(undo[d]);
        topo_ctx_done(&c);
        topo_plan_done(&plan);
        topo_record_done(&old);
        topo_record_done(&now);
        return r;
}
