/* Files in the state directory (/var/lib/nsctl), which must survive a
 * crash or a power cut whole or not at all: written to a temporary file,
 * synced, renamed into place, and the directory synced; read back with a
 * bound on the size. */
#pragma once

#include <json-c/json.h>
#include <stddef.h>

/* FILE in DIRFD becomes TEXT (LEN bytes), or stays as it was. */
int state_file_write(int dirfd, const char *file, const char *text, size_t len);

/* FILE in DIRFD is gone (also when it was not there). */
int state_file_remove(int dirfd, const char *file);

/* The JSON object in FILE (a regular file of at most MAX bytes, not a
 * symlink): 0 with *RET, -EBADMSG when it is anything else. */
int state_file_read_json(int dirfd, const char *file, size_t max, json_object **ret);
