// SPDX-License-Identifier: GPL-2.0
/* The BPF task iterator behind ns-procs-bpf.c: for every task (thread) of
 * the reader's PID namespace, its tgid and the inode numbers of its
 * namespaces, as /proc/TID/ns/TYPE would show them.  One read(2) of the
 * iterator walks every task inside the kernel, where a /proc lookup per
 * process and type costs a path walk each.
 *
 * CO-RE: the kernel structs are declared here, only the fields read, with
 * preserve_access_index, and libbpf moves the offsets to the running
 * kernel's at load time (from its BTF), so the object is not tied to the
 * headers of the kernel it was built on. */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "ns-procs-bpf-record.h"

#define CORE __attribute__((preserve_access_index))

struct ns_common {
        unsigned int inum;
} CORE;

struct net { struct ns_common ns; } CORE;
struct uts_namespace { struct ns_common ns; } CORE;
struct ipc_namespace { struct ns_common ns; } CORE;
struct mnt_namespace { struct ns_common ns; } CORE;
struct pid_namespace { struct ns_common ns; } CORE;
struct user_namespace { struct ns_common ns; } CORE;
struct cgroup_namespace { struct ns_common ns; } CORE;
struct time_namespace { struct ns_common ns; } CORE;

struct nsproxy {
        struct uts_namespace *uts_ns;
        struct ipc_namespace *ipc_ns;
        struct mnt_namespace *mnt_ns;
        struct pid_namespace *pid_ns_for_children;
        struct net *net_ns;
        struct time_namespace *time_ns;
        struct cgroup_namespace *cgroup_ns;
} CORE;

struct cred {
        struct user_namespace *user_ns;
} CORE;

struct upid {
        int nr;
        struct pid_namespace *ns;
} CORE;

struct pid {
        unsigned int level;
        struct upid numbers[1];
} CORE;

struct task_struct {
        unsigned int flags;
        int pid;
        int tgid;
        struct nsproxy *nsproxy;
        const struct cred *real_cred;
        struct pid *thread_pid;
        struct task_struct *group_leader;
} CORE;

struct seq_file;

struct bpf_iter_meta {
        struct seq_file *seq;
} CORE;

struct bpf_iter__task {
        struct bpf_iter_meta *meta;
        struct task_struct *task;
} CORE;

#define PF_KTHREAD 0x00200000 /* include/linux/sched.h, stable since 2.6 */

/* The namespace types the walk is for (bits by enum ns_type), set by
 * ns-procs-bpf.c through the mmap'd .bss before each walk: the others are
 * not read, and a delete of a net-only set follows one pointer chain a
 * task. */
__u32 want_types;

/* PID's number in the namespace LEVEL levels below the initial one, or 0.
 * numbers[] is indexed by a variable, which the verifier allows only
 * through a probe read. */
static __always_inline __u32 pid_nr_at(struct pid *pid, unsigned int level) {
        struct upid upid = { 0 };

        if (!pid || pid->level < level)
                return 0;
        bpf_core_read(&upid, sizeof(upid), &pid->numbers[level]);
        return (__u32)upid.nr;
}

/* The fields are read by plain loads: ctx->task is a BTF pointer, and so is
 * every pointer loaded from it, which the verifier lets us follow (a NULL
 * one reads as 0).  That costs a load each, where BPF_CORE_READ's
 * bpf_probe_read_kernel() calls cost about 1 us a task in all. */
SEC("iter/task")
int ns_tasks(struct bpf_iter__task *ctx) {
        struct task_struct *task = ctx->task;
        struct ns_task_record rec = { 0 };

        if (!task) /* the end of the walk */
                return 0;
        /* Kernel threads stay in the initial namespaces (they cannot
         * setns), which no set is; most tasks of a machine are kernel
         * threads. */
        if (task->flags & PF_KTHREAD)
                return 0;
        /* An exiting task has dropped its namespaces; /proc's links fail
         * for it too. */
        struct nsproxy *nsp = task->nsproxy;
        if (!nsp)
                return 0;
        /* A thread that shares its leader's nsproxy is where the leader
         * is: a thread cannot change its user or PID namespace (both need
         * a single-threaded process), only unshare into a new nsproxy. */
        struct task_struct *leader = task->group_leader;
        if (leader != task && leader->nsproxy == nsp)
                return 0;
        __u32 want = want_types;

        /* task->tgid is the initial namespace's number; the reader (the
         * daemon, the current task) may sit in a PID namespace of its own
         * and its /proc numbers its tasks there.  The iterator only visits
         * the reader's namespace, so every task has a number at its
         * level. */
        struct task_struct *reader = bpf_get_current_task_btf();
        unsigned int level = reader->thread_pid->level;
        rec.tgid = pid_nr_at(task->group_leader->thread_pid, level);
        rec.tid = pid_nr_at(task->thread_pid, level);
        if (!rec.tgid)
                return 0;

        if (want & (1u << NS_TYPE_NET))
                rec.inum[NS_TYPE_NET] = nsp->net_ns->ns.inum;
        if (want & (1u << NS_TYPE_UTS))
                rec.inum[NS_TYPE_UTS] = nsp->uts_ns->ns.inum;
        if (want & (1u << NS_TYPE_IPC))
                rec.inum[NS_TYPE_IPC] = nsp->ipc_ns->ns.inum;
        if (want & (1u << NS_TYPE_MNT))
                rec.inum[NS_TYPE_MNT] = nsp->mnt_ns->ns.inum;
        /* /proc/TID/ns/pid is the task's active namespace, that of its own
         * number (the deepest), not pid_ns_for_children. */
        struct pid *tp = task->thread_pid;
        struct upid own = { 0 };
        if (tp && (want & (1u << NS_TYPE_PID))) {
                bpf_core_read(&own, sizeof(own), &tp->numbers[tp->level]);
                rec.inum[NS_TYPE_PID] = BPF_CORE_READ(own.ns, ns.inum);
        }
        if (want & (1u << NS_TYPE_USER))
                rec.inum[NS_TYPE_USER] = task->real_cred->user_ns->ns.inum;
        /* Kernels built without these namespaces lack the fields: leave 0,
         * which matches nothing, as /proc has no such link there. */
        if ((want & (1u << NS_TYPE_CGROUP)) && bpf_core_field_exists(nsp->cgroup_ns))
                rec.inum[NS_TYPE_CGROUP] = nsp->cgroup_ns->ns.inum;
        if ((want & (1u << NS_TYPE_TIME)) && bpf_core_field_exists(nsp->time_ns))
                rec.inum[NS_TYPE_TIME] = nsp->time_ns->ns.inum;

        bpf_seq_write(ctx->meta->seq, &rec, sizeof(rec));
        return 0;
}

char LICENSE[] SEC("license") = "GPL"; /* bpf_seq_write is GPL-only */
