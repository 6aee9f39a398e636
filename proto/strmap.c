/* The string map of strmap.h: open addressing with linear probing. */
#include "strmap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int strmap_init(struct strmap *m, size_t n) {
        size_t cap = 16;
        while (cap < 2 * n + 16)
                cap <<= 1;
        m->keys = calloc(cap, sizeof(*m->keys));
        m->vals = calloc(cap, sizeof(*m->vals));
        m->mask = cap - 1;
        return m->keys && m->vals ? 0 : -ENOMEM;
}

void strmap_done(struct strmap *m) {
        if (m->keys)
                for (size_t i = 0; i <= m->mask; i++)
                        free(m->keys[i]);
        free(m->keys);
        free(m->vals);
        m->keys = NULL;
        m->vals = NULL;
}

static size_t strmap_slot(const struct strmap *m, const char *key) {
        size_t i = fnv1a(key) & m->mask;
        while (m->keys[i] && strcmp(m->keys[i], key) != 0)
                i = (i + 1) & m->mask;
        return i;
}

bool strmap_get(const struct strmap *m, const char *key, size_t *ret) {
        size_t i = strmap_slot(m, key);
        if (!m->keys[i])
                return false;
        if (ret)
                *ret = m->vals[i];
        return true;
}

int strmap_put(struct strmap *m, const char *key, size_t val, size_t *ret_old) {
        size_t i = strmap_slot(m, key);
        if (m->keys[i]) {
                if (ret_old)
                        *ret_old = m->vals[i];
                return 1;
        }
        m->keys[i] = strdup(key);
        if (!m->keys[i])
                return -ENOMEM;
        m->vals[i] = val;
        return 0;
}
