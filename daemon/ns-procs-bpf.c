#include "ns-procs-bpf.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/* libbpf's messages (a failed load explains itself at length) go to the
 * debug log, not to stderr. */
static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap) {
        char buf[1024];

        int n = vsnprintf(buf, sizeof(buf), fmt, ap);
        if (n <= 0)
                return n;
        if ((size_t)n >= sizeof(buf))
                n = sizeof(buf) - 1;
        while (n > 0 && buf[n - 1] == '\n')
                buf[--n] = '\0';
        log_debug("libbpf: %s", buf);
        return n;
}

int ns_procs_bpf_load(void) {
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
        iter_link = bpf_program__attach_iter(prog, NULL);
        if (!iter_link) {
                r = negative_errno();
                goto fail;
        }
        return 0;
fail:
        ns_procs_bpf_unload();
        return r < 0 ? r : -EINVAL;
}

void ns_procs_bpf_unload(void) {
        bpf_link__destroy(iter_link);
        iter_link = NULL;
        bpf_object__close(obj);
        obj = NULL;
}

int ns_procs_bpf_tasks(struct ns_task_record **ret, size_t *ret_n) {
        if (!iter_link)
                return -ENOTCONN;
        /* Each walk is a new iterator (a seq_file): the kernel makes it
         * close-on-exec. */
        _cleanup_close_ int fd = bpf_iter_create(bpf_link__fd(iter_link));
        if (fd < 0)
                return fd; /* libbpf returns -errno */

        /* Records are written whole, a page or so a read: grow the buffer
         * until a read returns 0. */
        size_t cap = 256 * sizeof(struct ns_task_record), len = 0;
        char *buf = malloc(cap);
        if (!buf)
                return -ENOMEM;
        for (;;) {
                if (cap - len < 4096) {
                        char *p = realloc(buf, cap * 2);
                        if (!p) {
                                free(buf);
                                return -ENOMEM;
                        }
                        buf = p;
                        cap *= 2;
                }
                ssize_t n = read(fd, buf + len, cap - len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        int r = negative_errno();
                        free(buf);
                        return r;
                }
                if (n == 0)
                        break;
                len += (size_t)n;
        }
        if (len % sizeof(struct ns_task_record)) {
                /* Not our records: another object than the one built. */
                free(buf);
                return -EBADMSG;
        }
        *ret = (struct ns_task_record *)buf;
        *ret_n = len / sizeof(struct ns_task_record);
        return 0;
}
