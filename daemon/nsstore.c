#include "nsstore.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <search.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "nsstore-private.h"
#include "mount-util.h"
#include "pidfd-util.h"
#include "ns-procs.h"
#include "ns-spawn.h"
#include "persist.h"
#include "set-record.h"
#include "util.h"

/* How long delete waits for a killed holder to be gone. */
#define HOLDER_EXIT_TIMEOUT_MS 5000

static int compare_sets(const void *a, const void *b) {
        return strcmp(((const struct ns_set *)a)->name, ((const struct ns_set *)b)->name);
}

struct ns_set *nsstore_set_new(const char *name) {
        struct ns_set *set = calloc(1, sizeof(*set));
        if (!set)
                return NULL;
        strcpy(set->name, name);
        set->holder_pidfd = -1;
        return set;
}

void nsstore_set_free(void *p) {
        struct ns_set *set = p;
        if (!set)
                return;
        closep(&set->holder_pidfd);
        ns_options_done(&set->opts);
        free(set->json_text);
        free(set);
}

int nsstore_init(struct nsstore *st, struct runtime *rt, const struct nsstore_hooks *hooks) {
        *st = (struct nsstore){ .rt = rt, .host_netns_fd = -1, .mountinfo_fd = -1 };
        if (hooks)
                st->hooks = *hooks;
        st->host_netns_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        if (st->host_netns_fd < 0)
                return negative_errno();
        /* Without it every List checks every set: slower, still right. */
        st->mountinfo_fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
        return 0;
}

static void forget_holder(struct nsstore *st, struct ns_set *set) {
        if (set->watch && st->hooks.holder_removed)
                st->hooks.holder_removed(st, set);
        set->watch = NULL;
}

static struct nsstore *destroying;

static void destroy_node(void *p) {
        forget_holder(destroying, p);
        nsstore_set_free(p);
}

void nsstore_done(struct nsstore *st) {
        destroying = st;
        tdestroy(st->tree, destroy_node);
        destroying = NULL;
        st->tree = NULL;
        st->count = 0;
        closep(&st->host_netns_fd);
        closep(&st->mountinfo_fd);
}

struct ns_set *nsstore_find_any(struct nsstore *st, const char *name) {
        struct ns_set key;
        void *node;

        if (strlen(name) > NSCTL_NAME_MAX)
                return NULL;
        strcpy(key.name, name);
        node = tfind(&key, &st->tree, compare_sets);
        return node ? *(struct ns_set **)node : NULL;
}

struct ns_set *nsstore_find(struct nsstore *st, const char *name) {
        struct ns_set *set = nsstore_find_any(st, name);
        return set && !set->deleting ? set : NULL;
}

int nsstore_insert(struct nsstore *st, struct ns_set *set) {
        void *node = tsearch(set, &st->tree, compare_sets);
        if (!node)
                return -ENOMEM;
        if (*(struct ns_set **)node != set)
                return -EEXIST;
        st->count++;
        if (set->holder_pidfd >= 0 && st->hooks.holder_added)
                st->hooks.holder_added(st, set);
        return 0;
}

/* Where namespace T of set NAME is kept: the net namespace at
 * NETNS_DIR/NAME, the only bind mount of it (`ip netns` looks there; the
 * set's own "net" is a symlink to it, see make_net_link), every other type
 * at NS_DIR/NAME/TYPE.  Returns the directory fd; the name relative to it
 * goes to BUF. */
static int ns_location(const struct nsstore *st, const char *name, int t, char *buf, size_t len) {
        if (t == NS_TYPE_NET) {
                snprintf(buf, len, "%s", name);
                return st->rt->netns_fd;
        }
        snprintf(buf, len, "%s/%s", name, ns_type_name(t));
        return st->rt->ns_fd;
}

