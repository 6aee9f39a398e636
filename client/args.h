/* Helpers every command uses to read its own arguments, so option errors,
 * --help and bad names look the same everywhere. */
#pragma once

struct client_ctx;

/* Prepare getopt_long for a command's own options: main.c has already
 * used it on the global ones, and glibc keeps state between calls.  Error
 * messages are ours (opterr off), so include ':' in the optstring. */
void args_reset(void);

/* Report the option getopt_long returned C ('?' or ':') for.  Returns
 * NSCTL_EXIT_USAGE. */
int args_option_error(const struct client_ctx *ctx, char **argv, int c);

/* Print the command's usage and summary on stdout.  Returns 0. */
int args_help(const struct client_ctx *ctx);

/* Check a namespace name from the command line before anything is sent.
 * Returns 0, or reports why it is refused and returns NSCTL_EXIT_USAGE. */
int args_check_name(const char *name);

/* The options of commands that take only --json and --help.  Returns -1
 * to go on (optind is the first operand), else the exit status. */
int args_json_only(struct client_ctx *ctx, int argc, char **argv);
