/* A topology document as Graphviz DOT, for `nsctl topo graph NAME | dot
 * -Tsvg > lab.svg`. */
#pragma once

#include <stdio.h>

#include "topology.h"

/* Namespace sets are boxes, bridges ellipses, the host a diamond; each
 * link an edge labelled with its interface names and addresses. */
void topo_graph_print(FILE *f, const struct topology *t);
