/* io.nsctl.Session: commands that nsctld starts inside a set on behalf of
 * a user other than root (see session-child.h for the process side).  The
 * event loop never waits for a session: the child's pidfd and a pipe from
 * it are watched like any other event. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

struct daemon;

/* The uid that started the session whose command is PID; false if the
 * daemon runs no such session. */
bool session_owner(struct daemon *d, pid_t pid, uid_t *ret_uid);

/* At exit: kill every session's command and forget them all. */
void session_free_all(struct daemon *d);
