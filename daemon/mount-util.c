#include "mount-util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif
#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif

int bind_mount_at(const char *source, int dirfd, const char *name) {
        _cleanup_close_ int tree = (int)syscall(SYS_open_tree, AT_FDCWD, source, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
        if (tree < 0 && errno == ENOSYS) {
                /* Before Linux 5.2, or under a tool that does not know the
                 * call (valgrind 3.19): mount(2), through the directory
                 * fd's magic link so only the last component is looked up. */
                char path[PATH_MAX];
                int n = snprintf(path, sizeof(path), "/proc/self/fd/%d/%s", dirfd, name);
                if (n < 0 || (size_t)n >= sizeof(path))
                        return -ENAMETOOLONG;
                if (mount(source, path, "none", MS_BIND, NULL) < 0)
                        return negative_errno();
                return 0;
        }
        if (tree < 0)
                return negative_errno();
        if (syscall(SYS_move_mount, tree, "", dirfd, name, MOVE_MOUNT_F_EMPTY_PATH) < 0)
                return negative_errno();
        return 0;
}

int unmount_at(int dirfd, const char *name) {
        char path[PATH_MAX];

        /* umount2 takes a path: go through the directory fd's magic link so
         * that only the last component is looked up, and that without
         * following symlinks.  A truncated path could name another file. */
        int n = snprintf(path, sizeof(path), "/proc/self/fd/%d/%s", dirfd, name);
        if (n < 0 || (size_t)n >= sizeof(path))
                return -ENAMETOOLONG;
        if (umount2(path, UMOUNT_NOFOLLOW) == 0)
                return 0;
        if (errno == EBUSY && umount2(path, UMOUNT_NOFOLLOW | MNT_DETACH) == 0)
                return 0;
        if (errno == EINVAL || errno == ENOENT)
                return 0; /* not (or no longer) a mount point */
        return negative_errno();
}

/* The device number of nsfs, where every namespace file lives. */
static dev_t nsfs_dev(void) {
        static dev_t dev;
        static bool known;
        struct stat st;

        if (!known && stat("/proc/self/ns/net", &st) == 0) {
                dev = st.st_dev;
                known = true;
        }
        return dev;
}

bool is_nsfs_at(int dirfd, const char *name, unsigned long long *ret_inode) {
        struct stat st;

        /* One fstatat: a bind-mounted namespace file reports nsfs's device
         * and the namespace's inode; the empty file under it would report
         * the tmpfs's. */
        if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || st.st_dev != nsfs_dev() || st.st_dev == 0)
                return false;
        if (ret_inode)
                *ret_inode = st.st_ino;
        return true;
}

int is_mount_root(int dirfd) {
        struct statx sx;

        if (statx(dirfd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx) < 0)
                return negative_errno();
        if (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
                return !!(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
        return -EOPNOTSUPP;
}