int nsstore_open_ns(const struct nsstore *st, const char *name, int t) {
        char path[NSCTL_NAME_MAX + 16];
        int dirfd = ns_location(st, name, t, path, sizeof(path));
        int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        return fd < 0 ? negative_errno() : fd;
}

static bool ns_kept(const struct nsstore *st, const char *name, int t, unsigned long long *ret_inode) {
        char path[NSCTL_NAME_MAX + 16];
        int dirfd = ns_location(st, name, t, path, sizeof(path));
        return is_nsfs_at(dirfd, path, ret_inode);
}

/* The set's "net": a symlink to NETNS_DIR/NAME, so that every type of a
 * set has a path under NS_DIR/NAME (for nsenter --net=, and as before),
 * while the namespace is bind-mounted once.  A second bind mount costs a
 * second umount on delete, and every umount waits for an RCU grace period
 * (75-125 us here, more than the rest of a delete).  Absolute, so that it
 * leads there from any mount namespace that sees the netns dir. */
static int make_net_link(struct nsstore *st, int dfd, const char *name) {
        char target[PATH_MAX];
        int n = snprintf(target, sizeof(target), "%s/%s", st->rt->netns_dir, name);
        if (n < 0 || (size_t)n >= sizeof(target))
                return -ENAMETOOLONG;
        if (symlinkat(target, dfd, ns_type_name(NS_TYPE_NET)) < 0)
                return negative_errno();
        return 0;
}

/* Whether the set's "net" in DFD is one we made: the symlink make_net_link
 * makes, or (from daemons before the link) a bind mount of the namespace
 * NETNS_DIR/NAME keeps, whose inode goes to *RET_MOUNT_INODE. */
bool nsstore_is_net_link(struct nsstore *st, int dfd, const char *name, unsigned long long *ret_mount_inode) {
        char target[PATH_MAX], link[PATH_MAX];

        *ret_mount_inode = 0;
        if (is_nsfs_at(dfd, ns_type_name(NS_TYPE_NET), ret_mount_inode))
                return true;
        ssize_t n = readlinkat(dfd, ns_type_name(NS_TYPE_NET), link, sizeof(link) - 1);
        if (n <= 0)
                return false;
        link[n] = '\0';
        snprintf(target, sizeof(target), "%s/%s", st->rt->netns_dir, name);
        return strcmp(link, target) == 0;
}

/* SIGKILL the holder (taking every process of its PID namespace with it)
 * and wait, bounded, until it is gone.  Through the pidfd, so a recycled
 * PID can never be hit. */
static int kill_holder(int pidfd) {
        struct pollfd p = { .fd = pidfd, .events = POLLIN };

        int r = pidfd_signal(pidfd, SIGKILL);
        if (r < 0 && r != -ESRCH)
                return r;
        for (;;) {
                int n = poll(&p, 1, HOLDER_EXIT_TIMEOUT_MS);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return negative_errno();
                return n == 0 ? -ETIMEDOUT : 0;
        }
}

/* Remove every trace of set NAME that may exist: the holder (if HOLDER_PIDFD
 * is one), the mounts and files of TYPES (all types when not known), the
 * record, the set's directory, and its /run/netns entry if (and only if)
 * that is ours.  Used for rollback, delete
 * and reconcile alike, so all three leave the same nothing. */
