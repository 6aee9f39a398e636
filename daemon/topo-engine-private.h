/* What the topology engine's files share: the context of one apply or
 * destroy with its route sockets (topo-engine.c), and the removal of
 * recorded objects that apply, rollback, destroy and reconcile all use
 * (topo-remove.c; destroy and reconcile are in topo-destroy.c).  Not for
 * anyone else: the rest of the daemon goes through topo-engine.h. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "names.h"
#include "nsnl.h"
#include "nsstore.h"
#include "topo-engine.h"
#include "topo-record.h"

/* A few sockets are kept while a topology is worked on: objects of one
 * namespace come together, and a link needs both of its ends. */
#define RTNL_CACHE 8

struct ctx {
        struct nsstore *st;
        uint16_t vxlan_port;
        struct {
                char netns[NSCTL_NAME_MAX + 1];
                struct nsnl *r;
                unsigned long used; /* when last handed out */
        } cache[RTNL_CACHE];
        unsigned long tick;
        bool procs_ended; /* of the sets being removed: end_processes() */
};

/* ---- topo-engine.c ----------------------------------------------------- */

/* Close C's sockets. */
void topo_ctx_done(struct ctx *c);
/* The socket for NETNS ("" the host).  -ENOENT when the set is gone. */
int topo_ctx_nsnl(struct ctx *c, const char *netns, struct nsnl **ret);
/* Forget a namespace's socket (its namespace is going away). */
void topo_ctx_forget(struct ctx *c, const char *netns);
/* FAIL says that ELEMENT (of the file, or a recorded key) failed with
 * ERR, a negative errno, in words. */
void topo_fail_set(struct topo_failure *fail, const char *element, int err);

/* ---- topo-remove.c ----------------------------------------------------- */

/* Remove R's entries marked in RM, last first, journalling each (JFD, or
 * -1 for none).  Goes on past a failure (the first is described in FAIL
 * and returned), so that a rollback or destroy removes all it can; DONE
 * marks what went, *COUNT counts it. */
int topo_remove_marked(struct ctx *c, int jfd, const struct topo_record *r, const bool *rm, bool *done,
                       struct topo_failure *fail, size_t *count);
/* Write REC, or remove it when it holds nothing and no document. */
int topo_save_record(struct nsstore *st, const struct topo_record *rec);
/* The record after R's entries marked in GONE went: what is left of R,
 * into RET (topo_record_done() it, even on -ENOMEM). */
int topo_keep_unmarked(const struct topo_record *r, const bool *gone, struct topo_record *ret);
