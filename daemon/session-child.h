/* The process side of a session (session.c): what runs in the child the
 * daemon forks for it.  That child joins the set's namespaces (in the order
 * DESIGN.md gives: fds opened and checked by the daemon, non-dumpable, the
 * non-user namespaces), leads a session of its own (with the caller's
 * terminal as its controlling terminal), forks the command so a pid
 * namespace applies, tells the daemon its pid, and waits for it, passing on
 * when it stops and how it ends (its exit status, or 128+N).  The command
 * runs in a process group of its own, the terminal's foreground one.  The command drops to the caller's
 * credentials (setgroups, setresgid, setresuid), loses every capability,
 * sets PDEATHSIG after the change and no_new_privs, changes directory,
 * keeps only descriptors 0-2 and execs.  Everything here runs
 * single-threaded in a fork of the daemon, never in the daemon itself. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ns-types.h"

/* What the child reports on STATUS_FD: one byte and an int. */
enum {
        SESSION_MSG_PID = 'P',     /* the command's pid; the child then waits for one byte on ACK_FD */
        SESSION_MSG_STOPPED = 'S', /* the command was stopped by this signal */
};

struct session_spec {
        const char *set_name;
        int ns_fd[NS_TYPE_MAX];  /* the namespaces to join (-1: not joined); opened and checked */
        bool netns_view;         /* net without mnt: the `ip netns exec` view of /sys and /etc */
        int stdio[3];            /* the caller's descriptors */
        bool terminal;           /* stdio[0] becomes the controlling terminal */
        uid_t uid;
        gid_t gid;
        const gid_t *groups;
        size_t n_groups;
        const char *directory;   /* absolute, or NULL for "/" */
        bool directory_required;
        int umask;               /* -1: the daemon's */
        const char *program;
        char **argv;
        const char *fallback;    /* or NULL */
        char **fallback_argv;
        char **envp;
        int status_fd, ack_fd;   /* pipes to and from the daemon */
};

/* In the child, right after fork(); never returns. */
_Noreturn void session_child(const struct session_spec *s);
