/* Unit tests for daemon/ns-procs.c's two ways of finding the processes
 * inside namespaces: the BPF task iterator (ns-procs-bpf.c) and the /proc
 * walk must find the same processes, for every namespace type, against
 * the real kernel (root only).  And a thread that unshared its network
 * namespace, which /proc/PID/ns cannot show, is found by the iterator. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "ns-procs-bpf.h"
#include "ns-procs.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* The processes the tests start, each in namespaces of its own, all in
 * one process group so that teardown ends them (grandchildren included). */
static pid_t group;

static void report(int fd, pid_t pid) {
        if (write(fd, &pid, sizeof(pid)) != sizeof(pid))
                _exit(1);
}

static void *thread_unshare_net(void *arg) {
        int fd = *(int *)arg;
        /* Only this thread moves: CLONE_NEWNET is allowed per thread. */
        if (unshare(CLONE_NEWNET) < 0)
                _exit(1);
        report(fd, (pid_t)syscall(SYS_gettid));
        for (;;)
                pause();
        return NULL;
}

/* Start a process that unshares FLAGS and reports, through a pipe, the
 * pid of the process inside: itself, or (FORK_AFTER, for the PID and time
 * namespaces, which only children enter) a child of it.  THREAD: rather a
 * thread of the process unshares the network namespace; the thread's id is
 * returned in *TID.  Returns the process's pid. */
static pid_t start_inside(int flags, bool fork_after, bool thread, pid_t *tid) {
        int p[2];
        assert_int_equal(pipe2(p, O_CLOEXEC), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                close(p[0]);
                if (setpgid(0, group) < 0)
                        _exit(1);
                if (thread) {
                        pthread_t t;
                        report(p[1], getpid());
                        if (pthread_create(&t, NULL, thread_unshare_net, &p[1]) != 0)
                                _exit(1);
                        for (;;)
                                pause();
                }
                if (unshare(flags) < 0)
                        _exit(1);
                pid_t inside = getpid();
                if (fork_after && (inside = fork()) < 0)
                        _exit(1);
                if (inside > 0 || !fork_after)
                        report(p[1], inside);
                for (;;)
                        pause();
        }
        if (!group)
                group = pid;
        setpgid(pid, group); /* also done by the child: whichever runs first */
        close(p[1]);
        pid_t inside;
        assert_int_equal(read(p[0], &inside, sizeof(inside)), sizeof(inside));
        if (thread)
                assert_int_equal(read(p[0], tid, sizeof(*tid)), sizeof(*tid));
        close(p[0]);
        return inside;
}

/* The inode of the namespace of TYPE of thread TID of process PID. */
static unsigned long long inode_of(pid_t pid, pid_t tid, const char *type) {
        char path[128];
        struct stat st;

        snprintf(path, sizeof(path), "/proc/%d/task/%d/ns/%s", (int)pid, (int)tid, type);
        assert_int_equal(stat(path, &st), 0);
        return st.st_ino;
}

static int cmp_pid(const void *a, const void *b) {
        pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
        return x < y ? -1 : x > y;
}

/* The pids ns_procs_find() reports for SET, sorted, in *RET (*RET_N). */
static void find_pids(const struct ns_set *set, pid_t **ret, size_t *ret_n) {
        struct ns_proc *procs;
        size_t n;

        assert_int_equal(ns_procs_find(set, &procs, &n), 0);
        *ret = malloc((n ? n : 1) * sizeof(**ret));
        assert_non_null(*ret);
        for (size_t i = 0; i < n; i++)
                (*ret)[i] = procs[i].pid;
        qsort(*ret, n, sizeof(**ret), cmp_pid);
        *ret_n = n;
        ns_procs_free(procs, n);
}

/* find_pids() through /proc, then through the iterator. */
static void find_both(const struct ns_set *set, pid_t **by_proc, size_t *nproc, pid_t **by_bpf, size_t *nbpf) {
        find_pids(set, by_proc, nproc);
        assert_int_equal(ns_procs_bpf_load(), 0);
        find_pids(set, by_bpf, nbpf);
        ns_procs_bpf_unload();
}

static bool has_pid(const pid_t *pids, size_t n, pid_t pid) {
        return bsearch(&pid, pids, n, sizeof(pid), cmp_pid) != NULL;
}

static int setup(void **state) {
        (void)state;
        if (getuid() != 0) {
                print_message("not root: namespaces cannot be made\n");
                return 0;
        }
        /* Grandchildren orphaned by teardown come back to us to be reaped. */
        prctl(PR_SET_CHILD_SUBREAPER, 1);
        return 0;
}

