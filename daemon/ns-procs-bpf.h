/* The tasks of the machine and their namespaces, from a BPF task iterator:
 * one read(2) walks every task inside the kernel, where ns-procs.c's /proc
 * walk costs a readlink per process and type.  Loaded once; when it is not
 * loaded (not built, --no-bpf, or the kernel refused it) ns-procs.c walks
 * /proc instead. */
#pragma once

#include <errno.h>
#include <stddef.h>

#include "ns-procs-bpf-record.h"

#ifdef HAVE_BPF
/* Load the iterator (a second call does nothing).  Returns 0, or a
 * negative errno saying why it cannot be used: -ENOSYS or -EINVAL without
 * bpf(2) (valgrind), -EPERM without the privilege, -ENOENT without kernel
 * BTF, ... */
int ns_procs_bpf_load(void);
/* The same at the first walk, for the daemon: loading parses the kernel's
 * BTF (about 75 ms here, seconds under valgrind), which a start (socket
 * activation, a restart after a crash) must not wait for, nor pay at all
 * when nothing is deleted.  That walk logs how processes are found. */
void ns_procs_bpf_load_lazily(void);
/* Free what the load made. */
void ns_procs_bpf_unload(void);
/* Call FN for every task of the caller's PID namespace, one record per
 * thread (but kernel threads, and threads where their leader is), as the
 * iterator reads them (a few pages at a time, nothing allocated); only the
 * inodes of TYPES (bits by enum ns_type) are filled in, the others are 0.
 * Returns 0, FN's first negative return, a negative errno from the read,
 * or -ENOTCONN when not loaded. */
int ns_procs_bpf_walk(unsigned types, int (*fn)(const struct ns_task_record *task, void *data), void *data);
#else
/* Built without BPF (configure --with-bpf=no, or no clang/libbpf). */
static inline int ns_procs_bpf_load(void) {
        return -EOPNOTSUPP;
}
static inline void ns_procs_bpf_load_lazily(void) {
}
static inline void ns_procs_bpf_unload(void) {
}
static inline int ns_procs_bpf_walk(unsigned types, int (*fn)(const struct ns_task_record *task, void *data),
                                    void *data) {
        return -ENOTCONN;
}
#endif
