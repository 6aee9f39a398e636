/* The init process of a set with a PID namespace. */
#pragma once

#include <stdbool.h>

/* Runs in the holder (PID 1 of the new PID namespace): mounts /proc when the
 * set has its own mount namespace, reports ready on READY_FD, waits for the
 * commit byte on COMMIT_FD (exits if the pipe closes first), then drops
 * every descriptor and lives on reaping orphans until SIGTERM or SIGKILL.
 * Never returns. */
__attribute__((noreturn)) void holder_main(int ready_fd, int commit_fd, bool mount_proc);
