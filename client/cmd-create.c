/* nsctl create NAME [--type LIST]... [--all] [options]: make a namespace set.
 * Silent on success, like `ip netns add`; with --json the new set is
 * printed for scripts.  Values are checked for form here (numbers, maps);
 * whether they fit together is the daemon's to judge, so there is one
 * judge and one set of rules. */
#include <errno.h>
#include <getopt.h>
#include <string.h>

#include "args.h"
#include "call.h"
#include "client.h"
#include "commands.h"
#include "log.h"
#include "ns-types.h"
#include "output.h"
#include "parse.h"

enum {
        OPT_HOSTNAME = 0x100,
        OPT_MAP_ROOT_USER,
        OPT_UID_MAP,
        OPT_GID_MAP,
        OPT_MONOTONIC_OFFSET,
        OPT_BOOTTIME_OFFSET,
        OPT_PERSIST,
        OPT_ALL,
};

/* Append the comma separated LIST to the array TYPES.  The type names are
 * the daemon's to judge; only an empty item is refused here, as it can only
 * be a typing slip.  Returns 0, -EINVAL or -ENOMEM. */
static int add_types(json_object *types, const char *list) {
        for (const char *p = list;;) {
                size_t n = strcspn(p, ",");
                json_object *s;

                if (n == 0)
                        return -EINVAL;
                s = json_object_new_string_len(p, (int)n);
                if (!s || json_object_array_add(types, s) < 0) {
                        json_object_put(s);
                        return -ENOMEM;
                }
                if (p[n] == '\0')
                        return 0;
                p += n + 1;
        }
}

static int add_all_types(json_object *types) {
        for (int t = 0; t < NS_TYPE_MAX; t++) {
                json_object *s = json_object_new_string(ns_type_name(t));
                if (!s || json_object_array_add(types, s) < 0) {
                        json_object_put(s);
                        return -ENOMEM;
                }
        }
        return 0;
}

/* The array member KEY of PARAMS, made on first use.  NULL on ENOMEM. */
static json_object *params_array(json_object *params, const char *key) {
        json_object *a;

        if (json_object_object_get_ex(params, key, &a))
                return a;
        a = json_object_new_array();
        if (call_params_add(params, key, a) < 0)
                return NULL;
        return a;
}

/* Append the IdMap of --uid-map/--gid-map VALUE to PARAMS' KEY.  Returns
 * 0, -ENOMEM, or the exit status after reporting a malformed VALUE. */
static int add_id_map(const struct client_ctx *ctx, json_object *params, const char *key, const char *option,
                      const char *value) {
        const char *reason = NULL;
        struct id_range m;
        json_object *arr, *e;

        if (parse_id_range(value, &m, &reason) < 0)
                return usage_error(ctx, "invalid %s '%s': %s", option, value, reason);
        arr = params_array(params, key);
        e = json_object_new_object();
        if (!arr || !e || call_params_add(e, "inside", json_object_new_int64(m.inside)) < 0 ||
            call_params_add(e, "outside", json_object_new_int64(m.outside)) < 0 ||
            call_params_add(e, "count", json_object_new_int64(m.count)) < 0 || json_object_array_add(arr, e) < 0) {
                json_object_put(e);
                return -ENOMEM;
        }
        return 0;
}

/* Set PARAMS' KEY to the offset in seconds of --*-offset VALUE. */
static int add_offset(const struct client_ctx *ctx, json_object *params, const char *key, const char *option,
                      const char *value) {
        int64_t v;
        int r = parse_int64(value, &v);

        if (r < 0)
                return usage_error(ctx, "invalid %s '%s': %s", option, value,
                                   r == -ERANGE ? "out of range" : "not a whole number of seconds");
        return call_params_add(params, key, json_object_new_int64(v));
}

