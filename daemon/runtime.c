#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "mount-util.h"
#include "util.h"

/* mkdir -p for an absolute path, then open it without following a symlink
 * in its last component. */
static int open_dir(const char *path, mode_t mode) {
        _cleanup_free_ char *copy = strdup(path);
        if (!copy)
                return -ENOMEM;
        for (char *p = copy + 1; *p; p++) {
                if (*p != '/')
                        continue;
                *p = '\0';
                if (mkdir(copy, 0755) < 0 && errno != EEXIST)
                        return negative_errno();
                *p = '/';
        }
        if (mkdir(copy, mode) < 0 && errno != EEXIST)
                return negative_errno();
        int fd = open(copy, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        return fd < 0 ? negative_errno() : fd;
}

/* Make the directory PATH a mount of its own (binding it onto itself if it
 * is not one yet) with the given propagation, and return an fd for it that
 * names the directory on top of the new mount. */
static int open_mount_dir(const char *path, unsigned long propagation) {
        char fdpath[64];
        int r;

        _cleanup_close_ int fd = open_dir(path, 0755);
        if (fd < 0)
                return fd;
        r = is_mount_root(fd);
        if (r < 0)
                return r;
        if (r == 0) {
                snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
                if (mount(fdpath, fdpath, "none", MS_BIND | MS_REC, NULL) < 0)
                        return negative_errno();
                /* The old fd names the directory underneath the new mount. */
                closep(&fd);
                fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0)
                        return negative_errno();
        }
        snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
        if (mount("none", fdpath, "none", propagation, NULL) < 0)
                return negative_errno();
        return TAKE_FD(fd);
}

int runtime_open(struct runtime *rt, const char *dir, const char *netns_dir, const char *state_dir) {
        _cleanup_close_ int lock_fd = -1;
        _cleanup_free_ char *sets = NULL, *topologies = NULL;
        int r;

        *rt = (struct runtime){ .dir_fd = -1, .ns_fd = -1, .netns_fd = -1, .sets_fd = -1, .topo_fd = -1, .topologies_fd = -1 };
        rt->dir = strdup(dir);
        rt->netns_dir = strdup(netns_dir);
        rt->state_dir = strdup(state_dir);
        if (!rt->dir || !rt->netns_dir || !rt->state_dir || asprintf(&rt->ns_dir, "%s/ns", dir) < 0) {
                rt->ns_dir = NULL;
                r = -ENOMEM;
                goto fail;
        }

        rt->dir_fd = open_dir(rt->dir, 0755);
        if (rt->dir_fd < 0) {
                r = log_error_errno(rt->dir_fd, "Cannot create runtime directory %s", rt->dir);
                goto fail;
        }

        /* DIR/ns must be a private mount: bind mounts of mount-namespace
         * files are refused on shared mounts (they could create loops), and
         * nothing we mount there should propagate anywhere. */
        rt->ns_fd = open_mount_dir(rt->ns_dir, MS_PRIVATE);
        if (rt->ns_fd < 0) {
                r = log_error_errno(rt->ns_fd,
                                    "Cannot make %s a private mount (mount namespaces cannot be kept without it)",
                                    rt->ns_dir);
                goto fail;
        }

        /* NETNS_DIR as `ip netns add` sets it up: a shared mount, made by
         * binding the directory onto itself if it is not a mount yet.  The
         * lock, on the parent directory, keeps two first callers from
         * stacking two bind mounts. */
        lock_fd = open_dir(rt->netns_dir, 0755);
        if (lock_fd < 0 || flock(lock_fd, LOCK_EX) < 0) {
                r = log_error_errno(lock_fd < 0 ? lock_fd : negative_errno(), "Cannot lock %s", rt->netns_dir);
                goto fail;
        }
        rt->netns_fd = open_mount_dir(rt->netns_dir, MS_SHARED | MS_REC);
        if (rt->netns_fd < 0) {
                r = log_error_errno(rt->netns_fd, "Cannot make %s a shared mount", rt->netns_dir);
                goto fail;
        }

        r = mkdirat(rt->dir_fd, "topo", 0700);
        if (r < 0 && errno != EEXIST) {
                r = log_error_errno(negative_errno(), "Cannot create %s/topo", rt->dir);
                goto fail;
        }
        rt->topo_fd = openat(rt->dir_fd, "topo", O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (rt->topo_fd < 0) {
                r = log_error_errno(negative_errno(), "Cannot open %s/topo", rt->dir);
                goto fail;
        }

        if (asprintf(&sets, "%s/sets", rt->state_dir) < 0) {
                sets = NULL;
                r = -ENOMEM;
                goto fail;
        }
        rt->sets_fd = open_dir(rt->state_dir, 0700);
        if (rt->sets_fd >= 0) {
                closep(&rt->sets_fd);
                rt->sets_fd = open_dir(sets, 0700);
        }
        if (rt->sets_fd < 0) {
                r = log_error_errno(rt->sets_fd, "Cannot create state directory %s", sets);
                goto fail;
        }
        if (asprintf(&topologies, "%s/topologies", rt->state_dir) < 0) {
                topologies = NULL;
                r = -ENOMEM;
                goto fail;
        }
        rt->topologies_fd = open_dir(topologies, 0700);
        if (rt->topologies_fd < 0) {
                r = log_error_errno(rt->topologies_fd, "Cannot create state directory %s", topologies);
                goto fail;
        }
        return 0;
fail:
        runtime_close(rt);
        return r;
}

void runtime_close(struct runtime *rt) {
        closep(&rt->dir_fd);
        closep(&rt->ns_fd);
        closep(&rt->netns_fd);
        closep(&rt->sets_fd);
        closep(&rt->topologies_fd);
        closep(&rt->topo_fd);
        free(rt->dir);
        free(rt->ns_dir);
        free(rt->netns_dir);
        free(rt->state_dir);
        *rt = (struct runtime){ .dir_fd = -1, .ns_fd = -1, .netns_fd = -1, .sets_fd = -1, .topo_fd = -1, .topologies_fd = -1 };
}
