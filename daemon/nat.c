#include "nat.h"

#include <errno.h>
#include <fcntl.h>
#include <nftables/libnftables.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "names.h"
#include "util.h"

#define IP_FORWARD "/proc/sys/net/ipv4/ip_forward"

void nat_table_name(const char *bridge, const char *net_text, char *buf, size_t size) {
        /* FNV-1a: interface names may hold characters nft identifiers
         * may not, and the name must be the same after a restart. */
        uint32_t h = 2166136261u;
        for (const char *s = bridge; *s; s++)
                h = (h ^ (uint8_t)*s) * 16777619u;
        h = (h ^ '|') * 16777619u;
        for (const char *s = net_text; *s; s++)
                h = (h ^ (uint8_t)*s) * 16777619u;
        snprintf(buf, size, "nsctl_nat_%08x", h);
}

/* Run CMD; with OUT, a copy of nft's output goes there (malloc'd). */
static int run_out(const char *cmd, char **out) {
        struct nft_ctx *nft = nft_ctx_new(NFT_CTX_DEFAULT);
        if (!nft)
                return -ENOMEM;
        /* Keep nft's messages out of the daemon's stderr. */
        nft_ctx_buffer_output(nft);
        nft_ctx_buffer_error(nft);
        int r = nft_run_cmd_from_buffer(nft, cmd);
        const char *err = nft_ctx_get_error_buffer(nft);
        int ret = 0;
        if (r != 0)
                ret = err && strstr(err, "No such file") ? -ENOENT : err && strstr(err, "File exists") ? -EEXIST : -EPROTO;
        if (out && ret == 0) {
                const char *o = nft_ctx_get_output_buffer(nft);
                *out = strdup(o ? o : "");
                if (!*out)
                        ret = -ENOMEM;
        }
        nft_ctx_free(nft);
        return ret;
}

static int run(const char *cmd) {
        return run_out(cmd, NULL);
}

/* The ip_forward value from before the first NAT table of ours, as the
 * comment of an existing one records it ("... ip_forward was 0"); "" when
 * there is none. */
static void forward_before_others(char *buf, size_t size) {
        char *tables = NULL, *table = NULL, cmd[96];
        buf[0] = 0;
        if (run_out("list tables ip", &tables) < 0)
                return;
        const char *t = strstr(tables, "nsctl_nat_");
        if (t && sscanf(t, "%31[a-z0-9_]", cmd + 64) == 1) {
                snprintf(cmd, 64, "list table ip %s", cmd + 64);
                if (run_out(cmd, &table) == 0) {
                        const char *w = strstr(table, "ip_forward was ");
                        if (w && (w[15] == '0' || w[15] == '1'))
                                snprintf(buf, size, "%c", w[15]);
                }
        }
        free(table);
        free(tables);
}

/* Whether any NAT table of ours is left (another bridge's). */
static bool nat_tables_left(void) {
        char *out = NULL;
        bool left = run_out("list tables ip", &out) == 0 && strstr(out, "nsctl_nat_") != NULL;
        free(out);
        return left;
}

