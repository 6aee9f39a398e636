/* A blocking Varlink connection to nsctld: connect, send one call, read
 * its reply.  Knows sockets and framing, not what the methods mean. */
#pragma once

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "varlink-message.h"

/* A reply larger than this is refused rather than buffered. */
#define VARLINK_CLIENT_MAX_REPLY ((size_t)64 << 20)

struct varlink_client;

/* Connect to the UNIX socket at PATH.  Returns 0, or a negative errno from
 * socket()/connect() (-ENAMETOOLONG if PATH does not fit sun_path). */
int varlink_client_connect(const char *path, struct varlink_client **ret);

/* Send METHOD with PARAMS (taken, may be NULL) and wait for the reply,
 * which may be an error reply.  Returns 0 with *RET to be released with
 * vl_reply_done(), or:
 *   -ECONNRESET  the daemon closed the connection before replying;
 *   -EMSGSIZE    the reply is larger than VARLINK_CLIENT_MAX_REPLY;
 *   -EBADMSG     the reply is not a Varlink reply (*RET_REASON says why);
 *   another negative errno from the socket. */
int varlink_client_call(struct varlink_client *c, const char *method, json_object *params, struct vl_reply *ret,
                        const char **ret_reason);

/* Descriptors one call may carry. */
#define VARLINK_CLIENT_MAX_FDS 8

/* The two halves of varlink_client_call(), for calls with "more" (several
 * replies) or with descriptors: send METHOD with PARAMS (taken, may be
 * NULL) and the N_FDS descriptors FDS (SCM_RIGHTS, with the message's first
 * bytes); read the next reply.  Same errors as varlink_client_call(). */
int varlink_client_send(struct varlink_client *c, const char *method, json_object *params, bool more, const int *fds,
                        size_t n_fds);
int varlink_client_receive(struct varlink_client *c, struct vl_reply *ret, const char **ret_reason);

/* The socket, to poll() for replies; and whether bytes of a reply are
 * already buffered (poll() would not say so). */
int varlink_client_fd(const struct varlink_client *c);
bool varlink_client_buffered(const struct varlink_client *c);

/* Accepts NULL. */
void varlink_client_free(struct varlink_client *c);
