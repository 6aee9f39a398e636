/* nsctld: options, start-up, the event loop, shutdown. */
#include <errno.h>
#include <event2/event.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <systemd/sd-daemon.h>

#include "authz.h"
#include "daemon.h"
#include "delete-forced.h"
#include "topo-persist.h"
#include "holder-watch.h"
#include "persist.h"
#include "policy.h"
#include "log.h"
#include "ns-procs-bpf.h"
#include "server.h"
#include "keepalive.h"
#include "session.h"
#include "topo-engine.h"
#include "util.h"

struct options {
        const char *socket_path;
        const char *runtime_dir;
        const char *netns_dir;
        const char *state_dir;
        const char *config;
        int log_level;
        bool no_bpf;
        struct server_limits limits;
};

static void usage(FILE *f) {
        fprintf(f,
                "Usage: nsctld [OPTIONS]\n"
                "Keep named Linux namespaces and serve the io.nsctl Varlink interfaces.\n\n"
                "  --socket PATH            listen on PATH (default RUNTIME_DIR/io.nsctl;\n"
                "                           a socket passed by systemd takes precedence)\n"
                "  --runtime-dir DIR        runtime directory (default /run/nsctl)\n"
                "  --netns-dir DIR          where `ip netns` looks (default /run/netns)\n"
                "  --state-dir DIR          persistent state (default /var/lib/nsctl)\n"
                "  --config FILE            the policy (default " POLICY_DEFAULT_PATH ";\n"
                "                           read again on SIGHUP)\n"
                "  --log-level LEVEL        err, warning, notice, info (default) or debug\n"
                "  --max-message-size BYTES largest message accepted (default %u)\n"
                "  --max-connections N      connections served at once (default %u)\n"
                "  --max-output-buffer BYTES stop reading a client whose unread replies\n"
                "                           exceed this (default %u)\n"
                "  --no-bpf                 find the processes inside namespaces through /proc,\n"
                "                           not with a BPF task iterator\n"
                "  --version                print the version and exit\n"
                "  --help                   print this help and exit\n",
                SERVER_DEFAULT_MAX_MESSAGE, SERVER_DEFAULT_MAX_CONNECTIONS, SERVER_DEFAULT_MAX_OUTPUT);
}

static int parse_size(const char *arg, const char *opt, unsigned long long min, unsigned long long max,
                      unsigned long long *ret) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(arg, &end, 10);
        if (errno || end == arg || *end || arg[0] == '-' || v < min || v > max) {
                fprintf(stderr, "nsctld: %s: '%s' is not a number from %llu to %llu\n", opt, arg, min, max);
                return -EINVAL;
        }
        *ret = v;
        return 0;
}