/* One option of ours.  Returns 0, -ENOMEM, or an exit status. */
static int handle_option(struct client_ctx *ctx, json_object *params, char **argv, int c) {
        json_object *types;
        int r;

        switch (c) {
        case 'j':
                ctx->json = true;
                return 0;
        case 't':
        case OPT_ALL:
                types = params_array(params, "types");
                if (!types)
                        return -ENOMEM;
                r = c == OPT_ALL ? add_all_types(types) : add_types(types, optarg);
                if (r == -EINVAL)
                        return usage_error(ctx, "empty type in --type '%s'", optarg);
                return r;
        case OPT_HOSTNAME:
                /* Its form is checked by the daemon, which knows the rules. */
                return call_params_add(params, "hostname", json_object_new_string(optarg));
        case OPT_MAP_ROOT_USER:
                return call_params_add(params, "mapRootUser", json_object_new_boolean(1));
        case OPT_PERSIST:
                return call_params_add(params, "persist", json_object_new_boolean(1));
        case OPT_UID_MAP:
                return add_id_map(ctx, params, "uidMap", "--uid-map", optarg);
        case OPT_GID_MAP:
                return add_id_map(ctx, params, "gidMap", "--gid-map", optarg);
        case OPT_MONOTONIC_OFFSET:
                return add_offset(ctx, params, "monotonicOffset", "--monotonic-offset", optarg);
        case OPT_BOOTTIME_OFFSET:
                return add_offset(ctx, params, "boottimeOffset", "--boottime-offset", optarg);
        default:
                return args_option_error(ctx, argv, c);
        }
}

static int run(struct client_ctx *ctx, int argc, char **argv) {
        static const struct option options[] = {
                { "type", required_argument, NULL, 't' },
                { "all", no_argument, NULL, OPT_ALL },
                { "hostname", required_argument, NULL, OPT_HOSTNAME },
                { "map-root-user", no_argument, NULL, OPT_MAP_ROOT_USER },
                { "uid-map", required_argument, NULL, OPT_UID_MAP },
                { "gid-map", required_argument, NULL, OPT_GID_MAP },
                { "monotonic-offset", required_argument, NULL, OPT_MONOTONIC_OFFSET },
                { "boottime-offset", required_argument, NULL, OPT_BOOTTIME_OFFSET },
                { "persist", no_argument, NULL, OPT_PERSIST },
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        /* The name goes in once it is known; the options gather here. */
        json_object *params = json_object_new_object(), *set;
        struct vl_reply reply;
        const char *name;
        int c, r;

        if (!params)
                goto oom;
        args_reset();
        while ((c = getopt_long(argc, argv, ":ht:j", options, NULL)) >= 0) {
                if (c == 'h') {
                        json_object_put(params);
                        return args_help(ctx);
                }
                r = handle_option(ctx, params, argv, c);
                if (r == -ENOMEM)
                        goto oom;
                if (r != 0) {
                        json_object_put(params);
                        return r;
                }
        }
        if (optind >= argc || optind + 1 < argc) {
                json_object_put(params);
                if (optind >= argc)
                        return usage_error(ctx, "missing namespace name");
                return usage_error(ctx, "unexpected argument '%s'", argv[optind + 1]);
        }
        name = argv[optind];
        r = args_check_name(name);
        if (r != 0) {
                json_object_put(params);
                return r;
        }
        /* Without --type or --all the daemon's default applies (net). */
        if (call_params_add(params, "name", json_object_new_string(name)) < 0)
                goto oom;

        r = call_nsctld(ctx, "io.nsctl.Namespace.Create", params, name, &reply);
        if (r != 0)
                return r;
        if (ctx->json) {
                r = call_reply_member(&reply, "namespace", json_type_object, &set);
                if (r == 0)
                        output_json(set);
        }
        vl_reply_done(&reply);
        return r;

oom:
        json_object_put(params);
        log_error("out of memory");
        return NSCTL_EXIT_FAILURE;
}

const struct command cmd_create = {
        .name = "create",
        .usage = "NAME [--type LIST]... [--all] [OPTION...]",
        .brief = "create a namespace set",
        .summary =
                "Create a namespace set.  Prints nothing on success; with --json, prints the new set.\n"
                "\n"
                "  -t, --type LIST            namespaces to make: net (the default), uts, ipc, mnt, pid,\n"
                "                             user, cgroup, time; comma-separated, may be repeated\n"
                "      --all                  all eight types\n"
                "      --hostname H           the hostname inside (needs uts)\n"
                "      --map-root-user        your uid and gid are root inside (needs user)\n"
                "      --uid-map IN:OUT:COUNT uids IN.. inside are OUT.. outside (needs user; repeatable)\n"
                "      --gid-map IN:OUT:COUNT the same for gids\n"
                "      --monotonic-offset S   CLOCK_MONOTONIC inside is S seconds ahead (needs time;\n"
                "                             negative moves it back)\n"
                "      --boottime-offset S    the same for CLOCK_BOOTTIME\n"
                "      --persist              recreate the set when nsctld starts again (after a reboot)\n"
                "  -j, --json                 print the new set as JSON\n"
                "\n"
                "A set with a pid namespace gets an init process, the holder, that lives as long as\n"
                "the set.  Options that do not fit the types are refused (exit status 2).",
        .run = run,
};
