/* Removing a topology's objects from their record alone, as the file
 * that made them may have changed or be gone: the objects an apply no
 * longer wants, those of a rolled-back apply, and all of them on destroy
 * and on reconcile.  Then what is left of the record is written back. */
#include "topo-engine-private.h"

#include <errno.h>
#include <search.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keepalive.h"
#include "nat.h"
#include "ns-procs.h"
#include "nsnl.h"
#include "topo-plan.h"
#include "topo-record.h"
#include "util.h"

/* ---- removing objects, from their record alone ------------------------- */

static enum topo_obj_kind kind_of_key(const char *key) {
        static const char *const prefix[TOBJ_KIND_MAX] = {
                [TOBJ_NS] = "ns|", [TOBJ_SYSCTL] = "sysctl|", [TOBJ_BRIDGE] = "bridge|", [TOBJ_NAT] = "nat|",
                [TOBJ_LINK] = "link|", [TOBJ_ADDR] = "addr|", [TOBJ_SHAPE] = "shape|", [TOBJ_ROUTE] = "route|",
                [TOBJ_VXLAN] = "vxlan|",
        };
        for (int k = 0; k < TOBJ_KIND_MAX; k++)
                if (strncmp(key, prefix[k], strlen(prefix[k])) == 0)
                        return (enum topo_obj_kind)k;
        return TOBJ_KIND_MAX;
}

/* "via=ADDR dev=IF" of a route's spec. */
static void route_spec(const char *spec, char *via, size_t via_size, char *dev, size_t dev_size) {
        via[0] = dev[0] = 0;
        const char *v = strstr(spec, "via="), *d = strstr(spec, " dev=");
        if (v && d && d > v)
                snprintf(via, via_size, "%.*s", (int)(d - v - 4), v + 4);
        if (d)
                snprintf(dev, dev_size, "%s", d + 5);
}

static int remove_entry(struct ctx *c, const struct topo_entry *e) {
        _cleanup_free_ char *key = strdup(e->key);
        char *f[5];
        struct nsnl *r;
        struct ip_prefix p, gw;
        const char *reason;
        int k;

        if (!key)
                return -ENOMEM;
        size_t n = topo_key_split(key, f, 5);
        enum topo_obj_kind kind = kind_of_key(e->key);
        if (kind == TOBJ_NS) {
                topo_ctx_forget(c, f[1]);
                k = nsstore_delete(c->st, f[1], NSSTORE_FORCE | (c->procs_ended ? NSSTORE_PROCS_ENDED : 0), NULL,
                                   NULL);
                return k == -ENOENT ? 0 : k;
        }
        if (kind == TOBJ_NAT)
                return n == 3 ? nat_del(f[1], f[2], e->undo) : -EBADMSG;
        if (n < 3 || kind == TOBJ_KIND_MAX)
                return -EBADMSG;
        k = topo_ctx_nsnl(c, f[1], &r);
        if (k == -ENOENT)
                return 0; /* the set is gone, and the object with it */
        if (k < 0)
                return k;
        switch (kind) {
        case TOBJ_SYSCTL:
                return e->undo && e->undo[0] ? nsnl_sysctl_set(r, c->st->host_netns_fd, f[2], e->undo, NULL, 0) : 0;
        case TOBJ_BRIDGE:
        case TOBJ_LINK:
        case TOBJ_VXLAN:
                return nsnl_link_del(r, f[2]);
        case TOBJ_ADDR:
                if (n != 4 || ip_prefix_parse(f[3], &p, &reason) < 0)
                        return -EBADMSG;
                k = nsnl_addr_del(r, f[2], &p);
                return k == -EADDRNOTAVAIL || k == -ENODEV || k == -ENOENT || k == -ESRCH ? 0 : k;
        case TOBJ_SHAPE:
                return nsnl_shaping_clear(r, f[2]);
        case TOBJ_ROUTE: {
                char via[IP_PREFIX_STRLEN], dev[NSCTL_IFNAME_MAX + 1];
                if (ip_prefix_parse(f[2], &p, &reason) < 0)
                        return -EBADMSG;
                route_spec(e->spec, via, sizeof(via), dev, sizeof(dev));
                bool has_gw = via[0] && ip_addr_parse(via, &gw, &reason) == 0;
                k = nsnl_route_del(r, &p, has_gw ? &gw : NULL, dev[0] ? dev : NULL);
                return k == -ESRCH || k == -ENOENT || k == -ENODEV ? 0 : k;
        }
        default:
                return -EBADMSG;
        }
}

/* Whether removing E is already done by removing a namespace set in
 * GONE (a tsearch tree of set names): everything in a network namespace
 * goes with it, and a veth goes with either of its ends. */
static int cmp_str(const void *a, const void *b) {
        return strcmp(a, b);
}

static void noop_free(void *p) {
        (void)p;
}

