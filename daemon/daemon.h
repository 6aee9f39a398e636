/* The daemon's state, shared by the method handlers. */
#pragma once

#include <time.h>

#include "nsstore.h"
#include "runtime.h"

struct event_base;
struct server;
struct policy;
struct session;
struct delete_forced;

struct daemon {
        struct event_base *base;
        struct server *server;
        struct runtime rt;
        struct nsstore store;
        char *socket_path;
        const char *config_path; /* the policy file */
        struct policy *policy;   /* who may do what (authz.c), read from it */
        struct session *sessions; /* started for users other than root (session.c) */
        struct delete_forced *forced_deletes; /* waiting for processes to end (delete-forced.c) */
        struct timespec started; /* CLOCK_MONOTONIC */
};
