/* nsctl show NAME: one namespace set, as key/value lines or as JSON. */
#include <getopt.h>

#include "args.h"
#include "call.h"
#include "client.h"
#include "commands.h"
#include "log.h"
#include "name-query.h"
#include "output.h"

static int run(struct client_ctx *ctx, int argc, char **argv) {
        static const struct name_query q = { "io.nsctl.Namespace.Show", "namespace", json_type_object, output_namespace_details };
        return name_query_run(ctx, argc, argv, &q);
}

const struct command cmd_show = {
        .name = "show",
        .usage = "NAME [--json]",
        .brief = "show one namespace set",
        .summary = "Show one namespace set: its state (and why it is broken), creation time, whether it\n"
                   "persists, its holder's PID (sets with a pid namespace), the options it was created\n"
                   "with (hostname, id maps, clock offsets), and one line per namespace with its type,\n"
                   "inode and path.  With --json, prints the NamespaceSet as nsctld returns it.",
        .run = run,
};