static bool goes_with_set(const struct topo_entry *e, void *gone) {
        if (!gone)
                return false;
        enum topo_obj_kind kind = kind_of_key(e->key);
        if (kind == TOBJ_NS || kind == TOBJ_NAT || kind == TOBJ_KIND_MAX)
                return false;
        _cleanup_free_ char *key = strdup(e->key);
        char *f[5];
        if (!key)
                return false;
        size_t n = topo_key_split(key, f, 5);
        if (n > 1 && f[1][0] && tfind(f[1], &gone, cmp_str))
                return true;
        return kind == TOBJ_LINK && n == 5 && f[3][0] && tfind(f[3], &gone, cmp_str);
}

/* ---- removing the marked entries of a record --------------------------- */

/* Remove one entry; when that fails, once more on a fresh route socket
 * (a failed send can leave libnl's sequence numbers out of step with the
 * kernel's replies, and every later request on that socket would fail). */
static int remove_entry_retry(struct ctx *c, const struct topo_entry *e) {
        int k = remove_entry(c, e);
        if (k >= 0)
                return k;
        _cleanup_free_ char *key = strdup(e->key);
        char *f[5];
        if (key && topo_key_split(key, f, 5) > 1)
                topo_ctx_forget(c, f[1]);
        return remove_entry(c, e);
}

/* End the processes inside the sets among R's entries marked in RM, all
 * in one pass over /proc (a pass per set would cost a look at every
 * process of the machine per set: 1000 sets, 1000 passes).  M keeps the
 * sets' namespaces for the last look, after they are gone. */
static int end_processes(struct ctx *c, const struct topo_record *r, const bool *rm, struct ns_match *m) {
        const struct ns_set **sets = malloc((r->n + 1) * sizeof(*sets));
        size_t n = 0;
        if (!sets)
                return -ENOMEM;
        for (size_t i = 0; i < r->n; i++) {
                if (!rm[i] || kind_of_key(r->e[i].key) != TOBJ_NS)
                        continue;
                /* A set a forced delete is ending counts too. */
                const struct ns_set *set = nsstore_find_any(c->st, r->e[i].key + 3);
                if (set)
                        sets[n++] = set;
        }
        int k = ns_match_init(m, sets, n);
        free(sets);
        if (k >= 0)
                k = ns_procs_terminate_match(m, NSSTORE_FORCE_GRACE_MS);
        if (k < 0)
                ns_match_done(m);
        return k;
}

/* Remove R's entries marked in RM, last first, journalling each.  Goes on
 * past a failure (the first is described in FAIL and returned), so that a
 * rollback or destroy removes all it can; DONE marks what went. */
int topo_remove_marked(struct ctx *c, int jfd, const struct topo_record *r, const bool *rm, bool *done,
                       struct topo_failure *fail, size_t *count) {
        struct ns_match procs;
        void *gone = NULL;
        int k = 0;
        for (size_t i = 0; i < r->n; i++)
                if (rm[i] && kind_of_key(r->e[i].key) == TOBJ_NS)
                        (void)tsearch(r->e[i].key + 3, &gone, cmp_str);
        /* Otherwise each set is looked at on its own, as a forced delete. */
        c->procs_ended = gone && end_processes(c, r, rm, &procs) >= 0;
        for (size_t i = r->n; i-- > 0;) {
                if (!rm[i])
                        continue;
                keepalive_ping();
                if (!goes_with_set(&r->e[i], gone)) {
                        int q = remove_entry_retry(c, &r->e[i]);
                        if (q < 0) {
                                if (k >= 0) {
                                        topo_fail_set(fail, r->e[i].key, q);
                                        k = q;
                                }
                                continue;
                        }
                }
                if (jfd >= 0)
                        (void)topo_journal_removed(jfd, r->e[i].key);
                done[i] = true;
                (*count)++;
        }
        tdestroy(gone, noop_free);
        if (c->procs_ended) {
                /* Whoever entered a set (nsenter, ip netns exec) between
                 * the pass above and its removal is still in its
                 * namespaces: no grace for them. */
                (void)ns_procs_terminate_match(&procs, 0);
                ns_match_done(&procs);
                c->procs_ended = false;
        }
        return k;
}

/* ---- the record after a removal ---------------------------------------- */

/* Write REC, or remove it when it holds nothing and no document. */
int topo_save_record(struct nsstore *st, const struct topo_record *rec) {
        if (rec->n == 0 && !rec->document)
                return topo_record_remove(st->rt->topo_fd, rec->name);
        return topo_record_write(st->rt->topo_fd, rec);
}

/* The record after R's marked entries went: what is left of R. */
int topo_keep_unmarked(const struct topo_record *r, const bool *gone, struct topo_record *ret) {
        *ret = (struct topo_record){ .owner = r->owner };
        snprintf(ret->name, sizeof(ret->name), "%s", r->name);
        snprintf(ret->host, sizeof(ret->host), "%s", r->host);
        ret->document = r->document ? json_object_get(r->document) : NULL;
        for (size_t i = 0; i < r->n; i++)
                if (!gone[i] && topo_record_append(ret, r->e[i].key, r->e[i].spec, r->e[i].undo) < 0)
                        return -ENOMEM;
        return 0;
}
