/* Mount helpers that work on directory fds, so no path the daemon mounts on
 * is resolved through a symlink someone planted. */
#pragma once

#include <stdbool.h>

/* Bind-mount the file SOURCE (an absolute path, e.g. /proc/thread-self/ns/net)
 * onto NAME in the directory DIRFD, which must already exist as a file.  The
 * detached copy of the mount is made with open_tree(2) and attached with
 * move_mount(2), which does not follow a symlink at NAME. */
int bind_mount_at(const char *source, int dirfd, const char *name);

/* Detach a mount made by bind_mount_at: umount2 without following symlinks,
 * falling back to MNT_DETACH on EBUSY.  Not being mounted counts as done. */
int unmount_at(int dirfd, const char *name);

/* Whether NAME in DIRFD is a namespace file (an nsfs mount); if so, and
 * RET_INODE is not NULL, its inode number is stored there. */
bool is_nsfs_at(int dirfd, const char *name, unsigned long long *ret_inode);

/* Whether the directory DIRFD is the root of a mount. */
int is_mount_root(int dirfd);