/* Returns 1 to go on, 0 to exit successfully, -EINVAL on a usage error. */
static int parse_options(int argc, char **argv, struct options *o) {
        enum { OPT_SOCKET = 256, OPT_RUNTIME, OPT_NETNS, OPT_STATE, OPT_CONFIG, OPT_LOG, OPT_MAXMSG, OPT_MAXCONN, OPT_MAXOUT,
               OPT_NO_BPF, OPT_VERSION, OPT_HELP };
        static const struct option longopts[] = {
                { "socket", required_argument, NULL, OPT_SOCKET },
                { "runtime-dir", required_argument, NULL, OPT_RUNTIME },
                { "netns-dir", required_argument, NULL, OPT_NETNS },
                { "state-dir", required_argument, NULL, OPT_STATE },
                { "config", required_argument, NULL, OPT_CONFIG },
                { "log-level", required_argument, NULL, OPT_LOG },
                { "max-message-size", required_argument, NULL, OPT_MAXMSG },
                { "max-connections", required_argument, NULL, OPT_MAXCONN },
                { "max-output-buffer", required_argument, NULL, OPT_MAXOUT },
                { "no-bpf", no_argument, NULL, OPT_NO_BPF },
                { "version", no_argument, NULL, OPT_VERSION },
                { "help", no_argument, NULL, OPT_HELP },
                { 0 },
        };
        unsigned long long v;
        int c;

        while ((c = getopt_long(argc, argv, "", longopts, NULL)) >= 0) {
                switch (c) {
                case OPT_SOCKET: o->socket_path = optarg; break;
                case OPT_RUNTIME: o->runtime_dir = optarg; break;
                case OPT_NETNS: o->netns_dir = optarg; break;
                case OPT_STATE: o->state_dir = optarg; break;
                case OPT_CONFIG: o->config = optarg; break;
                case OPT_LOG:
                        o->log_level = log_level_from_string(optarg);
                        if (o->log_level < 0) {
                                fprintf(stderr, "nsctld: --log-level: unknown level '%s'\n", optarg);
                                return -EINVAL;
                        }
                        break;
                case OPT_MAXMSG:
                        if (parse_size(optarg, "--max-message-size", 64, 1ull << 30, &v) < 0)
                                return -EINVAL;
                        o->limits.max_message = v;
                        break;
                case OPT_MAXCONN:
                        if (parse_size(optarg, "--max-connections", 1, 1000000, &v) < 0)
                                return -EINVAL;
                        o->limits.max_connections = v;
                        break;
                case OPT_MAXOUT:
                        if (parse_size(optarg, "--max-output-buffer", 4096, 1ull << 32, &v) < 0)
                                return -EINVAL;
                        o->limits.max_output = v;
                        break;
                case OPT_NO_BPF: o->no_bpf = true; break;
                case OPT_VERSION: printf("nsctld %s\n", NSCTL_VERSION); return 0;
                case OPT_HELP: usage(stdout); return 0;
                default: usage(stderr); return -EINVAL;
                }
        }
        if (optind < argc) {
                fprintf(stderr, "nsctld: unexpected argument '%s'\n", argv[optind]);
                return -EINVAL;
        }
        for (const char **p = (const char *[]){ o->runtime_dir, o->netns_dir, o->state_dir, o->config, NULL }; *p; p++)
                if ((*p)[0] != '/') {
                        fprintf(stderr, "nsctld: '%s' is not an absolute path\n", *p);
                        return -EINVAL;
                }
        return 1;
}

/* Descriptors the daemon needs besides one per connection: its runtime
 * directories, netlink and nft sockets, holder pidfds, a create's pipes. */
#define FD_RESERVE 256

/* Every connection is a descriptor, and the soft limit is often 1024,
 * below the default --max-connections: raise it to the hard limit, as
 * systemd advises daemons that do not use select() (nothing the daemon
 * forks execs another program).  Say so when even that is too few. */
static void raise_fd_limit(unsigned max_connections) {
        struct rlimit rl;

        if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
                return;
        if (rl.rlim_cur < rl.rlim_max) {
                rlim_t old = rl.rlim_cur;
                rl.rlim_cur = rl.rlim_max;
                if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
                        rl.rlim_cur = old;
        }
        if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)max_connections + FD_RESERVE)
                log_warning("The descriptor limit (%llu) is below --max-connections %u plus %u for the daemon's own "
                            "use: connections beyond it wait until others close",
                            (unsigned long long)rl.rlim_cur, max_connections, FD_RESERVE);
}

/* The BPF task iterator that finds the processes inside namespaces (a
 * delete's Busy check, Show, a forced delete), unless --no-bpf: without it
 * they are found through /proc, slower but the same processes. */
static void load_task_iterator(bool no_bpf) {
        if (no_bpf) {
                log_info("--no-bpf: finding processes in namespaces through /proc");
                return;
        }
        /* Loaded by the first walk, which says whether it could be. */
        ns_procs_bpf_load_lazily();
}

/* WATCHDOG=1 from the event loop itself: if the loop hangs, systemd
 * notices and restarts us. */
static void on_watchdog(evutil_socket_t fd, short events, void *userdata) {
        keepalive_ping();
}

static struct event *setup_watchdog(struct event_base *base) {
        uint64_t usec;
        struct event *ev;

        if (sd_watchdog_enabled(0, &usec) <= 0)
                return NULL;
        keepalive_init(usec);
        ev = event_new(base, -1, EV_PERSIST, on_watchdog, NULL);
        struct timeval half = { .tv_sec = usec / 2 / 1000000, .tv_usec = usec / 2 % 1000000 };
        if (!ev || event_add(ev, &half) < 0) {
                log_warning("Cannot set up the watchdog timer");
                if (ev)
                        event_free(ev);
                return NULL;
        }
        log_info("Watchdog ping every %llu ms", (unsigned long long)(usec / 2000));
        return ev;
}

