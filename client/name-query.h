/* The shape shared by `show` and `ps`: COMMAND NAME [--json], one call
 * with {"name": NAME}, one member of the reply printed as text or JSON. */
#pragma once

#include <json-c/json.h>

#include "client.h"

struct name_query {
        const char *method;  /* e.g. "io.nsctl.Namespace.Show" */
        const char *member;  /* the reply member to print */
        json_type type;      /* its JSON type */
        int (*print)(json_object *member); /* text output; < 0 on out of memory */
};

/* Returns the exit status. */
int name_query_run(struct client_ctx *ctx, int argc, char **argv, const struct name_query *q);