int nsstore_remove_traces(struct nsstore *st, const char *name, unsigned types, bool owns_netns, int holder_pidfd) {
        int r = 0, k;

        /* The record goes first: from here on a crash leaves a set that
         * reconcile sees as half made, never one it would adopt. */
        _cleanup_close_ int dfd = openat(st->rt->ns_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dfd >= 0) {
                if (unlinkat(dfd, SET_RECORD_FILE, 0) < 0 && errno != ENOENT)
                        return negative_errno();
        }
        if (holder_pidfd >= 0) {
                k = kill_holder(holder_pidfd);
                if (k < 0)
                        return k;
        }
        if (owns_netns) {
                k = unmount_at(st->rt->netns_fd, name);
                if (k < 0)
                        r = k;
                else if (unlinkat(st->rt->netns_fd, name, 0) < 0 && errno != ENOENT)
                        r = negative_errno();
        }

        if (dfd < 0)
                return errno == ENOENT ? r : negative_errno();
        for (int t = 0; t < NS_TYPE_MAX; t++) {
                if (!(types & NS_TYPE_BIT(t)))
                        continue;
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
        /* A temp file of a record write cut short by a crash is the only
         * other thing that can be there; it is looked for only then. */
        if (unlinkat(st->rt->ns_fd, name, AT_REMOVEDIR) < 0 && errno != ENOENT) {
                int e = errno;
                if (e != ENOTEMPTY || unlinkat(dfd, SET_RECORD_FILE ".tmp", 0) < 0 ||
                    unlinkat(st->rt->ns_fd, name, AT_REMOVEDIR) < 0)
                        r = -e;
        }
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

/* A net-only set is made in the daemon itself: unshare, bind-mount
 * /proc/thread-self/ns/net into the netns dir, and return to the daemon's
 * own namespace.  This is the kernel's work and nothing more (no fork),
 * which is what `ip netns add` does too. */
static int create_net_inplace(struct nsstore *st, const char *name) {
        static const char self_net[] = "/proc/thread-self/ns/net";
        int r;

        if (unshare(CLONE_NEWNET) < 0)
                return negative_errno();
        r = bind_mount_at(self_net, st->rt->netns_fd, name);
        /* Always go back, whatever happened: the daemon must not stay in a
         * namespace it made. */
        if (setns(st->host_netns_fd, CLONE_NEWNET) < 0) {
                log_error_errno(negative_errno(), "Cannot return to the daemon's network namespace");
                abort(); /* continuing would make every later namespace wrong */
        }
        return r;
}

/* Any other set: a child makes the namespaces, we bind-mount them. */
static int create_spawned(struct nsstore *st, int dfd, struct ns_set *set, uid_t uid, gid_t gid,
                          struct ns_spawn *spawn) {
        char source[64];
        int r;

        r = ns_spawn_start(&set->opts, uid, gid, spawn);
        if (r < 0)
                return r;
        for (int t = 0; t < NS_TYPE_MAX; t++) {
                if (!(set->types & NS_TYPE_BIT(t)))
                        continue;
                ns_spawn_source(spawn, t, source, sizeof(source));
                if (t == NS_TYPE_NET)
                        r = bind_mount_at(source, st->rt->netns_fd, set->name);
                else
                        r = bind_mount_at(source, dfd, ns_type_name(t));
                if (r < 0)
                        return r;
        }
        if (spawn->holder > 0) {
                set->holder = spawn->holder;
                set->holder_pidfd = pidfd_open_pid(spawn->holder);
                if (set->holder_pidfd < 0)
                        return set->holder_pidfd;
        }
        return 0;
}

static int copy_options(struct ns_options *dst, const struct ns_options *src) {
        *dst = *src;
        dst->uid_map = dst->gid_map = NULL;
        if (src->n_uid_map && !(dst->uid_map = malloc(src->n_uid_map * sizeof(struct ns_idmap))))
                return -ENOMEM;
        if (src->n_gid_map && !(dst->gid_map = malloc(src->n_gid_map * sizeof(struct ns_idmap))))
                return -ENOMEM;
        if (src->n_uid_map)
                memcpy(dst->uid_map, src->uid_map, src->n_uid_map * sizeof(struct ns_idmap));
        if (src->n_gid_map)
                memcpy(dst->gid_map, src->gid_map, src->n_gid_map * sizeof(struct ns_idmap));
        return 0;
}

int nsstore_create(struct nsstore *st, const char *name, const struct ns_options *o, uid_t uid, gid_t gid,
                   unsigned flags, struct ns_set **ret) {
        struct ns_spawn spawn = { .to_child = -1, .from_child = -1 };
        bool owns_netns = false;
        int r;

        if (o->types == 0 || (o->types & ~NS_TYPES_ALL))
                return -EINVAL;
        if (nsstore_find_any(st, name))
                return -EEXIST;

        struct ns_set *set = nsstore_set_new(name);
        if (!set)
                return -ENOMEM;
        r = copy_options(&set->opts, o);
        if (r < 0) {
                nsstore_set_free(set);
                return r;
        }
        set->types = o->types;
        set->owner_uid = uid;
        set->owner_gid = gid;
        set->persistent = flags & NSSTORE_PERSIST;
        clock_gettime(CLOCK_REALTIME, &set->created);

        if (mkdirat(st->rt->ns_fd, name, 0755) < 0) {
                r = errno == EEXIST ? -EEXIST : negative_errno();
                nsstore_set_free(set);
                return r;
        }
        _cleanup_close_ int dfd = openat(st->rt->ns_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dfd < 0) {
                r = negative_errno();
                goto fail;
        }
        for (int t = 0; t < NS_TYPE_MAX; t++)
                if (t != NS_TYPE_NET && (set->types & NS_TYPE_BIT(t))) {
                        r = make_mount_point(dfd, ns_type_name(t));
                        if (r < 0)
                                goto fail;
                }
        /* The set's net link before the mount point it leads to, so that
         * reconcile, finding the link, knows /run/netns/NAME next to it is
         * ours.  A name already in /run/netns belongs to someone else (ip
         * netns add, or another tool): refuse, do not take it over. */
        if (set->types & NS_TYPE_BIT(NS_TYPE_NET)) {
                r = make_net_link(st, dfd, name);
                if (r < 0)
                        goto fail;
                r = make_mount_point(st->rt->netns_fd, name);
                if (r < 0)
                        goto fail;
                owns_netns = true;
        }

        if (set->types == NS_TYPE_BIT(NS_TYPE_NET))
                r = create_net_inplace(st, name);
        else
                r = create_spawned(st, dfd, set, uid, gid, &spawn);
        if (r < 0)
                goto fail;
        for (int t = 0; t < NS_TYPE_MAX; t++)
                if ((set->types & NS_TYPE_BIT(t)) && !ns_kept(st, name, t, &set->inode[t])) {
                        r = -EIO;
                        goto fail;
                }

        if (set->persistent) {
                r = persist_save(st->rt, set);
                if (r < 0)
                        goto fail;
        }
        /* The commit point: with the record written, a restarted daemon
         * adopts the set; without it, removes it. */
        r = set_record_create(dfd, set);
        if (r < 0)
                goto fail;
        if (spawn.child > 0) {
                r = ns_spawn_commit(&spawn);
                if (r < 0)
                        goto fail;
        }
        r = nsstore_insert(st, set);
        if (r < 0)
                goto fail;
        *ret = set;
        return 0;
fail:
        ns_spawn_abort(&spawn);
        nsstore_remove_traces(st, name, set->types, owns_netns, set->holder_pidfd);
        if (set->persistent)
                persist_remove(st->rt, name);
        nsstore_set_free(set);
        return r;
}

/* The PIDs of the processes inside SET other than its holder. */
static int busy_pids(const struct ns_set *set, pid_t **ret, size_t *ret_n) {
        struct ns_proc *procs;
        size_t n, k = 0;
        int r = ns_procs_find(set, &procs, &n);
        if (r < 0)
                return r;
        pid_t *pids = malloc((n + 1) * sizeof(pid_t));
        if (!pids) {
                ns_procs_free(procs, n);
                return -ENOMEM;
        }
        for (size_t i = 0; i < n; i++)
                if (!procs[i].holder)
                        pids[k++] = procs[i].pid;
        ns_procs_free(procs, n);
        *ret = pids;
        *ret_n = k;
        return 0;
}

int nsstore_delete(struct nsstore *st, const char *name, unsigned flags, pid_t **ret_pids, size_t *ret_npids) {
        struct ns_set *set = nsstore_find_any(st, name);
        pid_t *pids;
        size_t npids;
        int r;

        if (!set)
                return -ENOENT;
        if (flags & NSSTORE_FORCE) {
                r = flags & NSSTORE_PROCS_ENDED
                            ? 0
                            : ns_procs_terminate(set, flags & NSSTORE_NO_GRACE ? 0 : NSSTORE_FORCE_GRACE_MS);
                if (r < 0)
                        return r;
        } else {
                r = busy_pids(set, &pids, &npids);
                if (r < 0)
                        return r;
                if (npids > 0) {
                        if (ret_pids) {
                                *ret_pids = pids;
                                *ret_npids = npids;
                        } else {
                                free(pids);
                        }
                        return -EBUSY;
                }
                free(pids);
        }
        if (set->persistent) {
                r = persist_remove(st->rt, name);
                if (r < 0)
                        return r;
        }
        forget_holder(st, set);
        r = nsstore_remove_traces(st, name, set->types, set->types & NS_TYPE_BIT(NS_TYPE_NET), set->holder_pidfd);
        if (r < 0) {
                /* Still there: put its record back (nsstore_remove_traces
                 * took it first), so a restart adopts it rather than
                 * half-removes it. */
                _cleanup_close_ int dfd = openat(st->rt->ns_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (dfd >= 0)
                        set_record_write(dfd, set);
                if (set->holder_pidfd >= 0 && st->hooks.holder_added && !pidfd_exited(set->holder_pidfd))
                        st->hooks.holder_added(st, set);
                if (set->persistent)
                        persist_save(st->rt, set);
                return r;
        }
        tdelete(set, &st->tree, compare_sets);
        st->count--;
        nsstore_set_free(set);
        return 0;
}

void nsstore_holder_exited(struct nsstore *st, struct ns_set *set) {
        forget_holder(st, set);
        set->broken = "the holder process (PID 1 of the set) has exited";
        log_warning("Namespace set %s: holder process %d exited; the set is broken", set->name, (int)set->holder);
}

void nsstore_check(struct nsstore *st, struct ns_set *set) {
        unsigned long long ino;

        /* One fstatat per namespace (List calls this for every set). */
        set->broken = NULL;
        for (int t = 0; t < NS_TYPE_MAX; t++) {
                if (!(set->types & NS_TYPE_BIT(t)))
                        continue;
                if (!ns_kept(st, set->name, t, &ino) || ino != set->inode[t]) {
                        set->broken = "a namespace bind mount is gone";
                        return;
                }
        }
        if (set->holder_pidfd >= 0 && pidfd_exited(set->holder_pidfd))
                set->broken = "the holder process (PID 1 of the set) has exited";
}

static void check_node(const void *node, VISIT which, void *data) {
        if (which == postorder || which == leaf)
                nsstore_check(data, *(struct ns_set *const *)node);
}

void nsstore_check_all(struct nsstore *st) {
        /* The kernel flags a change of the mount table as POLLPRI on an
         * open mountinfo file; poll(2) itself clears it again. */
        struct pollfd p = { .fd = st->mountinfo_fd, .events = POLLPRI };
        bool changed = st->mountinfo_fd < 0 || !st->mounts_seen || poll(&p, 1, 0) != 0;
        if (!changed)
                return;
        st->mounts_seen = true;
        twalk_r(st->tree, check_node, st);
}

/* twalk_r callback state for nsstore_list. */
struct list_walk {
        struct ns_set **items;
        size_t n;
};

static void collect(const void *node, VISIT which, void *data) {
        struct list_walk *w = data;
        struct ns_set *set = *(struct ns_set *const *)node;
        if ((which == postorder || which == leaf) && !set->deleting)
                w->items[w->n++] = set;
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