/* Read the policy file.  Returns 0 with *RET, or a negative errno after
 * logging why the file is refused. */
static int load_policy(const char *path, struct policy **ret) {
        char err[512];
        int r = policy_load(path, ret, err, sizeof(err));

        if (r == -ENOMEM)
                return log_error_errno(r, "Cannot read the policy %s", path);
        if (r < 0) {
                log_error("Policy %s: %s", path, err);
                return r;
        }
        if (!(*ret)->path)
                log_info("No policy file %s: group %s may use nsctl, without limits", path, (*ret)->group_name);
        else
                log_info("Policy read from %s: group %s, %zu user and group section(s)", path, (*ret)->group_name,
                         (*ret)->n_sections);
        if (!(*ret)->group_found)
                log_warning("Group %s does not exist: only root may change anything", (*ret)->group_name);
        for (size_t i = 0; i < (*ret)->n_sections; i++) {
                const struct policy_section *s = &(*ret)->sections[i];
                if (!s->resolved)
                        log_warning("Policy %s, line %u: no %s %s; the section applies to no one", path, s->line,
                                    s->kind == POLICY_USER ? "user" : "group", s->name);
        }
        return 0;
}

/* SIGHUP: the policy again.  A file that cannot be used leaves the policy
 * as it was. */
static void on_reload(evutil_socket_t sig, short events, void *userdata) {
        struct daemon *d = userdata;
        struct policy *p;

        authz_forget_names();
        if (load_policy(d->config_path, &p) < 0) {
                log_warning("Keeping the previous policy");
                return;
        }
        policy_free(d->policy);
        d->policy = p;
}

static void on_signal(evutil_socket_t sig, short events, void *userdata) {
        struct daemon *d = userdata;
        log_info("Received %s, shutting down", strsignal((int)sig));
        event_base_loopbreak(d->base);
}

/* Listen on the socket systemd passed, or on our own. */
static int setup_listener(struct daemon *d, const struct options *o, bool *ret_own_socket) {
        int n = sd_listen_fds(1);
        int r;

        *ret_own_socket = false;
        if (n < 0)
                return log_error_errno(n, "sd_listen_fds failed");
        if (n > 1)
                return log_error_errno(-EINVAL, "Expected one socket from systemd, got %d", n);
        if (n == 1) {
                if (sd_is_socket_unix(SD_LISTEN_FDS_START, SOCK_STREAM, 1, NULL, 0) <= 0)
                        return log_error_errno(-EINVAL, "The socket passed by systemd is not a listening UNIX stream socket");
                r = server_listen_fd(d->server, SD_LISTEN_FDS_START);
                if (r < 0)
                        return log_error_errno(r, "Cannot listen on the socket passed by systemd");
                log_info("Listening on the socket passed by systemd");
                return 0;
        }
        r = server_listen_path(d->server, d->socket_path);
        if (r == -EADDRINUSE)
                return log_error_errno(r, "Another nsctld already answers on %s", d->socket_path);
        if (r < 0)
                return log_error_errno(r, "Cannot listen on %s", d->socket_path);
        *ret_own_socket = true;
        log_info("Listening on %s", d->socket_path);
        return 0;
}

