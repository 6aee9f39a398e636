/* Persisted sets: `create --persist` records a set's name, types, options
 * and owner in STATE_DIR/sets/NAME.json, so a daemon starting after a reboot
 * (runtime directory empty, holders gone) makes it again. */
#pragma once

#include "nsstore.h"

/* Atomically (temp file, fsync, rename, fsync of the directory). */
int persist_save(struct runtime *rt, const struct ns_set *set);
int persist_remove(struct runtime *rt, const char *name);

/* Recreate every persisted set the store does not have; logs each. */
void persist_restore(struct nsstore *st);
