/* One call to nsctld from a command: connect, call, and report every
 * failure (unreachable daemon, bad reply, error reply) to the user. */
#pragma once

#include "varlink-message.h"

struct client_ctx;

/* Call METHOD with PARAMS (taken, may be NULL).  SUBJECT is the namespace
 * name the call is about, or NULL.  Returns 0 with a successful reply in
 * *RET (release with vl_reply_done), or the exit status after reporting
 * the failure on stderr. */
int call_nsctld(const struct client_ctx *ctx, const char *method, json_object *params, const char *subject,
                struct vl_reply *ret);

struct varlink_client;

/* Connect to nsctld.  Returns 0 with *RET, or the exit status after
 * reporting why not. */
int call_connect(const struct client_ctx *ctx, struct varlink_client **ret);

/* Report a failure of a varlink_client_*() call (R, with REASON for
 * -EBADMSG) and return the exit status. */
int call_report_failure(const struct client_ctx *ctx, int r, const char *reason);

/* The member KEY of a successful reply's parameters, which must have TYPE.
 * Returns 0 with *RET pointing into REPLY, or reports a malformed reply
 * and returns NSCTL_EXIT_FAILURE. */
int call_reply_member(const struct vl_reply *reply, const char *key, json_type type, json_object **ret);

/* Add VALUE (taken; NULL means it could not be made) to PARAMS as KEY.
 * Returns 0 or -ENOMEM, with VALUE released on failure. */
int call_params_add(json_object *params, const char *key, json_object *value);

/* {"name": NAME}, the parameters of most calls; NULL when out of memory. */
json_object *call_name_params(const char *name);
