/* The subcommands.  Each lives in its own cmd-NAME.c and defines one entry;
 * main.c keeps the table.  Adding a command is adding a file and a line. */
#pragma once

struct client_ctx;

struct command {
        const char *name;
        const char *alias;   /* a second accepted name, or NULL */
        const char *usage;   /* the arguments, as shown after the name */
        const char *brief;   /* a few words for `nsctl --help` */
        const char *summary; /* the text of `nsctl NAME --help` */
        /* ARGV[0] is the command name.  Returns the process exit status. */
        int (*run)(struct client_ctx *ctx, int argc, char **argv);
};

extern const struct command cmd_create;
extern const struct command cmd_delete;
extern const struct command cmd_list;
extern const struct command cmd_show;
extern const struct command cmd_exec;
extern const struct command cmd_shell;
extern const struct command cmd_ps;
extern const struct command cmd_status;
extern const struct command cmd_topo;
extern const struct command cmd_bridge;
extern const struct command cmd_link;
extern const struct command cmd_addr;
extern const struct command cmd_route;
