/* Unit tests for daemon/pidfd-util.c: signalling a process through its
 * pidfd, and the kill(2) fallback where pidfd_send_signal(2) is missing,
 * which a seccomp filter makes so in a child process. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "pidfd-util.h"

static pid_t start_sleeper(void) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                for (;;)
                        pause();
        }
        return pid;
}

/* Signal a sleeper through its pidfd; check the signal it died of, and
 * that its pidfd then reads as exited and refuses signals with -ESRCH. */
static int signal_and_reap(void) {
        pid_t pid = start_sleeper();
        int fd = pidfd_open_pid(pid);
        if (fd < 0)
                return 10;
        if (pidfd_exited(fd))
                return 11;
        if (pidfd_signal(fd, SIGTERM) != 0)
                return 12;
        int status;
        if (waitpid(pid, &status, 0) != pid || !WIFSIGNALED(status) || WTERMSIG(status) != SIGTERM)
                return 13;
        if (!pidfd_exited(fd))
                return 14;
        if (pidfd_signal(fd, SIGTERM) != -ESRCH)
                return 15;
        close(fd);
        return 0;
}

static void test_signal(void **state) {
        (void)state;
        assert_int_equal(signal_and_reap(), 0);
}

/* The same in a child where pidfd_send_signal(2) fails with ENOSYS, as it
 * does under valgrind: the fallback must reach the process all the same. */
static void test_signal_fallback(void **state) {
        (void)state;
        pid_t child = fork();
        assert_true(child >= 0);
        if (child == 0) {
                struct sock_filter filter[] = {
                        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
                        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_pidfd_send_signal, 0, 1),
                        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
                        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
                };
                struct sock_fprog prog = { .len = sizeof(filter) / sizeof(filter[0]), .filter = filter };
                if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
                    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
                        _exit(2);
                /* The filter works: the call itself now fails so. */
                int fd = pidfd_open_pid(getpid());
                if (fd < 0 || syscall(SYS_pidfd_send_signal, fd, 0, NULL, 0) == 0 || errno != ENOSYS)
                        _exit(3);
                close(fd);
                _exit(signal_and_reap());
        }
        int status;
        assert_int_equal(waitpid(child, &status, 0), child);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_open_gone(void **state) {
        (void)state;
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0)
                _exit(0);
        assert_int_equal(waitpid(pid, NULL, 0), pid);
        /* Reaped: the PID names nothing (until reused, which a few
         * microseconds later it will not be). */
        assert_int_equal(pidfd_open_pid(pid), -ESRCH);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_signal),
                cmocka_unit_test(test_signal_fallback),
                cmocka_unit_test(test_open_gone),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
