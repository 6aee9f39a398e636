/* A fixed-size string set/map with open addressing, for the topology
 * parser's uniqueness checks and lookups.  Sized once for the number of
 * keys it will hold, so that those checks stay linear even for
 * TOPO_MAX_ELEMENTS elements.  Kept apart from the parser because it knows
 * nothing of topologies. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 32-bit FNV-1a.  The map's hash, and also what made-up interface names and
 * VNIs are derived from (nsctl-topology(5) documents those), so its values
 * must not change. */
static inline uint32_t fnv1a(const char *s) {
        uint32_t h = 2166136261u;
        for (; *s; s++) {
                h ^= (unsigned char)*s;
                h *= 16777619u;
        }
        return h;
}

struct strmap {
        char **keys;
        size_t *vals;
        size_t mask;
};

/* Room for N keys; 0 or -ENOMEM.  strmap_done also undoes a failed init,
 * and does nothing on a zeroed map. */
int strmap_init(struct strmap *m, size_t n);
void strmap_done(struct strmap *m);

/* true and *RET (if RET) its value if KEY is in M. */
bool strmap_get(const struct strmap *m, const char *key, size_t *ret);
/* 0: added; 1: already there (*RET_OLD is its value); -ENOMEM. */
int strmap_put(struct strmap *m, const char *key, size_t val, size_t *ret_old);
