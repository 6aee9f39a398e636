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

/* Call FN(FILE, NAME, DATA) for every FILE "NAME.json" in DIRFD whose NAME
 * is a valid name (temporary files and strays are passed over).  0, or a
 * negative errno when the directory cannot be read. */
int state_dir_each(int dirfd, void (*fn)(const char *file, const char *name, void *data), void *data);

/* The member KEY of O as a uid or gid: 0 with *RET, or -EBADMSG. */
int state_file_id(json_object *o, const char *key, unsigned *ret);
