/* pidfd-probe: exit 0 if pidfd_open(2) works here, 1 if not.  make
 * check-valgrind runs it under the valgrind it is given: older ones (Debian
 * 12's 3.19 among them) fail the call with ENOSYS, and nsctld cannot keep a
 * set with a PID namespace or run a session without it. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
        long fd = syscall(SYS_pidfd_open, getpid(), 0);
        if (fd < 0) {
                perror("pidfd_open");
                return 1;
        }
        close((int)fd);
        return 0;
}