static int teardown(void **state) {
        (void)state;
        ns_procs_bpf_unload();
        if (group > 0)
                kill(-group, SIGKILL);
        while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
                ;
        group = 0;
        return 0;
}

static void need_root_and_bpf(void) {
        if (getuid() != 0)
                skip();
        int r = ns_procs_bpf_load();
        if (r < 0) {
                print_message("no BPF task iterator: %s\n", strerror(-r));
                skip();
        }
        ns_procs_bpf_unload();
}

/* One process (and, for net, a second one, its child) in a namespace of
 * each type, and one that only has a different pid_for_children and
 * time_for_children (not inside: /proc/PID/ns/pid and time are the active
 * ones).  Both walks must find exactly those of the first kind. */
static void test_same_processes(void **state) {
        (void)state;
        need_root_and_bpf();

        struct ns_set set = { .name = "test" };
        pid_t expect[16];
        size_t nexpect = 0;
        static const struct {
                int type, flags;
                bool fork_after;
        } kinds[] = {
                { NS_TYPE_NET, CLONE_NEWNET, true },       { NS_TYPE_UTS, CLONE_NEWUTS, false },
                { NS_TYPE_IPC, CLONE_NEWIPC, false },      { NS_TYPE_MNT, CLONE_NEWNS, false },
                { NS_TYPE_PID, CLONE_NEWPID, true },       { NS_TYPE_USER, CLONE_NEWUSER, false },
                { NS_TYPE_CGROUP, CLONE_NEWCGROUP, false }, { NS_TYPE_TIME, CLONE_NEWTIME, true },
        };
        for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
                pid_t pid = start_inside(kinds[i].flags, kinds[i].fork_after, false, NULL);
                expect[nexpect++] = pid;
                set.types |= NS_TYPE_BIT(kinds[i].type);
                set.inode[kinds[i].type] = inode_of(pid, pid, ns_type_name(kinds[i].type));
        }
        /* The parent of the network namespace's process unshared it and
         * is inside too; those of the PID and time ones are not. */
        for (size_t i = 0; i < nexpect; i++) {
                pid_t parent = 0;
                char path[64], buf[512];
                snprintf(path, sizeof(path), "/proc/%d/stat", (int)expect[i]);
                FILE *f = fopen(path, "re");
                assert_non_null(f);
                assert_non_null(fgets(buf, sizeof(buf), f));
                fclose(f);
                assert_int_equal(sscanf(strrchr(buf, ')') + 2, "%*c %d", &parent), 1);
                if (parent != getpid() && inode_of(parent, parent, "net") == set.inode[NS_TYPE_NET])
                        expect[nexpect++] = parent;
        }
        qsort(expect, nexpect, sizeof(*expect), cmp_pid);
        assert_int_equal(nexpect, 9);

        pid_t *by_proc, *by_bpf;
        size_t nproc, nbpf;
        find_both(&set, &by_proc, &nproc, &by_bpf, &nbpf);

        for (size_t i = 0; i < nexpect; i++) {
                if (!has_pid(by_proc, nproc, expect[i]))
                        fail_msg("/proc walk misses %d", (int)expect[i]);
                if (!has_pid(by_bpf, nbpf, expect[i]))
                        fail_msg("BPF iterator misses %d", (int)expect[i]);
        }
        assert_int_equal(nproc, nexpect);
        assert_int_equal(nbpf, nexpect);
        assert_memory_equal(by_proc, by_bpf, nproc * sizeof(*by_proc));
        free(by_proc);
        free(by_bpf);
}

/* A thread in another network namespace than its process's leader: the
 * /proc walk (leaders only) cannot see it; the iterator reports the
 * process, once. */
static void test_thread_in_other_netns(void **state) {
        (void)state;
        need_root_and_bpf();

        pid_t tid;
        pid_t pid = start_inside(0, false, true, &tid);
        struct ns_set set = { .name = "thread", .types = NS_TYPE_BIT(NS_TYPE_NET) };
        set.inode[NS_TYPE_NET] = inode_of(pid, tid, "net");
        assert_true(set.inode[NS_TYPE_NET] != inode_of(pid, pid, "net"));

        pid_t *by_proc, *by_bpf;
        size_t nproc, nbpf;
        find_both(&set, &by_proc, &nproc, &by_bpf, &nbpf);

        assert_int_equal(nproc, 0);
        assert_int_equal(nbpf, 1);
        assert_int_equal(by_bpf[0], pid);
        free(by_proc);
        free(by_bpf);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_same_processes, setup, teardown),
                cmocka_unit_test_setup_teardown(test_thread_in_other_netns, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
