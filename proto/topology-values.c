/* The single values of a topology file, checked without the parser's
 * state: shaping values ("10mbit", "2.5ms", "0.5%") and sysctl keys.  Apart
 * from topology.c because they are not about the document's structure, and
 * the daemon's io.nsctl.Network shaping call (`nsctl link shape --rate ...`)
 * checks its values with the same functions (declared in topology.h). */
#include "topology.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

/* ---- shaping values ----------------------------------------------------- */

/* "DIGITS[.DIGITS]" then a unit: the number is returned as MANT * 10^-FRAC
 * with no trailing zeros in the fraction, *RET_UNIT points at the unit. */
static int parse_decimal(const char *s, uint64_t *ret_mant, unsigned *ret_frac, const char **ret_unit) {
        const char *p = s, *frac_start = NULL, *frac_end;
        uint64_t mant = 0;
        unsigned frac = 0;

        if (!s || *s < '0' || *s > '9')
                return -EINVAL;
        for (; *p >= '0' && *p <= '9'; p++)
                if (__builtin_mul_overflow(mant, 10, &mant) || __builtin_add_overflow(mant, (uint64_t)(*p - '0'), &mant))
                        return -ERANGE;
        if (*p == '.') {
                frac_start = ++p;
                if (*p < '0' || *p > '9')
                        return -EINVAL;
                while (*p >= '0' && *p <= '9')
                        p++;
                frac_end = p;
                while (frac_end > frac_start && frac_end[-1] == '0')
                        frac_end--;
                for (const char *c = frac_start; c < frac_end; c++, frac++)
                        if (__builtin_mul_overflow(mant, 10, &mant) ||
                            __builtin_add_overflow(mant, (uint64_t)(*c - '0'), &mant))
                                return -ERANGE;
        }
        *ret_mant = mant;
        *ret_frac = frac;
        *ret_unit = p;
        return 0;
}

/* MANT * 10^-FRAC * 10^EXP as a whole number, or -EINVAL if it is not one,
 * -ERANGE if it does not fit. */
static int scale(uint64_t mant, unsigned frac, unsigned exp, uint64_t *ret) {
        if (mant == 0) {
                *ret = 0;
                return 0;
        }
        if (frac > exp)
                return -EINVAL; /* mant has no trailing zero in its fraction */
        for (unsigned i = frac; i < exp; i++)
                if (__builtin_mul_overflow(mant, 10, &mant))
                        return -ERANGE;
        *ret = mant;
        return 0;
}

struct unit {
        const char *name;
        unsigned exp;
};

static int parse_with_units(const char *s, const struct unit *units, uint64_t *ret) {
        uint64_t mant;
        unsigned frac;
        const char *unit;
        int r;

        r = parse_decimal(s, &mant, &frac, &unit);
        if (r < 0)
                return r;
        for (const struct unit *u = units; u->name; u++)
                if (strcasecmp(unit, u->name) == 0)
                        return scale(mant, frac, u->exp, ret);
        return -EINVAL;
}

int topology_parse_rate(const char *s, uint64_t *ret_bps) {
        static const struct unit units[] = {
                { "", 0 }, { "bit", 0 }, { "kbit", 3 }, { "mbit", 6 }, { "gbit", 9 }, { NULL, 0 },
        };
        uint64_t v;
        int r = parse_with_units(s, units, &v);
        if (r < 0)
                return r;
        if (v == 0)
                return -EINVAL;
        *ret_bps = v;
        return 0;
}

int topology_parse_time(const char *s, uint32_t *ret_us) {
        static const struct unit units[] = {
                { "us", 0 }, { "ms", 3 }, { "s", 6 }, { NULL, 0 },
        };
        uint64_t v;
        int r = parse_with_units(s, units, &v);
        if (r < 0)
                return r;
        if (v > UINT32_MAX)
                return -ERANGE;
        *ret_us = (uint32_t)v;
        return 0;
}

int topology_parse_loss(const char *s, uint32_t *ret_ppm) {
        static const struct unit units[] = {
                { "%", 4 }, { NULL, 0 },
        };
        uint64_t v;
        int r = parse_with_units(s, units, &v);
        if (r < 0)
                return r;
        if (v == 0 || v > 1000000)
                return -ERANGE;
        *ret_ppm = (uint32_t)v;
        return 0;
}

/* ---- sysctl keys ------------------------------------------------------- */

int topology_sysctl_check(const char *key, const char **ret_reason) {
        size_t len;

        if (!key || !*key) {
                *ret_reason = "the sysctl key is empty";
                return -EINVAL;
        }
        len = strlen(key);
        if (len > TOPO_SYSCTL_KEY_MAX) {
                *ret_reason = "the sysctl key is longer than 128 bytes";
                return -EINVAL;
        }
        if (strncmp(key, "net.", 4) != 0) {
                *ret_reason = "only net.* sysctls can be set";
                return -EINVAL;
        }
        for (const char *p = key; *p; p++) {
                char c = *p;
                if (c == '/') {
                        *ret_reason = "'/' is not allowed in a sysctl key";
                        return -EINVAL;
                }
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
                        *ret_reason = "a sysctl key may contain only a-z, 0-9, '_', '-' and '.'";
                        return -EINVAL;
                }
                if (c == '.' && (p[1] == '.' || p[1] == '\0')) {
                        *ret_reason = "a sysctl key has an empty component";
                        return -EINVAL;
                }
        }
        return 0;
}