int main(int argc, char **argv) {
        struct options o = {
                .runtime_dir = "/run/nsctl",
                .netns_dir = "/run/netns",
                .state_dir = "/var/lib/nsctl",
                .log_level = LOG_INFO,
                .limits = { SERVER_DEFAULT_MAX_MESSAGE, SERVER_DEFAULT_MAX_CONNECTIONS, SERVER_DEFAULT_MAX_OUTPUT },
        };
        struct daemon d = { 0 };
        struct nsstore_hooks hooks = holder_watch_hooks;
        struct event *sigs[3] = { NULL, NULL, NULL }, *watchdog = NULL;
        bool own_socket = false, store_ready = false;
        int r, ret = EXIT_FAILURE;

        r = parse_options(argc, argv, &o);
        if (r <= 0)
                return r == 0 ? EXIT_SUCCESS : 2;
        log_open(o.log_level);

        /* A policy file with an error stops us before anything is done:
         * better no service than another policy than the one written. */
        d.config_path = o.config ? o.config : POLICY_DEFAULT_PATH;
        if (load_policy(d.config_path, &d.policy) < 0)
                return EXIT_FAILURE;

        /* A client that goes away must not kill us with SIGPIPE. */
        signal(SIGPIPE, SIG_IGN);
        /* Keep up to 1 MiB of freed heap instead of giving it back at once
         * (glibc's default is 128 KiB): a List of 1000 sets builds a 237 KB
         * reply and frees it, and giving that back each time (brk, with a
         * TLB flush on every CPU the daemon ran on) and faulting it in
         * again at the next List was most of the daemon's time per List:
         * 200 Lists took 230-360 ms of its CPU before, 40-80 ms after, on
         * the 2-core VM. */
        mallopt(M_TRIM_THRESHOLD, 1 << 20);
        raise_fd_limit(o.limits.max_connections);

        clock_gettime(CLOCK_MONOTONIC, &d.started);
        if (o.socket_path)
                d.socket_path = strdup(o.socket_path);
        else if (asprintf(&d.socket_path, "%s/io.nsctl", o.runtime_dir) < 0)
                d.socket_path = NULL;
        if (!d.socket_path) {
                log_error("Out of memory");
                policy_free(d.policy);
                return EXIT_FAILURE;
        }

        load_task_iterator(o.no_bpf);
        r = runtime_open(&d.rt, o.runtime_dir, o.netns_dir, o.state_dir);
        if (r < 0)
                goto out;

        d.base = event_base_new();
        if (!d.base) {
                log_error("Cannot create the event loop");
                goto out;
        }
        hooks.userdata = d.base;
        r = nsstore_init(&d.store, &d.rt, &hooks);
        if (r < 0) {
                log_error_errno(r, "Cannot open the daemon's network namespace");
                goto out;
        }
        store_ready = true;
        r = nsstore_reconcile(&d.store);
        if (r < 0)
                log_warning_errno(r, "Reconcile of %s incomplete", d.rt.ns_dir);
        log_info("%zu namespace set(s) adopted", d.store.count);
        /* Finish or roll back what topologies had under way. */
        topo_reconcile(&d.store);
        /* After a reboot the runtime directory is empty: make the persisted
         * sets again. */
        persist_restore(&d.store);
        topo_persist_restore(&d.store);

        r = server_new(d.base, &d, &o.limits, &d.server);
        if (r < 0)
                goto out;
        if (setup_listener(&d, &o, &own_socket) < 0)
                goto out;

        sigs[0] = evsignal_new(d.base, SIGTERM, on_signal, &d);
        sigs[1] = evsignal_new(d.base, SIGINT, on_signal, &d);
        sigs[2] = evsignal_new(d.base, SIGHUP, on_reload, &d);
        if (!sigs[0] || !sigs[1] || !sigs[2] || evsignal_add(sigs[0], NULL) < 0 || evsignal_add(sigs[1], NULL) < 0 ||
            evsignal_add(sigs[2], NULL) < 0) {
                log_error("Cannot install signal handlers");
                goto out;
        }

        watchdog = setup_watchdog(d.base);
        sd_notify(0, "READY=1\nSTATUS=Serving");
        log_info("nsctld %s ready", NSCTL_VERSION);
        if (event_base_dispatch(d.base) < 0) {
                log_error("Event loop failed");
                goto out;
        }
        sd_notify(0, "STOPPING=1");
        ret = EXIT_SUCCESS;
out:
        /* Namespaces stay: they outlive the daemon by design. */
        if (watchdog)
                event_free(watchdog);
        for (size_t i = 0; i < ELEMENTSOF(sigs); i++)
                if (sigs[i])
                        event_free(sigs[i]);
        server_free(d.server);
        session_free_all(&d);
        delete_forced_free_all(&d);
        if (own_socket)
                unlink(d.socket_path);
        if (store_ready)
                nsstore_done(&d.store);
        if (d.base)
                event_base_free(d.base);
        runtime_close(&d.rt);
        ns_procs_bpf_unload();
        policy_free(d.policy);
        free(d.socket_path);
        return ret;
}
