/* Labs across hosts: which of a topology's hosts this daemon is, and what
 * Show says about the hosts.  Knows nothing of the protocol's framing; the
 * method handlers call it. */
#pragma once

#include <stddef.h>

#include <json-c/json.h>

#include "nsstore.h"
#include "topo-record.h"
#include "topology.h"

/* The host whose share of T this daemon makes, in *RET_HOST (a name in T,
 * or NULL for a topology without hosts): REQUESTED (the apply's "host")
 * when given, else the one host of T whose underlay address is an address
 * of the daemon's network namespace.  -EINVAL with REASON filled in when
 * REQUESTED is given for a topology without hosts or is not one of them,
 * or when none or several of the hosts are local; -ENOMEM. */
int topo_choose_host(struct nsstore *st, const struct topology *t, const char *requested, const char **ret_host,
                     char *reason, size_t reason_size);

/* Show's view of a recorded topology with hosts: adds to P "host" (the one
 * this daemon made its share for) and "hosts" (each with its underlay,
 * whether it is this one, and its sets and bridges), and marks each VXLAN
 * object of OBJS (the reply's objects, in REC's order) with "vni",
 * "remoteHost" and "remoteEnd", the end on the other host.  Nothing for a
 * topology without hosts. */
void topo_show_hosts(const struct topo_record *rec, json_object *p, json_object *objs);
