/* Running a command in a child and waiting for it, as system(3) does, but
 * without a shell and with SIGTERM and SIGHUP passed on to the child. */
#pragma once

/* Run ARGV (ARGV[0] searched in PATH) with every fd above 2 closed.
 * Returns what a shell would report: the exit status, 128+N if the child
 * was killed by signal N, 127 if the command was not found, 126 if it
 * could not be run; 1 if no child could be started. */
int spawn_wait(char **argv);
