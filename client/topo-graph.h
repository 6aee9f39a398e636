/* A topology document as Graphviz DOT, for `nsctl topo graph NAME | dot
 * -Tsvg > lab.svg`. */
#pragma once

#include <stdio.h>

#include "topology.h"

/* Namespace sets are boxes, bridges ellipses, the host a diamond; each
 * link an edge labelled with its interface names and addresses.  A
 * topology with hosts has one cluster per host (subgraph cluster_HOST,
 * labelled with its underlay; LOCAL, when not NULL, is marked as this
 * host), each host's own namespace is a diamond in its cluster, and links
 * between hosts are dashed edges labelled with their VNI. */
void topo_graph_print(FILE *f, const struct topology *t, const char *local);
