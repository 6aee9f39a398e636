#include "nsstore.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "mount-util.h"
#include "util.h"

static int compare_sets(const void *a, const void *b) {
        return strcmp(((const struct ns_set *)a)->name, ((const struct ns_set *)b)->name);
}

int nsstore_init(struct nsstore *st, struct runtime *rt) {
        *st = (struct nsstore){ .rt = rt };
        st->host_netns_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        if (st->host_netns_fd < 0)
                return negative_errno();
        return 0;
}

void nsstore_done(struct nsstore *st) {
        tdestroy(st->tree, free);
        st->tree = NULL;
        st->count = 0;
        closep(&st->host_netns_fd);
}

struct ns_set *nsstore_find(struct nsstore *st, const char *name) {
        struct ns_set key;
        void *node;

        if (strlen(name) > NSCTL_NAME_MAX)
                return NULL;
        strcpy(key.name, name);
        node = tfind(&key, &st->tree, compare_sets);
        return node ? *(struct ns_set **)node : NULL;
}

static int insert(struct nsstore *st, struct ns_set *set) {
        void *node = tsearch(set, &st->tree, compare_sets);
        if (!node)
                return -ENOMEM;
        if (*(struct ns_set **)node != set)
                return -EEXIST;
        st->count++;
        return 0;
}

/* Remove every trace of set NAME that may exist: mounts, files, the set's
 * directory, and its /run/netns entry if (and only if) that is ours.  Used
 * for rollback, delete and reconcile alike, so all three leave the same
 * nothing.  OWNS_NETNS says whether the netns dir entry was made by us. */
