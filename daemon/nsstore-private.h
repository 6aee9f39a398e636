/* What nsstore.c and nsstore-reconcile.c share; the rest of the daemon
 * goes through nsstore.h. */
#pragma once

#include <stdbool.h>

#include "nsstore.h"

/* A set named NAME with nothing made yet (no holder: its pidfd is -1). */
struct ns_set *nsstore_set_new(const char *name);
/* Frees a set (a void * for tdestroy), closing its holder's pidfd. */
void nsstore_set_free(void *p);
/* Adds SET to the store (-EEXIST if the name is taken) and tells the
 * holder_added hook about its holder. */
int nsstore_insert(struct nsstore *st, struct ns_set *set);
/* Whether the set's "net" in DFD is one we made (see nsstore.c). */
bool nsstore_is_net_link(struct nsstore *st, int dfd, const char *name, unsigned long long *ret_mount_inode);
/* Removes every trace of set NAME that may exist (see nsstore.c): rollback,
 * delete and reconcile all leave the same nothing. */
int nsstore_remove_traces(struct nsstore *st, const char *name, unsigned types, bool owns_netns, int holder_pidfd);
