/* What every nsctl command shares: the global options and the exit
 * statuses, which scripts rely on and `nsctl --help` documents. */
#pragma once

#include <stdbool.h>

#define NSCTL_DEFAULT_SOCKET "/run/nsctl/io.nsctl"

enum {
        NSCTL_EXIT_OK = 0,
        NSCTL_EXIT_FAILURE = 1,     /* anything not listed below */
        NSCTL_EXIT_USAGE = 2,       /* bad arguments or invalid input */
        NSCTL_EXIT_UNREACHABLE = 3, /* no daemon, or it hung up before replying */
        NSCTL_EXIT_NOT_FOUND = 4,
        NSCTL_EXIT_EXISTS = 5,
        NSCTL_EXIT_DENIED = 6,
        NSCTL_EXIT_BUSY = 7,        /* delete without --force: processes are inside */
};

struct command;

struct client_ctx {
        const char *socket_path;
        bool json;
        const struct command *command; /* the command being run */
};
