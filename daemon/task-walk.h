/* One look at the tasks of the machine: for every task but the daemon's
 * own, its process (tgid) and the inodes of the namespaces asked for.  From
 * the BPF task iterator when it is loaded, else from /proc (thread-group
 * leaders only there).  ns-procs.c matches sets' namespaces against it. */
#pragma once

#include <stddef.h>

#include "ns-procs-bpf-record.h"

struct task_walk {
        unsigned types;               /* the inodes filled in, bits by enum ns_type */
        struct ns_task_record *task;  /* N of them, in the kernel's order */
        size_t n, cap;
};

/* Walk the tasks again into W (its array reused), reading the namespaces
 * of TYPES.  Returns 0 or a negative errno (W then holds no task). */
int task_walk_take(struct task_walk *w, unsigned types);
void task_walk_free(struct task_walk *w);
