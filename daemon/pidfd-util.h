/* Process handles (pidfds): the daemon refers to the holders, the processes
 * of a set and the sessions it started by pidfd, so a recycled PID is never
 * signalled by mistake. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

/* A pidfd for PID (close-on-exec, as every pidfd is), or a negative errno. */
int pidfd_open_pid(pid_t pid);

/* Whether the process behind PIDFD has exited (the pidfd is readable). */
bool pidfd_exited(int pidfd);

/* Send SIG to the process behind PIDFD: 0, or a negative errno (-ESRCH once
 * it has exited).  Where pidfd_send_signal(2) itself is missing (Linux before
 * 5.1, or valgrind, which does not implement it) the PID is taken from the
 * pidfd's fdinfo and signalled with kill(2). */
int pidfd_signal(int pidfd, int sig);
