/* The record of a namespace set, kept next to its namespace files as
 * RUNTIME_DIR/ns/NAME/set.json: what it was created with, when, the inode of
 * each namespace and the holder's PID.  Writing it is the commit point of a
 * create: a set directory without a valid record is a half-made set. */
#pragma once

#include "nsstore.h"

#define SET_RECORD_FILE "set.json"

/* Atomically (temp file + rename) write SET's record into DIRFD. */
int set_record_write(int dirfd, const struct ns_set *set);

/* A new set's first record: -EEXIST if there is one; not atomic, which is
 * fine for the commit point of a create (see set-record.c). */
int set_record_create(int dirfd, const struct ns_set *set);

/* Read the record in DIRFD into SET (name, types, options, created,
 * inodes, holder).  -ENOENT if there is none, -EBADMSG if it is not valid. */
int set_record_read(int dirfd, struct ns_set *set);