static int remove_traces(struct nsstore *st, const char *name, bool owns_netns) {
        int r = 0, k;

        if (owns_netns) {
                k = unmount_at(st->rt->netns_fd, name);
                if (k < 0)
                        r = k;
                else if (unlinkat(st->rt->netns_fd, name, 0) < 0 && errno != ENOENT)
                        r = negative_errno();
        }

        _cleanup_close_ int dfd = openat(st->rt->ns_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dfd < 0)
                return errno == ENOENT ? r : negative_errno();
        for (int t = 0; t < NS_TYPE_MAX; t++) {
                k = unmount_at(dfd, ns_type_name(t));
                if (k < 0) {
                        r = k;
                        continue;
                }
                /* Unlink only after the unmount succeeded: removing the
                 * mount point is what guarantees no 0-byte file stays. */
                if (unlinkat(dfd, ns_type_name(t), 0) < 0 && errno != ENOENT)
                        r = negative_errno();
        }
        if (unlinkat(st->rt->ns_fd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
                r = negative_errno();
        return r;
}

/* Make an empty file to mount on.  O_EXCL: it must not exist already. */
static int make_mount_point(int dirfd, const char *name) {
        int fd = openat(dirfd, name, O_CREAT | O_EXCL | O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0444);
        if (fd < 0)
                return negative_errno();
        close(fd);
        return 0;
}

/* A network namespace is made in the daemon itself: unshare, bind-mount
 * /proc/thread-self/ns/net in both places, and return to the daemon's own
 * namespace.  This is the kernel's work and nothing more (no fork), which is
 * what `ip netns add` does too. */
static int create_net(struct nsstore *st, int dfd, const char *name, unsigned long long *ret_inode) {
        static const char self_net[] = "/proc/thread-self/ns/net";
        int r;

        if (unshare(CLONE_NEWNET) < 0)
                return negative_errno();
        r = bind_mount_at(self_net, dfd, "net");
        if (r >= 0)
                r = bind_mount_at(self_net, st->rt->netns_fd, name);
        /* Always go back, whatever happened: the daemon must not stay in a
         * namespace it made. */
        if (setns(st->host_netns_fd, CLONE_NEWNET) < 0) {
                int k = negative_errno();
                log_error_errno(k, "Cannot return to the daemon's network namespace");
                abort(); /* continuing would make every later namespace wrong */
        }
        if (r < 0)
                return r;
        if (!is_nsfs_at(dfd, "net", ret_inode))
                return -EIO;
        return 0;
}

int nsstore_create(struct nsstore *st, const char *name, unsigned types, struct ns_set **ret) {
        bool owns_netns = false;
        int r;

        if (types == 0 || (types & ~NSSTORE_SUPPORTED_TYPES))
                return -EOPNOTSUPP;
        if (nsstore_find(st, name))
                return -EEXIST;

        _cleanup_free_ struct ns_set *set = calloc(1, sizeof(*set));
        if (!set)
                return -ENOMEM;
        strcpy(set->name, name);
        set->types = types;
        clock_gettime(CLOCK_REALTIME, &set->created);

        if (mkdirat(st->rt->ns_fd, name, 0755) < 0)
                return errno == EEXIST ? -EEXIST : negative_errno();
        _cleanup_close_ int dfd = openat(st->rt->ns_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dfd < 0) {
                r = negative_errno();
                goto fail;
        }
        if (types & NS_TYPE_BIT(NS_TYPE_NET)) {
                /* A name already in /run/netns belongs to someone else (ip
                 * netns add, or another tool): refuse, do not take it over. */
                r = make_mount_point(st->rt->netns_fd, name);
                if (r < 0)
                        goto fail;
                owns_netns = true;
                r = make_mount_point(dfd, "net");
                if (r < 0)
                        goto fail;
                r = create_net(st, dfd, name, &set->inode[NS_TYPE_NET]);
                if (r < 0)
                        goto fail;
        }
        r = insert(st, set);
        if (r < 0)
                goto fail;
        *ret = TAKE_PTR(set);
        return 0;
fail:
        remove_traces(st, name, owns_netns);
        return r;
}

int nsstore_delete(struct nsstore *st, const char *name) {
        struct ns_set *set = nsstore_find(st, name);
        int r;

        if (!set)
                return -ENOENT;
        r = remove_traces(st, name, set->types & NS_TYPE_BIT(NS_TYPE_NET));
        if (r < 0)
                return r;
        tdelete(set, &st->tree, compare_sets);
        st->count--;
        free(set);
        return 0;
}

void nsstore_check(struct nsstore *st, struct ns_set *set) {
        _cleanup_close_ int dfd = openat(st->rt->ns_fd, set->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        unsigned long long ino;

        set->broken = dfd < 0;
        for (int t = 0; t < NS_TYPE_MAX && !set->broken; t++)
                if ((set->types & NS_TYPE_BIT(t)) && (!is_nsfs_at(dfd, ns_type_name(t), &ino) || ino != set->inode[t]))
                        set->broken = true;
}

/* twalk_r callback state for nsstore_list. */
struct list_walk {
        struct ns_set **items;
        size_t n;
};

static void collect(const void *node, VISIT which, void *data) {
        struct list_walk *w = data;
        if (which == postorder || which == leaf)
                w->items[w->n++] = *(struct ns_set *const *)node;
}

int nsstore_list(struct nsstore *st, struct ns_set ***ret, size_t *ret_n) {
        struct list_walk w = { .items = calloc(st->count + 1, sizeof(struct ns_set *)) };
        if (!w.items)
                return -ENOMEM;
        twalk_r(st->tree, collect, &w);
        *ret = w.items;
        *ret_n = w.n;
        return 0;
}

/* Reconcile one directory NAME under the ns dir: adopt it if every
 * namespace file in it is a kept namespace (and, for net, /run/netns/NAME
 * keeps the same one), otherwise remove it. */
static void reconcile_one(struct nsstore *st, const char *name) {
        const char *reason;
        unsigned long long ino, netns_ino;
        struct statx sx;
        int r;

        if (nsctl_name_check(name, strlen(name), &reason) < 0) {
                log_warning("Reconcile: ignoring %s/%s: not a namespace set name (%s)", st->rt->ns_dir, name, reason);
                return;
        }
        _cleanup_close_ int dfd = openat(st->rt->ns_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dfd < 0) {
                log_warning_errno(negative_errno(), "Reconcile: ignoring %s/%s", st->rt->ns_dir, name);
                return;
        }
        _cleanup_free_ struct ns_set *set = calloc(1, sizeof(*set));
        if (!set)
                return;
        strcpy(set->name, name);

        bool whole = true;
        for (int t = 0; t < NS_TYPE_MAX; t++) {
                if (faccessat(dfd, ns_type_name(t), F_OK, AT_SYMLINK_NOFOLLOW) < 0)
                        continue;
                set->types |= NS_TYPE_BIT(t);
                if (!is_nsfs_at(dfd, ns_type_name(t), &ino))
                        whole = false; /* a mount point left by a crash */
                else
                        set->inode[t] = ino;
        }
        bool netns_ours = false;
        if (set->types & NS_TYPE_BIT(NS_TYPE_NET)) {
                /* /run/netns/NAME is ours if it keeps our namespace, or is
                 * the empty mount point a crashed create left. */
                if (is_nsfs_at(st->rt->netns_fd, name, &netns_ino))
                        netns_ours = netns_ino == set->inode[NS_TYPE_NET];
                else
                        netns_ours = faccessat(st->rt->netns_fd, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
                if (!netns_ours || !is_nsfs_at(st->rt->netns_fd, name, NULL))
                        whole = false;
        }
        if (set->types == 0 || (set->types & ~NSSTORE_SUPPORTED_TYPES))
                whole = false;

        if (!whole) {
                r = remove_traces(st, name, netns_ours);
                if (r < 0)
                        log_error_errno(r, "Reconcile: cannot remove half-made namespace set %s", name);
                else
                        log_notice("Reconcile: removed half-made namespace set %s", name);
                return;
        }
        if (statx(dfd, "", AT_EMPTY_PATH, STATX_BTIME | STATX_MTIME, &sx) == 0) {
                bool btime = sx.stx_mask & STATX_BTIME;
                set->created.tv_sec = btime ? sx.stx_btime.tv_sec : sx.stx_mtime.tv_sec;
                set->created.tv_nsec = btime ? sx.stx_btime.tv_nsec : sx.stx_mtime.tv_nsec;
        }
        r = insert(st, set);
        if (r < 0) {
                log_error_errno(r, "Reconcile: cannot adopt namespace set %s", name);
                return;
        }
        log_info("Reconcile: adopted namespace set %s", name);
        TAKE_PTR(set);
}

int nsstore_reconcile(struct nsstore *st) {
        int fd = openat(st->rt->ns_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        DIR *d = fdopendir(fd);
        if (!d) {
                close(fd);
                return -ENOMEM;
        }
        struct dirent *de;
        while ((errno = 0, de = readdir(d))) {
                if (de->d_name[0] == '.' && (de->d_name[1] == '\0' || (de->d_name[1] == '.' && de->d_name[2] == '\0')))
                        continue;
                if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
                        continue;
                reconcile_one(st, de->d_name);
        }
        int r = errno ? -errno : 0;
        closedir(d);
        return r;
}
