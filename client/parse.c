#include "parse.h"

#include <errno.h>
#include <string.h>

#include "ns-types.h"

/* Digits only, by hand: strtoull would accept blanks, a sign (and negate
 * "-1" into a huge value) and "0x". */
int parse_uint(const char *s, uint64_t max, uint64_t *ret) {
        uint64_t v = 0;

        if (!*s)
                return -EINVAL;
        for (const char *p = s; *p; p++) {
                unsigned d;

                if (*p < '0' || *p > '9')
                        return -EINVAL;
                d = (unsigned)(*p - '0');
                if (v > (max - d) / 10)
                        return -ERANGE;
                v = v * 10 + d;
        }
        *ret = v;
        return 0;
}

int parse_int64(const char *s, int64_t *ret) {
        bool negative = s[0] == '-';
        uint64_t v;
        int r;

        if (s[0] == '-' || s[0] == '+')
                s++;
        /* One more in magnitude below zero than above it. */
        r = parse_uint(s, negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, &v);
        if (r < 0)
                return r;
        if (negative)
                *ret = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
        else
                *ret = (int64_t)v;
        return 0;
}

/* The next ':'-separated field of *P as a uint32; advances *P past it. */
static int next_id(const char **p, bool last, uint32_t *ret, const char **ret_reason) {
        size_t n = strcspn(*p, ":");
        char buf[16];
        uint64_t v;
        int r;

        if ((*p)[n] == (last ? ':' : '\0')) {
                *ret_reason = "expected INSIDE:OUTSIDE:COUNT";
                return -EINVAL;
        }
        if (n == 0 || n >= sizeof(buf)) {
                *ret_reason = n == 0 ? "expected INSIDE:OUTSIDE:COUNT" : "number out of range (0..4294967295)";
                return -EINVAL;
        }
        memcpy(buf, *p, n);
        buf[n] = '\0';
        r = parse_uint(buf, UINT32_MAX, &v);
        if (r < 0) {
                *ret_reason = r == -ERANGE ? "number out of range (0..4294967295)" : "not a number (0..4294967295)";
                return -EINVAL;
        }
        *ret = (uint32_t)v;
        *p += n + (last ? 0 : 1);
        return 0;
}

int parse_id_range(const char *s, struct id_range *ret, const char **ret_reason) {
        struct id_range m;
        const char *p = s;

        if (next_id(&p, false, &m.inside, ret_reason) < 0 || next_id(&p, false, &m.outside, ret_reason) < 0 ||
            next_id(&p, true, &m.count, ret_reason) < 0)
                return -EINVAL;
        if (m.count == 0) {
                *ret_reason = "COUNT must be at least 1";
                return -EINVAL;
        }
        *ret = m;
        return 0;
}

int parse_type_list(const char *s, unsigned *ret, const char **ret_bad, int *ret_bad_len) {
        unsigned types = 0;

        for (const char *p = s;;) {
                size_t n = strcspn(p, ",");
                int t = -EINVAL;

                for (int i = 0; i < NS_TYPE_MAX; i++)
                        if (strlen(ns_type_name(i)) == n && strncmp(p, ns_type_name(i), n) == 0)
                                t = i;
                if (t < 0) {
                        *ret_bad = p;
                        *ret_bad_len = (int)n;
                        return -EINVAL;
                }
                types |= NS_TYPE_BIT(t);
                if (p[n] == '\0')
                        break;
                p += n + 1;
        }
        *ret = types;
        return 0;
}

bool parse_env_assignment(const char *s) {
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
                return false;
        for (s++; *s != '='; s++)
                if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
                      *s == '_'))
                        return false;
        return true;
}