/* Read the old value into OLD (if given), then write VALUE (if given). */
static int forward_set(const char *value, char *old, size_t old_size) {
        _cleanup_close_ int fd = open(IP_FORWARD, O_RDWR | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        if (old && old_size > 1) {
                ssize_t k = read(fd, old, old_size - 1);
                if (k < 0)
                        return negative_errno();
                old[k] = 0;
                old[strcspn(old, "\n")] = 0;
        }
        if (value && pwrite(fd, value, strlen(value), 0) != (ssize_t)strlen(value))
                return negative_errno();
        return 0;
}

int nat_add(const char *bridge, const struct ip_prefix *net, char *undo, size_t undo_size) {
        char table[32], text[IP_PREFIX_STRLEN], cmd[1024];
        struct ip_prefix masked = *net;

        if (net->family != AF_INET)
                return -EAFNOSUPPORT;
        ip_prefix_format(net, text, sizeof(text));
        nat_table_name(bridge, text, table, sizeof(table));
        /* nft wants the network, not an address inside it. */
        for (unsigned bit = net->len; bit < 32; bit++)
                masked.addr[bit / 8] &= (uint8_t)~(0x80u >> (bit % 8));
        char netw[IP_PREFIX_STRLEN];
        ip_prefix_format(&masked, netw, sizeof(netw));
        /* What to put back when the last NAT of ours goes: the value from
         * before the first, which every table's comment carries. */
        char before[8];
        forward_before_others(before, sizeof(before));
        if (!before[0]) {
                int k = forward_set(NULL, before, sizeof(before));
                if (k < 0)
                        return k;
        }
        snprintf(cmd, sizeof(cmd),
                 "add table ip %s { comment \"nsctl: NAT for bridge %s, ip_forward was %s\"; }\n"
                 "add chain ip %s postrouting { type nat hook postrouting priority srcnat; policy accept; }\n"
                 "add rule ip %s postrouting ip saddr %s oifname != \"%s\" masquerade\n"
                 "add chain ip %s forward { type filter hook forward priority filter; policy accept; }\n"
                 "add rule ip %s forward iifname \"%s\" accept\n"
                 "add rule ip %s forward oifname \"%s\" ct state established,related accept\n",
                 table, bridge, before, table, table, netw, bridge, table, table, bridge, table, bridge);
        /* "add table" does not fail on an existing table: check first. */
        char probe[64];
        snprintf(probe, sizeof(probe), "list table ip %s", table);
        if (run(probe) == 0)
                return -EEXIST;
        int r = run(cmd);
        if (r < 0) {
                snprintf(probe, sizeof(probe), "delete table ip %s", table);
                (void)run(probe);
                return r;
        }
        r = forward_set("1", NULL, 0);
        snprintf(undo, undo_size, "%s", before);
        if (r < 0) {
                snprintf(probe, sizeof(probe), "delete table ip %s", table);
                (void)run(probe);
        }
        return r;
}

int nat_del(const char *bridge, const char *net_text, const char *undo) {
        char table[32], cmd[64];
        nat_table_name(bridge, net_text, table, sizeof(table));
        snprintf(cmd, sizeof(cmd), "delete table ip %s", table);
        int r = run(cmd);
        if (r < 0 && r != -ENOENT)
                return r;
        /* Forwarding goes back to what it was before the first NAT of
         * ours; while another bridge's NAT is in place it stays on. */
        if (undo && strcmp(undo, "0") == 0 && !nat_tables_left())
                (void)forward_set(undo, NULL, 0);
        return 0;
}

int nat_del_bridge(const char *bridge) {
        char *tables = NULL, name[32], cmd[96], want[NSCTL_IFNAME_MAX + 32], before = 0;
        int r = run_out("list tables ip", &tables);
        if (r < 0)
                return r;
        /* The comment names the bridge: "nsctl: NAT for bridge BR, ...". */
        snprintf(want, sizeof(want), "NAT for bridge %s,", bridge);
        for (const char *t = tables; (t = strstr(t, "nsctl_nat_")); t += 10) {
                char *table = NULL;
                if (sscanf(t, "%31[a-z0-9_]", name) != 1)
                        continue;
                snprintf(cmd, sizeof(cmd), "list table ip %s", name);
                if (run_out(cmd, &table) == 0 && strstr(table, want)) {
                        const char *w = strstr(table, "ip_forward was ");
                        if (w && (w[15] == '0' || w[15] == '1'))
                                before = w[15];
                        snprintf(cmd, sizeof(cmd), "delete table ip %s", name);
                        int k = run(cmd);
                        if (k < 0 && k != -ENOENT)
                                r = k;
                }
                free(table);
        }
        free(tables);
        if (r == 0 && before == '0' && !nat_tables_left())
                (void)forward_set("0", NULL, 0);
        return r;
}
