/* The runtime directories the daemon works in, opened once at start so that
 * every later path is resolved relative to a directory fd it owns. */
#pragma once

struct runtime {
        char *dir;        /* e.g. /run/nsctl */
        char *ns_dir;     /* DIR/ns: one subdirectory per namespace set */
        char *netns_dir;  /* /run/netns, where `ip netns` looks */
        char *state_dir;  /* /var/lib/nsctl */
        int dir_fd;
        int ns_fd;
        int netns_fd;
        int sets_fd;      /* STATE_DIR/sets: the persisted sets */
        int topologies_fd; /* STATE_DIR/topologies: the persisted topologies */
        int topo_fd;      /* DIR/topo: records and journals of topologies */
};

/* Create (if needed) and open the directories.  DIR/ns is made a private
 * mount (namespace files of mount namespaces can only be kept on one), and
 * NETNS_DIR is made a shared mount as iproute2 does it, so `ip netns exec`
 * sessions see namespaces made later. */
int runtime_open(struct runtime *rt, const char *dir, const char *netns_dir, const char *state_dir);
void runtime_close(struct runtime *rt);
