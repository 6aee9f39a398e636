/* Persisted topologies: `topo apply --persist` keeps the document, the host
 * it was made for and its owner in STATE_DIR/topologies/NAME.json, so that
 * a daemon starting after a reboot (runtime directory empty) applies it
 * again, as DESIGN.md has it for declared namespaces and topologies. */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>
#include <sys/types.h>

struct nsstore;
struct runtime;

int topo_persist_save(struct runtime *rt, const char *name, json_object *doc, const char *host, uid_t uid,
                      gid_t gid);
int topo_persist_remove(struct runtime *rt, const char *name);
bool topo_persist_has(struct runtime *rt, const char *name);

/* Apply every persisted topology that has no record in the runtime
 * directory (after a reboot), as its owner; logs each. */
void topo_persist_restore(struct nsstore *st);
