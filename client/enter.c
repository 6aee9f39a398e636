#include "enter.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "netns-view.h"

/* The non-user namespaces in the order they are joined.  mnt comes last:
 * joining it changes our root and working directory, which nothing before
 * it should see. */
static const enum ns_type join_order[] = {
        NS_TYPE_CGROUP, NS_TYPE_IPC, NS_TYPE_UTS, NS_TYPE_NET, NS_TYPE_PID, NS_TYPE_TIME, NS_TYPE_MNT,
};

static int open_one(const struct nsset *set, enum ns_type t) {
        const char *type = ns_type_name(t);
        struct stat st;
        int fd, r;

        fd = open(set->path[t], O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
                r = -errno;
                log_error("cannot open the %s namespace of '%s' at %s: %s", type, set->name, set->path[t],
                          strerror(-r));
                return r;
        }
        if (fstat(fd, &st) < 0) {
                r = -errno;
                log_error("cannot stat %s: %s", set->path[t], strerror(-r));
                close(fd);
                return r;
        }
        if ((uint64_t)st.st_ino != set->inode[t]) {
                log_error("%s is not the %s namespace of '%s' that nsctld reported (inode %ju, not %ju)",
                          set->path[t], type, set->name, (uintmax_t)st.st_ino, (uintmax_t)set->inode[t]);
                close(fd);
                return -ESTALE;
        }
        return fd;
}

int enter_open(const struct nsset *set, unsigned types, struct enter_fds *ret) {
        for (int t = 0; t < NS_TYPE_MAX; t++)
                ret->fd[t] = -1;
        /* All before joining any: once in the set's mount namespace, the
         * paths may no longer lead to the files nsctld made. */
        for (int t = 0; t < NS_TYPE_MAX; t++) {
                if (!(types & NS_TYPE_BIT(t)))
                        continue;
                int fd = open_one(set, t);
                if (fd < 0) {
                        enter_close(ret);
                        return fd;
                }
                ret->fd[t] = fd;
        }
        return 0;
}

void enter_close(struct enter_fds *fds) {
        for (int t = 0; t < NS_TYPE_MAX; t++)
                if (fds->fd[t] >= 0) {
                        close(fds->fd[t]);
                        fds->fd[t] = -1;
                }
}

static int join_one(const struct nsset *set, struct enter_fds *fds, enum ns_type t) {
        const char *type = ns_type_name(t);
        int r = 0;

        /* The explicit type makes the kernel refuse any other namespace. */
        if (setns(fds->fd[t], ns_type_clone_flag(t)) < 0) {
                r = -errno;
                if (r == -EPERM && geteuid() != 0)
                        log_error("permission denied: only root may enter namespace set '%s'", set->name);
                else if (r == -EINVAL)
                        log_error("cannot join %s: not a %s namespace, or one we cannot join", set->path[t], type);
                else
                        log_error("cannot join the %s namespace of '%s': %s", type, set->name, strerror(-r));
        }
        close(fds->fd[t]);
        fds->fd[t] = -1;
        return r;
}

int enter_join(const struct nsset *set, struct enter_fds *fds, bool netns_view) {
        bool user = fds->fd[NS_TYPE_USER] >= 0;
        /* Root may join everything from where it is, and joins the user
         * namespace last: there it would only have the capabilities the set
         * gives, which may not cover the other namespaces.  Anyone else has
         * privilege only through the set's user namespace, so joins it
         * first. */
        bool user_first = user && geteuid() != 0;
        int r;

        /* Before joining: a process of ours inside the namespaces must not
         * be ptrace-able or have its memory read by the set's users. */
        if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
                r = -errno;
                log_error("cannot make the process non-dumpable: %s", strerror(-r));
                return r;
        }
        if (user_first && (r = join_one(set, fds, NS_TYPE_USER)) < 0)
                return r;
        for (size_t i = 0; i < sizeof(join_order) / sizeof(join_order[0]); i++)
                if (fds->fd[join_order[i]] >= 0 && (r = join_one(set, fds, join_order[i])) < 0)
                        return r;
        /* Still with our own privilege when root: the mounts are made in a
         * mount namespace owned by the host's user namespace. */
        if (netns_view && (r = netns_view_setup(set->name)) < 0)
                return r;
        if (user && !user_first && (r = join_one(set, fds, NS_TYPE_USER)) < 0)
                return r;
        return 0;
}
