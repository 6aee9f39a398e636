/* nsctl: the client of nsctld.  Reads the global options, finds the
 * command in the table, and runs it; each command lives in cmd-NAME.c. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "client.h"
#include "commands.h"
#include "log.h"

static const struct command *const cmd_table[] = {
        &cmd_create, &cmd_delete, &cmd_list, &cmd_show, &cmd_ps, &cmd_exec, &cmd_shell, &cmd_status, &cmd_topo, &cmd_bridge, &cmd_link, &cmd_addr, &cmd_route, NULL,
};

static const struct command *find_command(const char *name) {
        for (const struct command *const *c = cmd_table; *c; c++)
                if (strcmp((*c)->name, name) == 0 || ((*c)->alias && strcmp((*c)->alias, name) == 0))
                        return *c;
        return NULL;
}

static void help(void) {
        printf("usage: nsctl [--socket PATH] [--json] COMMAND [ARGS...]\n"
               "\n"
               "Manage the named namespaces kept by nsctld.\n"
               "\n"
               "Commands:\n");
        /* The briefs line up in a column; a usage too long for it puts
         * its brief on the next line instead. */
        enum { MAX_WIDTH = 50 };
        int width = 0;
        for (const struct command *const *c = cmd_table; *c; c++) {
                int n = (int)(strlen((*c)->name) + 1 + strlen((*c)->usage));
                if (n > width && n <= MAX_WIDTH)
                        width = n;
        }
        for (const struct command *const *c = cmd_table; *c; c++) {
                int n = (int)(strlen((*c)->name) + 1 + strlen((*c)->usage));
                if (n > width)
                        printf("  %s %s\n  %*s  %s", (*c)->name, (*c)->usage, width, "", (*c)->brief);
                else
                        printf("  %s %s%*s  %s", (*c)->name, (*c)->usage, width - n, "", (*c)->brief);
                if ((*c)->alias)
                        printf(" (alias: %s)", (*c)->alias);
                putchar('\n');
        }
        printf("\n"
               "Options:\n"
               "  -s, --socket PATH  the socket of nsctld (default: $NSCTL_SOCKET, else %s)\n"
               "  -j, --json         print JSON instead of text (list, show, ps, create)\n"
               "  -h, --help         show this help; 'nsctl COMMAND --help' describes COMMAND\n"
               "  -V, --version      show the version\n"
               "\n"
               "Exit status:\n"
               "  0  success\n"
               "  1  other failure (system error, an error of nsctld not listed here)\n"
               "  2  usage error or invalid input (bad name, unknown command, missing argument)\n"
               "  3  nsctld unreachable (cannot connect, or it closed the connection before replying)\n"
               "  4  not found (a set, topology, bridge, interface, address or route)\n"
               "  5  a set of that name already exists\n"
               "  6  permission denied\n"
               "  7  namespace set busy (delete without --force while processes are inside)\n"
               "  exec and shell exit with the command's status: 126 if it cannot be run, 127 if it\n"
               "  is not found, 128+N if it was killed by signal N.\n",
               NSCTL_DEFAULT_SOCKET);
}

/* Like coreutils' close_stdout: a full disk or closed pipe must not turn
 * into a silent success. */
static int close_stdout(int status) {
        if (fclose(stdout) != 0 && status == NSCTL_EXIT_OK) {
                log_error("write error: %s", strerror(errno));
                return NSCTL_EXIT_FAILURE;
        }
        return status;
}

static int run(int argc, char **argv) {
        static const struct option options[] = {
                { "socket", required_argument, NULL, 's' },
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, 'V' },
                {},
        };
        struct client_ctx ctx = { .socket_path = getenv("NSCTL_SOCKET") };
        int c;

        if (!ctx.socket_path || !*ctx.socket_path)
                ctx.socket_path = NSCTL_DEFAULT_SOCKET;

        /* '+': stop at the command name; what follows is the command's. */
        opterr = 0;
        while ((c = getopt_long(argc, argv, "+:s:jhV", options, NULL)) >= 0)
                switch (c) {
                case 's':
                        if (!*optarg)
                                return usage_error(NULL, "the socket path is empty");
                        ctx.socket_path = optarg;
                        break;
                case 'j':
                        ctx.json = true;
                        break;
                case 'h':
                        help();
                        return NSCTL_EXIT_OK;
                case 'V':
                        printf("nsctl %s\n", NSCTL_VERSION);
                        return NSCTL_EXIT_OK;
                default:
                        return args_option_error(&ctx, argv, c);
                }

        if (optind >= argc)
                return usage_error(NULL, "missing command");
        ctx.command = find_command(argv[optind]);
        if (!ctx.command)
                return usage_error(NULL, "unknown command '%s'", argv[optind]);
        return ctx.command->run(&ctx, argc - optind, argv + optind);
}

int main(int argc, char **argv) {
        return close_stdout(run(argc, argv));
}
