/* What the BPF task iterator (ns-procs-bpf.bpf.c) writes for each task, and
 * ns-procs-bpf.c reads: shared by the BPF program and the daemon, so only
 * fixed-size uapi types. */
#pragma once

#include <linux/types.h>

#include "ns-types.h"

struct ns_task_record {
        __u32 tgid;                 /* as the reader's PID namespace numbers it */
        __u32 tid;                  /* likewise, the thread itself */
        __u32 inum[NS_TYPE_MAX];    /* by enum ns_type, as /proc/TID/ns/TYPE */
};
