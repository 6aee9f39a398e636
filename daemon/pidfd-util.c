#include "pidfd-util.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

int pidfd_open_pid(pid_t pid) {
        int fd = (int)syscall(SYS_pidfd_open, pid, 0);
        return fd < 0 ? negative_errno() : fd;
}

bool pidfd_exited(int pidfd) {
        struct pollfd p = { .fd = pidfd, .events = POLLIN };
        return poll(&p, 1, 0) == 1;
}

/* The PID behind PIDFD, from its "Pid:" line in fdinfo (-1 once exited). */
static pid_t pidfd_pid(int pidfd) {
        char path[64], line[128];
        long pid = 0;
        bool found = false;

        snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
        FILE *f = fopen(path, "re");
        if (!f)
                return 0;
        while (!found && fgets(line, sizeof(line), f))
                found = sscanf(line, "Pid: %ld", &pid) == 1;
        fclose(f);
        return found ? (pid_t)pid : 0;
}

int pidfd_signal(int pidfd, int sig) {
        if (syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) == 0)
                return 0;
        if (errno != ENOSYS)
                return negative_errno();
        /* The fallback has the race pidfds exist to close (the process could
         * exit and its PID be reused between the two steps); it is only
         * taken where the race-free call is not there at all. */
        if (pidfd_exited(pidfd))
                return -ESRCH;
        pid_t pid = pidfd_pid(pidfd);
        if (pid <= 0)
                return pid < 0 ? -ESRCH : -ENOSYS;
        return kill(pid, sig) < 0 ? negative_errno() : 0;
}
