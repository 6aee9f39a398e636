#include "ns-procs-bpf.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

/* The compiled ns-procs-bpf.bpf.c, embedded by ns-procs-bpf-obj.c. */
extern const char ns_procs_bpf_obj[];
extern const char ns_procs_bpf_obj_end[];

/* Loaded once for the daemon's life: what a scan needs is a new iterator
 * fd from the link. */
static struct bpf_object *obj;
static struct bpf_link *iter_link;
/* The program's want_types, in its .bss, mapped into our memory: set
 * without a system call. */
static volatile __u32 *want_types;
static size_t want_types_len;

/* Where loading stands: not wanted (-ENOTCONN), PENDING until the first
 * walk, then the load's result (0, or a negative errno). */
#define PENDING 1
static int state = -ENOTCONN;
static bool reported;

/* libbpf's last warning (a failed load explains itself at length), kept
 * for the one log line that says why there is no iterator; its chatter
 * below that is dropped. */
static char libbpf_said[512];

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap) {
        if (level > LIBBPF_WARN)
                return 0;
        int n = vsnprintf(libbpf_said, sizeof(libbpf_said), fmt, ap);
        size_t len = strlen(libbpf_said);
        while (len > 0 && libbpf_said[len - 1] == '\n')
                libbpf_said[--len] = '\0';
        return n;
}

static void free_loaded(void);

static int load_now(void) {
        int r;

        if (iter_link)
                return 0;
        libbpf_set_print(libbpf_print);
        LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "ns_procs_bpf");
        obj = bpf_object__open_mem(ns_procs_bpf_obj, (size_t)(ns_procs_bpf_obj_end - ns_procs_bpf_obj), &opts);
        if (!obj) {
                r = negative_errno();
                goto fail;
        }
        r = bpf_object__load(obj);
        if (r < 0)
                goto fail;
        struct bpf_program *prog = bpf_object__find_program_by_name(obj, "ns_tasks");
        if (!prog) {
                r = -ENOENT;
                goto fail;
        }
        /* The .bss holds want_types alone.  libbpf 1.1 maps it into our
         * memory only for skeletons (bpf_map__initial_value is its copy of
         * the initial value here): map the map itself. */
        struct bpf_map *bss = bpf_object__find_map_by_name(obj, ".bss");
        if (!bss || !(bpf_map__map_flags(bss) & BPF_F_MMAPABLE) || bpf_map__value_size(bss) < sizeof(__u32)) {
                r = -ENOENT;
                goto fail;
        }
        want_types_len = (size_t)sysconf(_SC_PAGESIZE);
        void *p = mmap(NULL, want_types_len, PROT_READ | PROT_WRITE, MAP_SHARED, bpf_map__fd(bss), 0);
        if (p == MAP_FAILED) {
                r = negative_errno();
                goto fail;
        }
        want_types = p;
        iter_link = bpf_program__attach_iter(prog, NULL);
        if (!iter_link) {
                r = negative_errno();
                goto fail;
        }
        return 0;
fail:
        free_loaded();
        return r < 0 ? r : -EINVAL;
}

int ns_procs_bpf_load(void) {
        state = load_now();
        return state;
}

void ns_procs_bpf_load_lazily(void) {
        if (state == -ENOTCONN)
                state = PENDING;
}

/* Say once how processes are found. */
static void report(int r) {
        if (reported)
                return;
        reported = true;
        if (r < 0)
                log_full_errno(LOG_NOTICE, r, "No BPF task iterator%s%s, finding processes in namespaces through /proc",
                               libbpf_said[0] ? ": " : "", libbpf_said);
        else
                log_debug("Finding processes in namespaces with a BPF task iterator");
}

static void free_loaded(void) {
        bpf_link__destroy(iter_link);
        iter_link = NULL;
        if (want_types)
                munmap((void *)want_types, want_types_len);
        want_types = NULL;
        bpf_object__close(obj);
        obj = NULL;
}

void ns_procs_bpf_unload(void) {
        free_loaded();
        state = -ENOTCONN;
        reported = false;
}

int ns_procs_bpf_walk(unsigned types, int (*fn)(const struct ns_task_record *task, void *data), void *data) {
        /* On the stack, no heap churn per delete: the kernel writes whole
         * records into a read whose size is a multiple of theirs, but a
         * record cut short would be kept for the next read anyway. */
        struct ns_task_record recs[128];
        size_t have = 0;
        int r = 0;

        if (state == PENDING)
                state = load_now();
        if (state == -ENOTCONN)
                return state;
        report(state);
        if (state < 0)
                return -ENOTCONN;
        *want_types = types;
        /* Each walk is a new iterator (a seq_file): the kernel makes it
         * close-on-exec. */
        _cleanup_close_ int fd = bpf_iter_create(bpf_link__fd(iter_link));
        if (fd < 0)
                return fd; /* libbpf returns -errno */
        while (r >= 0) {
                ssize_t n = read(fd, (char *)recs + have, sizeof(recs) - have);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return negative_errno();
                if (n == 0)
                        break;
                have += (size_t)n;
                size_t whole = have / sizeof(recs[0]);
                for (size_t i = 0; r >= 0 && i < whole; i++)
                        r = fn(&recs[i], data);
                have -= whole * sizeof(recs[0]);
                memmove(recs, &recs[whole], have);
        }
        if (r >= 0 && have)
                return -EBADMSG; /* not our records: another object than the one built */
        return r;
}
