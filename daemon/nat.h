/* Egress for a bridge's subnet: masquerading out of the host and
 * forwarding, as nftables rules in a table of their own (through
 * libnftables, no `nft` process), so removing it removes exactly what was
 * added. */
#pragma once

#include <stddef.h>

#include "ip-prefix.h"

/* Enable forwarding (net.ipv4.ip_forward=1 in the daemon's namespace; the
 * old value goes to UNDO) and masquerade NET's traffic leaving through any
 * interface other than BRIDGE.  -EEXIST if the table is there already. */
int nat_add(const char *bridge, const struct ip_prefix *net, char *undo, size_t undo_size);

/* Remove that table (gone already is fine) and put ip_forward back to
 * UNDO when given.  NET_TEXT is the prefix as ip_prefix_format wrote it. */
int nat_del(const char *bridge, const char *net_text, const char *undo);

/* Remove every NAT table of BRIDGE (as `nsctl bridge del` does), putting
 * forwarding back after the last NAT of ours. */
int nat_del_bridge(const char *bridge);

/* The table's name for BRIDGE and NET ("nsctl_nat_" and 8 hex digits). */
void nat_table_name(const char *bridge, const char *net_text, char *buf, size_t size);
