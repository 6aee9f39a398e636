/* nsctl exec NAME [OPTIONS] [--] CMD [ARGS...]: run a command inside a
 * namespace set (see session.h). */
#include "args.h"
#include "client.h"
#include "commands.h"
#include "log.h"
#include "session.h"

static int run(struct client_ctx *ctx, int argc, char **argv) {
        struct session s;
        int r;

        if (session_parse(ctx, argc, argv, &s, &r)) {
                if (!s.command[0]) {
                        session_done(&s);
                        return usage_error(ctx, "missing command");
                }
                s.file = s.command[0];
                s.argv = s.command;
                r = session_run(ctx, &s);
        }
        session_done(&s);
        return r;
}

const struct command cmd_exec = {
        .name = "exec",
        .usage = "NAME [OPTION...] [--] CMD [ARGS...]",
        .brief = "run a command inside a namespace set",
        .summary =
                "Run CMD inside the namespaces of NAME and exit with its status.  Options may come\n"
                "before or after NAME.  For a user other than root, nsctld starts CMD in the user's own\n"
                "set, as the user, without capabilities (a terminal gets a pty of its own).\n"
                "\n"
                "  -t, --type LIST        join only these of the set's namespaces (comma-separated)\n"
                "  -u, --user USER        run as USER (a name or uid, looked up on the host), with its\n"
                "                         groups; without it, root (inside the set's user namespace)\n"
                "      --cwd DIR          start in DIR (default: the current directory, found again\n"
                "                         inside the set; / if it is not there)\n"
                "      --env NAME=VALUE   set a variable in CMD's environment (repeatable)\n"
                "\n"
                "A set without a mount namespace of its own is entered as `ip netns exec` does: in a\n"
                "private mount namespace with the set's /sys and the files of /etc/netns/NAME bound\n"
                "over /etc.  A set with a pid namespace runs CMD under the set's init.  ^C goes to\n"
                "CMD; ^Z stops CMD and nsctl together.  Exits with CMD's status: 126 if it cannot be\n"
                "run, 127 if it is not found, 128+N if it was killed by signal N; 1 if the set is\n"
                "broken or cannot be entered, 2 if it lacks a namespace of --type, 6 if refused.",
        .run = run,
};
