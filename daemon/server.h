/* The socket side of the daemon: accepting connections, framing messages,
 * answering calls in order, with limits on everything a client can make the
 * daemon hold.  Calls are handed to dispatch_call(); nothing here knows a
 * method. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <json-c/json.h>

#include "caller.h"

struct event_base;
struct daemon;
struct conn;

struct server_limits {
        size_t max_message;      /* bytes, terminator excluded */
        unsigned max_connections;
        size_t max_output;       /* stop reading a client whose replies pile up past this */
};

#define SERVER_DEFAULT_MAX_MESSAGE     (4u * 1024 * 1024)
#define SERVER_DEFAULT_MAX_CONNECTIONS 4096u
#define SERVER_DEFAULT_MAX_OUTPUT      (8u * 1024 * 1024)

struct server;

int server_new(struct event_base *base, struct daemon *d, const struct server_limits *limits, struct server **ret);
void server_free(struct server *srv);

/* Listen on a socket handed over by systemd. */
int server_listen_fd(struct server *srv, int fd);
/* Create, bind and listen on PATH (mode 0666: who may change what is decided
 * per call from SO_PEERCRED).  Refuses if a daemon already answers there. */
int server_listen_path(struct server *srv, const char *path);

unsigned server_connection_count(const struct server *srv);

/* Descriptors a client may send with one message (SCM_RIGHTS), and hold
 * at once on a connection.  More is refused. */
#define CONN_MAX_FDS 8

/* The descriptors that came with a call.  BAD: its control message was
 * truncated, of another kind than SCM_RIGHTS, or had more than
 * CONN_MAX_FDS; the call must then be refused.  All are O_CLOEXEC; the
 * server closes those still in FD after the call (a handler that keeps
 * one sets its entry to -1). */
struct conn_fds {
        int fd[CONN_MAX_FDS];
        size_t n;
        bool bad;
};

void conn_fds_close(struct conn_fds *f);

/* Queue one message (a reply or an error) on the connection.  Takes MSG. */
void conn_send(struct conn *c, json_object *msg);
/* A message already serialized, in N pieces (their concatenation is one
 * JSON object without newlines); the terminator is added. */
void conn_send_text(struct conn *c, const char *const *parts, const size_t *lens, size_t n);

/* For a call answered later (a streaming call that waits for something):
 * the connection takes no further call until conn_end_async().  If the
 * client goes away first (or shuts down its sending side), CANCEL(DATA) is
 * called, once, and the connection must not be used any more. */
void conn_begin_async(struct conn *c, void (*cancel)(void *data), void *data);
/* The call is answered; the connection may be freed by this. */
void conn_end_async(struct conn *c);
/* The peer's credentials, taken when it connected. */
const struct caller *conn_peer(const struct conn *c);
