/* IPv4 and IPv6 addresses and prefixes as users write them
 * ("198.18.0.1/24", "2001:db8::1/64", "198.18.0.1"), parsed and checked in
 * one place before anything is made from them. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ip_prefix {
        int family;       /* AF_INET or AF_INET6 */
        uint8_t addr[16]; /* network byte order; 4 bytes used for AF_INET */
        uint8_t len;      /* prefix length: 0..32 or 0..128 */
};

/* Longest text form: an IPv6 address, "/", three digits, NUL. */
#define IP_PREFIX_STRLEN 50

/* "ADDR/LEN" or "ADDR" (then LEN is the full 32 or 128).  Host bits may be
 * set, as `ip addr add 198.18.0.1/24` allows.  Returns 0, or -EINVAL with
 * *ret_reason a static explanation ("prefix length out of range", ...). */
int ip_prefix_parse(const char *s, struct ip_prefix *ret, const char **ret_reason);

/* An address without a prefix length ("198.18.0.1"); LEN is set full. */
int ip_addr_parse(const char *s, struct ip_prefix *ret, const char **ret_reason);

/* "ADDR/LEN" into BUF (at least IP_PREFIX_STRLEN bytes). */
void ip_prefix_format(const struct ip_prefix *p, char *buf, size_t size);
/* "ADDR" only. */
void ip_addr_format(const struct ip_prefix *p, char *buf, size_t size);

/* Same family, address and length. */
bool ip_prefix_equal(const struct ip_prefix *a, const struct ip_prefix *b);
/* Same family and address; the lengths may differ. */
bool ip_addr_equal(const struct ip_prefix *a, const struct ip_prefix *b);

/* True if any bit after the first LEN is set ("198.18.1.5/24"): fine for an
 * interface address, refused by the kernel for a route's destination. */
bool ip_prefix_host_bits_set(const struct ip_prefix *p);
/* P with the host bits cleared ("198.18.1.5/24" -> "198.18.1.0/24"). */
void ip_prefix_mask(const struct ip_prefix *p, struct ip_prefix *ret);
