/* The topology engine: makes the difference between what a topology has
 * made (its record) and what its file asks for, step by step with a
 * journal, and undoes its own steps when one fails.  Knows nothing of the
 * protocol; the method handlers turn its results into replies. */
#pragma once

#include <json-c/json.h>
#include <stddef.h>
#include <sys/types.h>

#include "nsstore.h"
#include "topology.h"

struct topo_result {
        size_t created, removed, unchanged;
};

/* Why an apply or destroy failed: the element of the file (or the key of
 * a recorded object) and the reason. */
struct topo_failure {
        char element[192];
        char reason[256];
};

/* Make HOST's share of T (HOST: one of T's hosts, or NULL when T has
 * none; see topo_choose_host).  Returns 0, or:
 *  -EINVAL: an element's namespace options are wrong (FAIL says which),
 *   or HOST is not one of T's hosts;
 *  -EPERM: the topology belongs to another user;
 *  -ECANCELED: a step failed; everything this apply made is removed again
 *   (what it had already removed of the previous version stays removed);
 *  other negative errnos for failures of the engine itself. */
int topo_apply(struct nsstore *st, const struct topology *t, json_object *doc, const char *host, uid_t uid,
               gid_t gid, struct topo_result *res, struct topo_failure *fail);

/* Remove everything the topology made, last made first.  -ENOENT if there
 * is no such topology; -ECANCELED if something could not be removed (it
 * stays recorded, FAIL says what). */
int topo_destroy(struct nsstore *st, const char *name, struct topo_result *res, struct topo_failure *fail);

/* At start: finish what a killed daemon left half done.  An interrupted
 * apply is rolled back (the objects it made are removed), an interrupted
 * destroy is finished.  Logs each decision. */
void topo_reconcile(struct nsstore *st);

/* Names of the recorded topologies, sorted, malloc'd. */
int topo_list(struct nsstore *st, char ***ret, size_t *ret_n);
