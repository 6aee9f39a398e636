#include "ip-prefix.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* inet_pton does the real work; what is checked here first is what it
 * would accept or reject without saying why, and what `ip` users trip
 * over: spaces, zone ids, empty parts, leading zeros in the length. */
static int parse_addr_part(const char *s, size_t len, struct ip_prefix *ret, const char **ret_reason) {
        char buf[INET6_ADDRSTRLEN];
        bool v6;

        if (len == 0) {
                *ret_reason = "the address is missing";
                return -EINVAL;
        }
        if (memchr(s, '%', len)) {
                *ret_reason = "zone ids (\"%eth0\") are not allowed";
                return -EINVAL;
        }
        if (len >= sizeof(buf)) {
                *ret_reason = "not an IPv4 or IPv6 address";
                return -EINVAL;
        }
        memcpy(buf, s, len);
        buf[len] = '\0';
        v6 = memchr(buf, ':', len) != NULL;

        memset(ret, 0, sizeof(*ret));
        if (inet_pton(v6 ? AF_INET6 : AF_INET, buf, ret->addr) != 1) {
                *ret_reason = v6 ? "not an IPv6 address" : "not an IPv4 address";
                return -EINVAL;
        }
        ret->family = v6 ? AF_INET6 : AF_INET;
        ret->len = v6 ? 128 : 32;
        return 0;
}

/* Refuse what inet_pton never sees: NULL, empty, and bytes that no address
 * contains (space, tab, newline, other controls and anything non-ASCII). */
static int check_chars(const char *s, const char **ret_reason) {
        if (!s || !*s) {
                *ret_reason = "the address is empty";
                return -EINVAL;
        }
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
                if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
                        *ret_reason = "spaces are not allowed in an address";
                        return -EINVAL;
                }
                if (*p < 0x20 || *p >= 0x7f) {
                        *ret_reason = "an address is ASCII letters, digits, '.', ':' and '/'";
                        return -EINVAL;
                }
        }
        return 0;
}

int ip_prefix_parse(const char *s, struct ip_prefix *ret, const char **ret_reason) {
        struct ip_prefix p;
        const char *slash, *l;
        unsigned len = 0;
        int r;

        r = check_chars(s, ret_reason);
        if (r < 0)
                return r;

        slash = strchr(s, '/');
        r = parse_addr_part(s, slash ? (size_t)(slash - s) : strlen(s), &p, ret_reason);
        if (r < 0)
                return r;
        if (slash) {
                l = slash + 1;
                if (!*l) {
                        *ret_reason = "the prefix length is missing after '/'";
                        return -EINVAL;
                }
                for (const char *c = l; *c; c++)
                        if (*c < '0' || *c > '9') {
                                *ret_reason = "the prefix length is not a number";
                                return -EINVAL;
                        }
                if (l[0] == '0' && l[1]) {
                        *ret_reason = "the prefix length has a leading zero";
                        return -EINVAL;
                }
                if (strlen(l) > 3) {
                        *ret_reason = "prefix length out of range";
                        return -EINVAL;
                }
                for (const char *c = l; *c; c++)
                        len = len * 10 + (unsigned)(*c - '0');
                if (len > p.len) {
                        *ret_reason = p.family == AF_INET ? "prefix length out of range (0..32 for IPv4)"
                                                          : "prefix length out of range (0..128 for IPv6)";
                        return -EINVAL;
                }
                p.len = (uint8_t)len;
        }
        *ret = p;
        return 0;
}

int ip_addr_parse(const char *s, struct ip_prefix *ret, const char **ret_reason) {
        int r = check_chars(s, ret_reason);
        if (r < 0)
                return r;
        if (strchr(s, '/')) {
                *ret_reason = "an address without a prefix length is expected here";
                return -EINVAL;
        }
        return ip_prefix_parse(s, ret, ret_reason);
}

void ip_addr_format(const struct ip_prefix *p, char *buf, size_t size) {
        char a[INET6_ADDRSTRLEN];

        if (!inet_ntop(p->family, p->addr, a, sizeof(a)))
                snprintf(a, sizeof(a), "?");
        snprintf(buf, size, "%s", a);
}

void ip_prefix_format(const struct ip_prefix *p, char *buf, size_t size) {
        char a[INET6_ADDRSTRLEN];

        ip_addr_format(p, a, sizeof(a));
        snprintf(buf, size, "%s/%u", a, (unsigned)p->len);
}

static size_t addr_bytes(int family) {
        return family == AF_INET6 ? 16 : 4;
}

bool ip_prefix_equal(const struct ip_prefix *a, const struct ip_prefix *b) {
        return a->family == b->family && a->len == b->len && memcmp(a->addr, b->addr, addr_bytes(a->family)) == 0;
}

bool ip_addr_equal(const struct ip_prefix *a, const struct ip_prefix *b) {
        return a->family == b->family && memcmp(a->addr, b->addr, addr_bytes(a->family)) == 0;
}

bool ip_prefix_host_bits_set(const struct ip_prefix *p) {
        size_t n = addr_bytes(p->family);

        for (size_t i = 0; i < n; i++) {
                unsigned bit0 = (unsigned)i * 8; /* first bit of this byte */
                uint8_t host_mask;

                if (bit0 + 8 <= p->len)
                        continue;
                host_mask = bit0 >= p->len ? 0xff : (uint8_t)(0xffu >> (p->len - bit0));
                if (p->addr[i] & host_mask)
                        return true;
        }
        return false;
}

void ip_prefix_mask(const struct ip_prefix *p, struct ip_prefix *ret) {
        size_t n = addr_bytes(p->family);

        *ret = *p;
        for (size_t i = 0; i < n; i++) {
                unsigned bit0 = (unsigned)i * 8;

                if (bit0 + 8 <= p->len)
                        continue;
                ret->addr[i] &= bit0 >= p->len ? 0 : (uint8_t)(0xff00u >> (p->len - bit0));
        }
}
