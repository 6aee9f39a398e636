/* nsbench: drives nsctld over one connection and times it.
 *
 *   nsbench SOCKET create-delete N [TYPES]
 *       N creates then N deletes of b0..bN-1; prints
 *       "create_total delete_total first100_avg last100_avg" (seconds)
 *   nsbench SOCKET pipelined N
 *       as create-delete, with up to 32 calls sent ahead of their replies;
 *       prints "create_total delete_total"
 *   nsbench SOCKET create N [TYPES]      creates only (prints the total)
 *   nsbench SOCKET delete N              deletes b0..bN-1 (prints the total)
 *   nsbench SOCKET latency METHOD K
 *       K calls of io.nsctl.Namespace.List (METHOD=list) or of Show on
 *       random existing names b0..  (METHOD=show N); prints "p50 p99" (s)
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "varlink-frame.h"
#include "varlink-message.h"

static int sock = -1;
static char *inbuf;
static size_t inlen, incap;

static double now(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what) {
        fprintf(stderr, "nsbench: %s\n", what);
        exit(1);
}

static void send_call(json_object *msg) {
        size_t len;
        const char *text = vl_message_text(msg, &len);
        if (write(sock, text, len + 1) != (ssize_t)(len + 1)) /* json-c's text ends in NUL */
                die("write");
        json_object_put(msg);
}

/* The next reply; exits on an error reply. */
static void receive_reply(void) {
        struct vl_scanner sc;
        vl_scanner_init(&sc, 256u << 20);
        ssize_t end = inlen ? vl_scanner_feed(&sc, inbuf, inlen) : 0;
        while (end == 0) {
                if (incap - inlen < 65536) {
                        incap = incap ? incap * 2 : 1 << 20;
                        inbuf = realloc(inbuf, incap);
                        if (!inbuf)
                                die("out of memory");
                }
                /* As nsctl's client does (client/varlink-client.c): wait in
                 * poll(2), which, unlike a blocking read(2), is not woken
                 * when the daemon reads the call. */
                struct pollfd pfd = { .fd = sock, .events = POLLIN };
                if (poll(&pfd, 1, -1) < 0)
                        die("poll");
                ssize_t n = read(sock, inbuf + inlen, incap - inlen);
                if (n <= 0)
                        die("read");
                end = vl_scanner_feed(&sc, inbuf + inlen, n);
                inlen += n;
        }
        if (end < 0)
                die("reply too large");
        struct vl_reply reply;
        const char *reason;
        if (vl_reply_parse(inbuf, end - 1, &reply, &reason) < 0)
                die(reason);
        if (reply.error) {
                fprintf(stderr, "nsbench: error reply %s %s\n", reply.error,
                        json_object_to_json_string(reply.parameters));
                exit(1);
        }
        vl_reply_done(&reply);
        memmove(inbuf, inbuf + end, inlen - end);
        inlen -= end;
}

/* One call, one reply. */
static void call(json_object *msg) {
        send_call(msg);
        receive_reply();
}

/* N calls made by MAKE(i), with up to WINDOW of them sent ahead of their
 * replies (Varlink answers in order), as a script building a lab would. */
#define WINDOW 32
static json_object *named(const char *method, int i, const char *types);
static void pipelined(int n, const char *method, const char *types) {
        int sent = 0, done = 0;
        while (done < n) {
                while (sent < n && sent - done < WINDOW)
                        send_call(named(method, sent++, types));
                receive_reply();
                done++;
        }
}

static json_object *named(const char *method, int i, const char *types) {
        char name[32];
        json_object *p = json_object_new_object();
        snprintf(name, sizeof(name), "b%d", i);
        json_object_object_add(p, "name", json_object_new_string(name));
        if (types) {
                json_object *arr = json_object_new_array();
                char *copy = strdup(types), *save = NULL;
                for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
                        json_object_array_add(arr, json_object_new_string(t));
                free(copy);
                json_object_object_add(p, "types", arr);
        }
        return vl_call_new(method, p, false, false);
}

static int compare_double(const void *a, const void *b) {
        double x = *(const double *)a, y = *(const double *)b;
        return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };

        if (argc < 4)
                die("usage: nsbench SOCKET create-delete|create|delete|latency ...");
        snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", argv[1]);
        sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (sock < 0 || connect(sock, (struct sockaddr *)&sa, sizeof(sa)) < 0)
                die("connect");

        const char *mode = argv[2];
        if (strcmp(mode, "pipelined") == 0) {
                int n = atoi(argv[3]);
                double t0 = now();
                pipelined(n, "io.nsctl.Namespace.Create", NULL);
                double t1 = now();
                pipelined(n, "io.nsctl.Namespace.Delete", NULL);
                printf("%.6f %.6f\n", t1 - t0, now() - t1);
                return 0;
        }
        if (strcmp(mode, "create-delete") == 0 || strcmp(mode, "create") == 0 || strcmp(mode, "delete") == 0) {
                int n = atoi(argv[3]);
                const char *types = argc > 4 ? argv[4] : NULL;
                double *each = calloc(n, sizeof(double));
                double t0 = now(), create = 0, del = 0;
                if (strcmp(mode, "delete") != 0) {
                        for (int i = 0; i < n; i++) {
                                double a = now();
                                call(named("io.nsctl.Namespace.Create", i, types));
                                each[i] = now() - a;
                        }
                        create = now() - t0;
                }
                double t1 = now();
                if (strcmp(mode, "create") != 0)
                        for (int i = 0; i < n; i++)
                                call(named("io.nsctl.Namespace.Delete", i, NULL));
                del = now() - t1;
                if (strcmp(mode, "create-delete") == 0) {
                        int k = n < 100 ? n : 100;
                        double first = 0, last = 0;
                        for (int i = 0; i < k; i++) {
                                first += each[i];
                                last += each[n - k + i];
                        }
                        printf("%.6f %.6f %.6f %.6f\n", create, del, first / k, last / k);
                } else {
                        printf("%.6f\n", strcmp(mode, "create") == 0 ? create : del);
                }
                free(each);
        } else if (strcmp(mode, "latency") == 0 && argc >= 5) {
                bool show = strcmp(argv[3], "show") == 0;
                int k = atoi(argv[4]), n = argc > 5 ? atoi(argv[5]) : 1;
                double *lat = calloc(k, sizeof(double));
                srand(1);
                for (int i = 0; i < k; i++) {
                        json_object *m = show ? named("io.nsctl.Namespace.Show", rand() % n, NULL)
                                              : vl_call_new("io.nsctl.Namespace.List", NULL, false, false);
                        double a = now();
                        call(m);
                        lat[i] = now() - a;
                }
                qsort(lat, k, sizeof(double), compare_double);
                printf("%.6f %.6f\n", lat[k / 2], lat[(int)(k * 0.99)]);
                free(lat);
        } else {
                die("unknown mode");
        }
        free(inbuf);
        close(sock);
        return 0;
}
