/* Turning an error reply from nsctld into one line for the user and an
 * exit status. */
#pragma once

#include "varlink-message.h"

/* REPLY has reply->error set; METHOD is the call it answers and SUBJECT
 * the namespace name the call was about (or NULL), used when the reply
 * does not name it.  Returns the exit status. */
int daemon_error_report(const struct vl_reply *reply, const char *method, const char *subject);
