/* Unit tests for proto/topology.c: the topology file parser.  Documents are
 * written with ' for " to keep them readable. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "topology.h"

#ifndef EXAMPLES_DIR
#error "EXAMPLES_DIR must be defined by the build"
#endif

static json_object *doc(const char *s) {
        char *copy = strdup(s);
        json_object *o;

        assert_non_null(copy);
        for (char *p = copy; *p; p++)
                if (*p == '\'')
                        *p = '"';
        o = json_tokener_parse(copy);
        if (!o)
                fail_msg("test document does not parse as JSON: %s", copy);
        free(copy);
        return o;
}

static struct topology *parse_ok(const char *s) {
        json_object *o = doc(s);
        struct topology *t = NULL;
        struct topo_error err;
        int r = topology_parse(o, &t, &err);

        json_object_put(o);
        if (r != 0)
                fail_msg("refused (%d): %s: %s\n%s", r, err.element, err.reason, s);
        assert_non_null(t);
        return t;
}

static void parse_bad(const char *s, int want_r, const char *element, const char *reason) {
        json_object *o = doc(s);
        struct topology *t = (struct topology *)1;
        struct topo_error err;
        int r = topology_parse(o, &t, &err);

        json_object_put(o);
        if (r != want_r)
                fail_msg("expected %d, got %d (%s: %s)\n%s", want_r, r, r ? err.element : "", r ? err.reason : "", s);
        assert_null(t);
        if (strcmp(err.element, element) != 0)
                fail_msg("expected element \"%s\", got \"%s\" (%s)\n%s", element, err.element, err.reason, s);
        if (!err.reason[0] || (reason && !strstr(err.reason, reason)))
                fail_msg("element %s: reason \"%s\" does not contain \"%s\"", element, err.reason, reason);
}

/* A link by its two ends' shorthands. */
#define L(a, b) "{'a': '" a "', 'b': '" b "'}"

#define BAD(doc, element, reason) parse_bad((doc), -EINVAL, (element), (reason))

static uint32_t fnv1a(const char *s) {
        uint32_t h = 2166136261u;
        for (; *s; s++) {
                h ^= (unsigned char)*s;
                h *= 16777619u;
        }
        return h;
}

static void nt_name(char *buf, const char *input) {
        snprintf(buf, 16, "nt%08" PRIx32, fnv1a(input));
}

/* Two namespaces with net, one without; prepended to most documents. */
#define NS3 "'namespaces': [{'name': 'a'}, {'name': 'b'}, {'name': 'u', 'types': ['uts']}]"

/* ---- the examples and the guide's labs ----------------------------------- */

static void test_examples_dir(void **state) {
        DIR *d = opendir(EXAMPLES_DIR);
        struct dirent *de;
        int n = 0;

        assert_non_null(d);
        while ((de = readdir(d))) {
                size_t len = strlen(de->d_name);
                char path[4096];
                json_object *o;
                struct topology *t = NULL;
                struct topo_error err;

                if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
                        continue;
                snprintf(path, sizeof(path), "%s/%s", EXAMPLES_DIR, de->d_name);
                o = json_object_from_file(path);
                if (!o)
                        fail_msg("%s: not JSON", path);
                if (topology_parse(o, &t, &err) != 0)
                        fail_msg("%s: %s: %s", path, err.element, err.reason);
                topology_free(t);
                json_object_put(o);
                n++;
        }
        closedir(d);
        assert_true(n >= 5);
}

static struct topology *example(const char *name) {
        char path[4096];
        json_object *o;
        struct topology *t = NULL;
        struct topo_error err;

        snprintf(path, sizeof(path), "%s/%s", EXAMPLES_DIR, name);
        o = json_object_from_file(path);
        assert_non_null(o);
        if (topology_parse(o, &t, &err) != 0)
                fail_msg("%s: %s: %s", path, err.element, err.reason);
        json_object_put(o);
        return t;
}

static void test_example_contents(void **state) {
        struct topology *t;
        char buf[IP_PREFIX_STRLEN];

        t = example("veth-host.json");
        assert_string_equal(t->name, "veth-host");
        assert_int_equal(t->n_links, 1);
        assert_int_equal(t->links[0].a.kind, TOPO_END_HOST);
        assert_int_equal(t->links[0].b.kind, TOPO_END_NS);
        ip_prefix_format(&t->links[0].a.addrs[0], buf, sizeof(buf));
        assert_string_equal(buf, "198.18.0.1/30");
        ip_prefix_format(&t->links[0].b.addrs[0], buf, sizeof(buf));
        assert_string_equal(buf, "198.18.0.2/30");
        topology_free(t);

        t = example("bridge-two.json");
        assert_int_equal(t->n_bridges, 1);
        assert_string_equal(t->bridges[0].ns, "");
        assert_string_equal(t->links[0].b.ifname, "h1-eth0");
        assert_string_equal(t->links[1].b.ifname, "h2-eth0");
        topology_free(t);

        t = example("abc.json");
        assert_int_equal(t->n_ns, 3);
        assert_int_equal(t->ns[1].n_sysctls, 1);
        assert_string_equal(t->ns[1].sysctls[0].key, "net.ipv4.ip_forward");
        assert_string_equal(t->ns[1].sysctls[0].value, "0");
        assert_int_equal(t->n_routes, 2);
        topology_free(t);

        t = example("router.json");
        assert_string_equal(t->ns[1].sysctls[0].value, "1");
        assert_int_equal(t->routes[0].dst.len, 0);
        assert_int_equal(t->routes[0].dst.family, AF_INET);
        assert_true(t->routes[0].has_via);
        topology_free(t);

        t = example("shaped.json");
        assert_true(t->links[0].a.shaping.set);
        assert_int_equal(t->links[0].a.shaping.delay_us, 50000);
        assert_false(t->links[0].b.shaping.set);
        topology_free(t);
}

/* The guide's NAT lab: a host bridge with NAT and a default route. */
static void test_nat_lab(void **state) {
        struct topology *t = parse_ok("{'name': 'nat', 'namespaces': [{'name': 'blue'}],"
                                      " 'bridges': [{'name': 'nsbr0', 'addresses': ['198.18.2.1/24'], 'nat': true}],"
                                      " 'links': [{'a': {'namespace': 'blue', 'addresses': ['198.18.2.2/24']}, 'b': 'nsbr0'}],"
                                      " 'routes': [{'namespace': 'blue', 'to': 'default', 'via': '198.18.2.1'}]}");
        assert_true(t->bridges[0].nat);
        assert_string_equal(t->links[0].a.ifname, "eth0");
        assert_string_equal(t->links[0].b.ifname, "blue-eth0");
        topology_free(t);
}

/* The guide's exercise: A-B-C with separate bridges, in namespaces. */
static void test_abc_bridges(void **state) {
        struct topology *t = parse_ok(
                "{'name': 'abc2', 'namespaces': [{'name': 'a'}, {'name': 'b'}, {'name': 'c'}, {'name': 'sw'}],"
                " 'bridges': [{'name': 'br-ab', 'namespace': 'sw'}, {'name': 'br-bc', 'namespace': 'sw'}],"
                " 'links': [" L("a:eth0", "br-ab") ", " L("b:eth0", "br-ab") ", " L("b:eth1", "br-bc") ", " L("c", "br-bc") "]}");
        topology_free(t);
}

/* ---- what a parse gives ---------------------------------------------------- */

static void test_minimal(void **state) {
        struct topology *t = parse_ok("{'name': 'empty'}");
        assert_string_equal(t->name, "empty");
        assert_int_equal(t->n_ns + t->n_bridges + t->n_links + t->n_routes, 0);
        topology_free(t);

        t = parse_ok("{'name': 'x', 'description': 'a lab', 'namespaces': [], 'bridges': [], 'links': [], 'routes': []}");
        topology_free(t);
        topology_free(NULL);
}

static void test_params(void **state) {
        json_object *o = doc("{'name': 'p', 'namespaces': [{'name': 'a'},"
                             " {'name': 'b', 'types': ['uts', 'user', 'net', 'time'], 'hostname': 'bee', 'mapRootUser': true,"
                             "  'uidMap': [{'inside': 0, 'outside': 100000, 'count': 65536}], 'gidMap': [],"
                             "  'monotonicOffset': -5, 'boottimeOffset': 3600}]}");
        struct topology *t = NULL;
        struct topo_error err;
        json_object *v;

        assert_int_equal(topology_parse(o, &t, &err), 0);
        /* The params are a copy: the document can go first. */
        json_object_put(o);

        assert_true(t->ns[0].has_net);
        assert_string_equal(json_object_to_json_string_ext(t->ns[0].params, JSON_C_TO_STRING_PLAIN),
                            "{\"types\":[\"net\"]}");
        assert_true(t->ns[1].has_net);
        assert_true(json_object_object_get_ex(t->ns[1].params, "types", &v));
        assert_int_equal(json_object_array_length(v), 4);
        assert_string_equal(json_object_get_string(json_object_array_get_idx(v, 3)), "time");
        assert_true(json_object_object_get_ex(t->ns[1].params, "hostname", &v));
        assert_string_equal(json_object_get_string(v), "bee");
        assert_true(json_object_object_get_ex(t->ns[1].params, "uidMap", &v));
        assert_int_equal(json_object_get_int(json_object_object_get(json_object_array_get_idx(v, 0), "outside")), 100000);
        assert_true(json_object_object_get_ex(t->ns[1].params, "monotonicOffset", &v));
        assert_int_equal(json_object_get_int(v), -5);
        assert_false(json_object_object_get_ex(t->ns[1].params, "name", NULL));
        topology_free(t);

        t = parse_ok("{'name': 'p', 'namespaces': [{'name': 'u', 'types': ['uts', 'pid']}]}");
        assert_false(t->ns[0].has_net);
        topology_free(t);
}

static void test_sysctls(void **state) {
        struct topology *t = parse_ok("{'name': 's', 'namespaces': [{'name': 'r', 'sysctls': {"
                                      "'net.ipv4.ip_forward': 1, 'net.ipv6.conf.all.forwarding': '1',"
                                      "'net.ipv4.ip_local_port_range': '20000 30000', 'net.ipv4.conf.eth-0.rp_filter': -1}}]}");
        assert_int_equal(t->ns[0].n_sysctls, 4);
        assert_string_equal(t->ns[0].sysctls[0].key, "net.ipv4.ip_forward");
        assert_string_equal(t->ns[0].sysctls[0].value, "1");
        assert_string_equal(t->ns[0].sysctls[2].value, "20000 30000");
        assert_string_equal(t->ns[0].sysctls[3].key, "net.ipv4.conf.eth-0.rp_filter");
        assert_string_equal(t->ns[0].sysctls[3].value, "-1");
        topology_free(t);
}

static void test_bridges_parsed(void **state) {
        struct topology *t = parse_ok("{'name': 'b', 'namespaces': [{'name': 'r'}],"
                                      " 'bridges': [{'name': 'br0', 'mtu': 9000, 'addresses': ['198.18.0.1/24', '2001:db8::1/64']},"
                                      "             {'name': 'br1', 'namespace': 'r', 'nat': false}]}");
        assert_int_equal(t->bridges[0].mtu, 9000);
        assert_int_equal(t->bridges[0].n_addrs, 2);
        assert_int_equal(t->bridges[0].addrs[1].family, AF_INET6);
        assert_string_equal(t->bridges[1].ns, "r");
        assert_false(t->bridges[1].nat);
        topology_free(t);
}

/* ---- interface names made up ------------------------------------------------ */

static void test_default_ns_ifnames(void **state) {
        /* a: eth0 is given (link 1), eth2 is a bridge there: the made-up
         * names skip both. */
        struct topology *t = parse_ok("{'name': 'd', " NS3 ", 'bridges': [{'name': 'eth2', 'namespace': 'a'}],"
                                      " 'links': [{'a': 'a', 'b': 'b'}, {'a': 'a:eth0', 'b': 'b'},"
                                      "           {'a': {'namespace': 'a'}, 'b': {'namespace': 'b', 'ifname': 'eth7'}},"
                                      "           {'a': 'a', 'b': 'b'}]}");
        assert_string_equal(t->links[0].a.ifname, "eth1");
        assert_string_equal(t->links[0].b.ifname, "eth0");
        assert_string_equal(t->links[1].a.ifname, "eth0");
        assert_string_equal(t->links[1].b.ifname, "eth1");
        assert_string_equal(t->links[2].a.ifname, "eth3");
        assert_string_equal(t->links[2].b.ifname, "eth7");
        assert_string_equal(t->links[3].a.ifname, "eth4");
        assert_string_equal(t->links[3].b.ifname, "eth2");
        topology_free(t);
}

static void test_default_port_ifnames(void **state) {
        char want[16];
        struct topology *t = parse_ok(
                "{'name': 'lab', 'namespaces': [{'name': 'a'}, {'name': 'a-long-namespace-name'}],"
                " 'bridges': [{'name': 'br0'}, {'name': 'br1'}],"
                " 'links': [" L("a", "br0") ", {'a': 'a-long-namespace-name', 'b': 'br0'}, {'a': 'br0', 'b': 'br1'},"
                "           {'a': 'host', 'b': 'br1'}, {'a': 'br1:given', 'b': 'a:x'}]}");
        assert_string_equal(t->links[0].b.ifname, "a-eth0");
        assert_string_equal(t->links[1].a.ifname, "eth0");
        nt_name(want, "lab/a-long-namespace-name/eth0");
        assert_string_equal(t->links[1].b.ifname, want);
        nt_name(want, "lab/br0/2");
        assert_string_equal(t->links[2].a.ifname, want);
        nt_name(want, "lab/br1/2");
        assert_string_equal(t->links[2].b.ifname, want);
        nt_name(want, "lab/host/3");
        assert_string_equal(t->links[3].a.ifname, want);
        nt_name(want, "lab/br1/3");
        assert_string_equal(t->links[3].b.ifname, want);
        assert_string_equal(t->links[4].a.ifname, "given");
        assert_string_equal(t->links[4].b.ifname, "x");
        topology_free(t);
}

static void test_default_host_ifnames(void **state) {
        char want[16];
        struct topology *t = parse_ok("{'name': 'h', 'namespaces': [{'name': 'blue'}, {'name': 'abcdefghijklm'}],"
                                      " 'links': [{'a': 'host', 'b': 'blue'}, {'a': {'host': true}, 'b': 'abcdefghijklm:e0'},"
                                      "           {'a': 'host:veth9', 'b': 'blue'}]}");
        assert_string_equal(t->links[0].a.ifname, "blue-eth0");
        assert_string_equal(t->links[0].b.ifname, "eth0");
        nt_name(want, "h/abcdefghijklm/e0");
        assert_string_equal(t->links[1].a.ifname, want);
        assert_string_equal(t->links[2].a.ifname, "veth9");
        assert_string_equal(t->links[2].b.ifname, "eth1");
        /* 15 bytes exactly still fits. */
        topology_free(t);
        t = parse_ok("{'name': 'h', 'namespaces': [{'name': 'abcdefghij'}], 'links': [" L("host", "abcdefghij:e123") "]}");
        assert_string_equal(t->links[0].a.ifname, "abcdefghij-e123");
        topology_free(t);
}

static void test_default_deterministic(void **state) {
        const char *s = "{'name': 'det', 'namespaces': [{'name': 'a'}, {'name': 'b'}], 'bridges': [{'name': 'br0'}, {'name': 'br1'}],"
                        " 'links': [" L("a", "br0") ", " L("b", "br0") ", " L("br0", "br1") ", " L("host", "br1") ", " L("a", "b") ", " L("host", "a") "]}";
        struct topology *t1 = parse_ok(s), *t2 = parse_ok(s);

        for (size_t i = 0; i < t1->n_links; i++) {
                assert_string_equal(t1->links[i].a.ifname, t2->links[i].a.ifname);
                assert_string_equal(t1->links[i].b.ifname, t2->links[i].b.ifname);
                assert_true(strlen(t1->links[i].a.ifname) <= 15 && t1->links[i].a.ifname[0]);
                assert_true(strlen(t1->links[i].b.ifname) <= 15 && t1->links[i].b.ifname[0]);
        }
        topology_free(t1);
        topology_free(t2);
}

/* ---- end forms ----------------------------------------------------------- */

static void test_shorthand(void **state) {
        struct topology *t = parse_ok(
                "{'name': 's', 'namespaces': [{'name': 'a'}, {'name': 'host'}, {'name': 'r'}],"
                " 'bridges': [{'name': 'br0'}, {'name': 'br1', 'namespace': 'r'}],"
                " 'links': [{'a': 'a:e5', 'b': 'br0:p1'}, {'a': 'host', 'b': 'br1'}, {'a': 'host:veth0', 'b': 'a'},"
                "           {'a': {'namespace': 'host'}, 'b': 'r'}, {'a': 'r:in', 'b': 'br1'}]}");
        struct topo_link *l = t->links;

        assert_int_equal(l[0].a.kind, TOPO_END_NS);
        assert_string_equal(l[0].a.ns, "a");
        assert_string_equal(l[0].a.ifname, "e5");
        assert_int_equal(l[0].b.kind, TOPO_END_BRIDGE);
        assert_string_equal(l[0].b.bridge, "br0");
        assert_string_equal(l[0].b.ifname, "p1");
        /* "host" is the host, even with a namespace called host. */
        assert_int_equal(l[1].a.kind, TOPO_END_HOST);
        assert_int_equal(l[1].b.kind, TOPO_END_BRIDGE);
        assert_int_equal(l[2].a.kind, TOPO_END_HOST);
        assert_string_equal(l[2].a.ifname, "veth0");
        assert_int_equal(l[2].b.kind, TOPO_END_NS);
        assert_string_equal(l[2].b.ifname, "eth0");
        assert_int_equal(l[3].a.kind, TOPO_END_NS);
        assert_string_equal(l[3].a.ns, "host");
        /* A port in the bridge's own namespace is fine. */
        assert_int_equal(l[4].a.kind, TOPO_END_NS);
        assert_string_equal(l[4].a.ns, "r");
        assert_string_equal(l[4].b.ifname, "r-in");

        assert_string_equal(topology_end_netns(t, &l[4].b), "r");
        assert_string_equal(topology_end_netns(t, &l[0].b), "");
        assert_string_equal(topology_end_netns(t, &l[1].a), "");
        assert_string_equal(topology_end_netns(t, &l[0].a), "a");
        assert_ptr_equal(topology_find_bridge(t, "br1"), &t->bridges[1]);
        assert_null(topology_find_bridge(t, "br2"));
        topology_free(t);
}

static void test_shaping_parsed(void **state) {
        struct topology *t = parse_ok(
                "{'name': 's', " NS3 ", 'links': [{'a': {'namespace': 'a', 'shaping': {'rate': '10mbit', 'delay': '50ms',"
                " 'jitter': '5ms', 'loss': '1%'}}, 'b': {'namespace': 'b', 'shaping': {'rate': '2.5gbit'}}, 'mtu': 1400}]}");
        const struct topo_shaping *s = &t->links[0].a.shaping;

        assert_true(s->set);
        assert_int_equal(s->rate_bps, 10000000);
        assert_int_equal(s->delay_us, 50000);
        assert_int_equal(s->jitter_us, 5000);
        assert_int_equal(s->loss_ppm, 10000);
        assert_int_equal(t->links[0].b.shaping.rate_bps, 2500000000ULL);
        assert_int_equal(t->links[0].b.shaping.delay_us, 0);
        assert_int_equal(t->links[0].mtu, 1400);
        topology_free(t);
}

static void test_routes_parsed(void **state) {
        char buf[IP_PREFIX_STRLEN];
        struct topology *t = parse_ok(
                "{'name': 'r', " NS3 ", 'bridges': [{'name': 'br0', 'addresses': ['198.18.0.1/24']}],"
                " 'links': [" L("a:eth0", "b:eth0") ", " L("a:eth1", "br0") "],"
                " 'routes': [{'namespace': 'a', 'to': 'default', 'via': '198.18.0.1'},"
                "            {'namespace': 'a', 'to': 'default', 'via': '2001:db8::1'},"
                "            {'namespace': 'a', 'to': '198.18.5.0/24', 'dev': 'eth0'},"
                "            {'namespace': 'a', 'to': '198.18.6.7', 'via': '198.18.0.9', 'dev': 'eth1'},"
                "            {'namespace': 'b', 'to': '198.18.7.0/24', 'dev': 'lo'},"
                "            {'to': '198.18.8.0/24', 'dev': 'br0'},"
                "            {'to': '198.18.9.0/24', 'dev': 'a-eth1'}]}");

        assert_int_equal(t->n_routes, 7);
        assert_int_equal(t->routes[0].dst.family, AF_INET);
        assert_int_equal(t->routes[0].dst.len, 0);
        assert_int_equal(t->routes[1].dst.family, AF_INET6);
        assert_int_equal(t->routes[1].dst.len, 0);
        assert_false(t->routes[2].has_via);
        assert_string_equal(t->routes[2].dev, "eth0");
        ip_prefix_format(&t->routes[3].dst, buf, sizeof(buf));
        assert_string_equal(buf, "198.18.6.7/32");
        ip_addr_format(&t->routes[3].via, buf, sizeof(buf));
        assert_string_equal(buf, "198.18.0.9");
        assert_string_equal(t->routes[5].ns, "");
        topology_free(t);
}

/* ---- the document ----------------------------------------------------------- */

static void test_bad_document(void **state) {
        struct topology *t = (struct topology *)1;
        struct topo_error err;

        assert_int_equal(topology_parse(NULL, &t, &err), -EINVAL);
        assert_null(t);
        assert_string_equal(err.element, "");
        BAD("[]", "", "JSON object");
        BAD("'abc'", "", "JSON object");
        BAD("{}", "name", "missing");
        BAD("{'name': 5}", "name", "must be a string");
        BAD("{'name': ''}", "name", "empty");
        BAD("{'name': '../x'}", "name", NULL);
        BAD("{'name': 'ok', 'description': 7}", "description", "must be a string");
        /* No error struct: still refused. */
        t = (struct topology *)1;
        json_object *o = doc("{'name': 'x', 'frob': 1}");
        assert_int_equal(topology_parse(o, &t, NULL), -EINVAL);
        assert_null(t);
        json_object_put(o);
}

static void test_unknown_fields(void **state) {
        BAD("{'name': 'x', 'frob': 1}", "frob", "unknown field");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'persist': true}]}", "namespaces[0].persist", "unknown field");
        BAD("{'name': 'x', 'bridges': [{'name': 'br0', 'stp': true}]}", "bridges[0].stp", "unknown field");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': 'b', 'color': 'red'}]}", "links[0].color",
            "unknown field");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': {'namespace': 'b', 'mac': '02:00:00:00:00:01'}}]}",
            "links[0].b.mac", "unknown field");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': {'namespace': 'a', 'shaping': {'burst': '1k'}}, 'b': 'b'}]}",
            "links[0].a.shaping.burst", "unknown field");
        BAD("{'name': 'x', 'routes': [{'to': 'default', 'dev': 'lo', 'metric': 5}]}", "routes[0].metric", "unknown field");
}

static void test_wrong_types(void **state) {
        BAD("{'name': 'x', 'namespaces': {}}", "namespaces", "must be an array");
        BAD("{'name': 'x', 'bridges': 'br0'}", "bridges", "must be an array");
        BAD("{'name': 'x', 'links': null}", "links", "must be an array");
        BAD("{'name': 'x', 'routes': 1}", "routes", "must be an array");
        BAD("{'name': 'x', 'namespaces': ['a']}", "namespaces[0]", "must be an object");
        BAD("{'name': 'x', 'namespaces': [{'name': 1}]}", "namespaces[0].name", "must be a string");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'types': 'net'}]}", "namespaces[0].types", "must be an array");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'types': [1]}]}", "namespaces[0].types[0]", "must be a string");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'types': ['uts'], 'hostname': 5}]}", "namespaces[0].hostname",
            "must be a string");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'mapRootUser': 'yes'}]}", "namespaces[0].mapRootUser",
            "must be true or false");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'uidMap': {}}]}", "namespaces[0].uidMap", "must be an array");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'gidMap': null}]}", "namespaces[0].gidMap", "must be an array");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'monotonicOffset': '5'}]}", "namespaces[0].monotonicOffset",
            "must be an integer");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'boottimeOffset': 1.5}]}", "namespaces[0].boottimeOffset",
            "must be an integer");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'sysctls': []}]}", "namespaces[0].sysctls", "must be an object");
        BAD("{'name': 'x', 'bridges': [{'name': 'br0', 'mtu': '1500'}]}", "bridges[0].mtu", "must be an integer");
        BAD("{'name': 'x', 'bridges': [{'name': 'br0', 'nat': 1}]}", "bridges[0].nat", "must be true or false");
        BAD("{'name': 'x', 'bridges': [{'name': 'br0', 'addresses': '198.18.0.1/24'}]}", "bridges[0].addresses",
            "must be an array");
        BAD("{'name': 'x', 'bridges': [{'name': 'br0', 'addresses': [3]}]}", "bridges[0].addresses[0]",
            "must be a string");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 5, 'b': 'b'}]}", "links[0].a", "must be an object or a string");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': {'namespace': 1}, 'b': 'b'}]}", "links[0].a.namespace",
            "must be a string");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': {'namespace': 'a', 'ifname': 0}, 'b': 'b'}]}", "links[0].a.ifname",
            "must be a string");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': {'namespace': 'a', 'shaping': 'slow'}, 'b': 'b'}]}",
            "links[0].a.shaping", "must be an object");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': {'namespace': 'a', 'shaping': {'delay': 50}}, 'b': 'b'}]}",
            "links[0].a.shaping.delay", "must be a string");
        BAD("{'name': 'x', 'routes': [{'to': 5, 'dev': 'lo'}]}", "routes[0].to", "must be a string");
        BAD("{'name': 'x', 'routes': [{'to': 'default', 'via': null}]}", "routes[0].via", "must be a string");
        BAD("{'name': 'x', 'routes': [{'to': 'default', 'dev': ['lo']}]}", "routes[0].dev", "must be a string");
}

static void test_required(void **state) {
        BAD("{'name': 'x', 'namespaces': [{'types': ['net']}]}", "namespaces[0].name", "missing");
        BAD("{'name': 'x', 'bridges': [{'mtu': 1500}]}", "bridges[0].name", "missing");
        BAD("{'name': 'x', " NS3 ", 'links': [{'b': 'b'}]}", "links[0].a", "missing");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a'}]}", "links[0].b", "missing");
        BAD("{'name': 'x', 'routes': [{'via': '198.18.0.1'}]}", "routes[0].to", "missing");
}

static void test_embedded_nul(void **state) {
        BAD("{'name': 'x', 'namespaces': [{'name': 'a\\u0000b'}]}", "namespaces[0].name", NULL);
        BAD("{'name': 'x\\u0000'}", "name", NULL);
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a\\u0000', 'b': 'b'}]}", "links[0].a", "NUL");
        BAD("{'name': 'x', 'bridges': [{'name': 'br0', 'addresses': ['198.18.0.1\\u0000/24']}]}",
            "bridges[0].addresses[0]", "NUL");
}

/* ---- namespaces ---------------------------------------------------------- */

static void test_namespace_names(void **state) {
        BAD("{'name': 'x', 'namespaces': [{'name': 'a'}, {'name': 'b'}, {'name': 'a'}]}", "namespaces[2].name",
            "already defined at namespaces[0]");
        BAD("{'name': 'x', 'namespaces': [{'name': '-a'}]}", "namespaces[0].name", "bad namespace name");
        BAD("{'name': 'x', 'namespaces': [{'name': ''}]}", "namespaces[0].name", "empty");
}

static void test_namespace_types(void **state) {
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'types': ['net', 'foo']}]}", "namespaces[0].types[1]",
            "unknown namespace type");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'types': ['net', 'uts', 'net']}]}", "namespaces[0].types[2]",
            "twice");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'types': []}]}", "namespaces[0].types", "at least one");
        /* All eight are accepted. */
        topology_free(parse_ok("{'name': 'x', 'namespaces': [{'name': 'a', 'types': ['net', 'uts', 'ipc', 'mnt', 'pid',"
                               " 'user', 'cgroup', 'time']}]}"));
}

static void test_namespace_sysctls(void **state) {
        BAD("{'name': 'x', 'namespaces': [{'name': 'a'}, {'name': 'b', 'sysctls': {'net.ipv4.ip_forward': true}}]}",
            "namespaces[1].sysctls.net.ipv4.ip_forward", "must be a string or an integer");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a'}, {'name': 'b', 'sysctls': {'net.ipv4.ip_forward': ''}}]}",
            "namespaces[1].sysctls.net.ipv4.ip_forward", "empty");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'sysctls': {'net.ipv4.ip_forward': '1\\n'}}]}",
            "namespaces[0].sysctls.net.ipv4.ip_forward", "printable");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'sysctls': {'net.ipv4.ip_forward': "
            "'12345678901234567890123456789012345678901234567890123456789012345'}}]}",
            "namespaces[0].sysctls.net.ipv4.ip_forward", "longer than 64");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'sysctls': {'kernel.panic': '1'}}]}",
            "namespaces[0].sysctls.kernel.panic", "only net.");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'sysctls': {'net.ipv4..ip_forward': '1'}}]}",
            "namespaces[0].sysctls.net.ipv4..ip_forward", "empty component");
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'sysctls': {'net/../../x': '1'}}]}",
            "namespaces[0].sysctls.net/../../x", NULL);
        /* sysctls need the net type. */
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'types': ['uts'], 'sysctls': {'net.ipv4.ip_forward': '1'}}]}",
            "namespaces[0].sysctls", "net type");
        topology_free(parse_ok("{'name': 'x', 'namespaces': [{'name': 'a', 'types': ['uts'], 'sysctls': {}}]}"));
}

static void test_sysctl_check(void **state) {
        const char *why;
        char long_key[TOPO_SYSCTL_KEY_MAX + 2];

        assert_int_equal(topology_sysctl_check("net.ipv4.ip_forward", &why), 0);
        assert_int_equal(topology_sysctl_check("net.ipv4.conf.veth-a_1.forwarding", &why), 0);
        assert_int_equal(topology_sysctl_check("net.core.somaxconn", &why), 0);
        assert_int_equal(topology_sysctl_check(NULL, &why), -EINVAL);
        assert_int_equal(topology_sysctl_check("", &why), -EINVAL);
        assert_int_equal(topology_sysctl_check("net", &why), -EINVAL);
        assert_int_equal(topology_sysctl_check("net.", &why), -EINVAL);
        assert_int_equal(topology_sysctl_check("net.ipv4.", &why), -EINVAL);
        assert_int_equal(topology_sysctl_check(".net.ipv4", &why), -EINVAL);
        assert_int_equal(topology_sysctl_check("net..ipv4", &why), -EINVAL);
        assert_int_equal(topology_sysctl_check("net.ipv4/ip_forward", &why), -EINVAL);
        assert_int_equal(topology_sysctl_check("net.ipv4.../x", &why), -EINVAL);
        assert_int_equal(topology_sysctl_check("kernel.core_pattern", &why), -EINVAL);
        assert_int_equal(topology_sysctl_check("NET.ipv4.ip_forward", &why), -EINVAL);
        assert_int_equal(topology_sysctl_check("net.ipv4.IP_forward", &why), -EINVAL);
        assert_int_equal(topology_sysctl_check("net.ipv4 .x", &why), -EINVAL);
        assert_int_equal(topology_sysctl_check("net.ipv4.x\n", &why), -EINVAL);
        memset(long_key, 'a', sizeof(long_key));
        memcpy(long_key, "net.", 4);
        long_key[TOPO_SYSCTL_KEY_MAX] = '\0';
        assert_int_equal(topology_sysctl_check(long_key, &why), 0);
        long_key[TOPO_SYSCTL_KEY_MAX] = 'a';
        long_key[TOPO_SYSCTL_KEY_MAX + 1] = '\0';
        assert_int_equal(topology_sysctl_check(long_key, &why), -EINVAL);
}

/* ---- bridges ----------------------------------------------------------- */

static void test_bridge_names(void **state) {
        BAD("{'name': 'x', 'bridges': [{'name': 'br0'}, {'name': 'br0'}]}", "bridges[1].name",
            "already defined at bridges[0]");
        /* Ends name bridges by name alone, so names are unique in the file. */
        BAD("{'name': 'x', 'namespaces': [{'name': 'r'}], 'bridges': [{'name': 'br0'}, {'name': 'br0', 'namespace': 'r'}]}",
            "bridges[1].name", "already defined");
        BAD("{'name': 'x', 'bridges': [{'name': 'lo'}]}", "bridges[0].name", "loopback");
        BAD("{'name': 'x', 'bridges': [{'name': 'a-very-long-bridge'}]}", "bridges[0].name", "15 bytes");
        BAD("{'name': 'x', 'bridges': [{'name': 'br:0'}]}", "bridges[0].name", "bad interface name");
}

static void test_bridge_namespace_clash(void **state) {
        BAD("{'name': 'x', 'namespaces': [{'name': 'a'}, {'name': 'sw'}], 'bridges': [{'name': 'br0'}, {'name': 'sw'}]}",
            "bridges[1].name", "namespaces[1] has the same name");
}

static void test_bridge_refs(void **state) {
        BAD("{'name': 'x', 'bridges': [{'name': 'br0', 'namespace': 'nope'}]}", "bridges[0].namespace",
            "no namespace \"nope\"");
        BAD("{'name': 'x', " NS3 ", 'bridges': [{'name': 'br0', 'namespace': 'u'}]}", "bridges[0].namespace",
            "no net type");
}

static void test_bridge_nat(void **state) {
        BAD("{'name': 'x', 'namespaces': [{'name': 'r'}],"
            " 'bridges': [{'name': 'br0', 'namespace': 'r', 'addresses': ['198.18.0.1/24'], 'nat': true}]}",
            "bridges[0].nat", "only for bridges in the host");
        BAD("{'name': 'x', 'bridges': [{'name': 'br0', 'nat': true}]}", "bridges[0].nat", "IPv4 address");
        BAD("{'name': 'x', 'bridges': [{'name': 'br0', 'addresses': ['2001:db8::1/64'], 'nat': true}]}", "bridges[0].nat",
            "IPv4 address");
        topology_free(parse_ok("{'name': 'x', 'bridges': [{'name': 'br0', 'addresses': ['2001:db8::1/64', "
                               "'198.18.0.1/24'], 'nat': true}]}"));
}

static void test_mtu(void **state) {
        BAD("{'name': 'x', 'bridges': [{'name': 'br0', 'mtu': 67}]}", "bridges[0].mtu", "between 68 and 65535");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': 'b', 'mtu': 65536}]}", "links[0].mtu", "between 68");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': 'b', 'mtu': -1}]}", "links[0].mtu", "between 68");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': 'b', 'mtu': 18446744073709551615}]}", "links[0].mtu",
            "between 68");
        topology_free(parse_ok("{'name': 'x', 'bridges': [{'name': 'br0', 'mtu': 68}, {'name': 'br1', 'mtu': 65535}]}"));
}

/* ---- addresses ----------------------------------------------------------- */

static void test_addresses(void **state) {
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': {'namespace': 'a', 'addresses': ['198.18.0.1/24', '198.18.0.2/33']},"
            " 'b': 'b'}]}",
            "links[0].a.addresses[1]", "prefix length");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': {'namespace': 'b', 'addresses': [' 198.18.0.1/24']}}]}",
            "links[0].b.addresses[0]", "bad address");
        BAD("{'name': 'x', 'bridges': [{'name': 'br0', 'addresses': ['fe80::1%br0/64']}]}", "bridges[0].addresses[0]",
            "zone");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': {'host': true, 'addresses': ['198.18.0.1/24', '198.18.0.2/24',"
            " '198.18.0.1/24']}, 'b': 'b'}]}",
            "links[0].a.addresses[2]", "same address as links[0].a.addresses[0]");
        BAD("{'name': 'x', 'bridges': [{'name': 'br0', 'addresses': ['2001:db8::1/64', '2001:db8::1/48']}]}",
            "bridges[0].addresses[1]", "same address");
        /* IPv4 with another length is another address for the kernel; the
         * same address on two interfaces is the user's business. */
        topology_free(parse_ok("{'name': 'x', 'bridges': [{'name': 'br0', 'addresses': ['198.18.0.1/24', '198.18.0.1/25']},"
                               " {'name': 'br1', 'addresses': ['198.18.0.1/24']}]}"));
}

static void test_bridge_port_addresses(void **state) {
        BAD("{'name': 'x', " NS3 ", 'bridges': [{'name': 'br0'}],"
            " 'links': [{'a': 'a', 'b': {'bridge': 'br0', 'addresses': ['198.18.0.1/24']}}]}",
            "links[0].b.addresses", "bridge port has no addresses");
        BAD("{'name': 'x', " NS3 ", 'bridges': [{'name': 'br0'}],"
            " 'links': [{'a': 'a', 'b': {'bridge': 'br0', 'addresses': []}}]}",
            "links[0].b.addresses", "bridge port");
}

/* ---- links ------------------------------------------------------------- */

static void test_end_refs(void **state) {
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': {'namespace': 'zz'}, 'b': 'b'}]}", "links[0].a.namespace",
            "no namespace \"zz\"");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': {'bridge': 'br9'}}]}", "links[0].b.bridge",
            "no bridge \"br9\"");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': 'zz:eth0'}]}", "links[0].b", "no namespace or bridge \"zz\"");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': ':eth0'}]}", "links[0].b", "not host");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': ''}]}", "links[0].b", "not host");
        /* A bridge of another name than the namespace. */
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': {'bridge': 'a'}, 'b': 'b'}]}", "links[0].a.bridge", "no bridge");
}

static void test_end_needs_net(void **state) {
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': {'namespace': 'u'}, 'b': 'b'}]}", "links[0].a.namespace",
            "namespace u has no net type");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': 'u:eth0'}]}", "links[0].b", "no net type");
}

static void test_end_place(void **state) {
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': {'ifname': 'e0'}, 'b': 'b'}]}", "links[0].a",
            "one of namespace, bridge and host");
        BAD("{'name': 'x', " NS3 ", 'bridges': [{'name': 'br0'}], 'links': [{'a': {'namespace': 'a', 'bridge': 'br0'},"
            " 'b': 'b'}]}",
            "links[0].a", "only one of");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': {'host': true, 'namespace': 'b'}}]}", "links[0].b",
            "only one of");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': {'host': false}}]}", "links[0].b.host", "must be true");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': {'host': 'yes'}}]}", "links[0].b.host",
            "must be true or false");
}

static void test_end_ifname(void **state) {
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': {'namespace': 'a', 'ifname': 'lo'}, 'b': 'b'}]}",
            "links[0].a.ifname", "loopback");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a:lo', 'b': 'b'}]}", "links[0].a", "loopback");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'host:lo', 'b': 'b'}]}", "links[0].a", "loopback");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a:', 'b': 'b'}]}", "links[0].a", "empty");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a:eth0:1', 'b': 'b'}]}", "links[0].a", "bad interface name");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': {'namespace': 'b', 'ifname': 'sixteen-bytes-xx'}}]}",
            "links[0].b.ifname", "15 bytes");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': {'namespace': 'b', 'ifname': 'eth 0'}}]}",
            "links[0].b.ifname", "bad interface name");
}

static void test_same_place(void **state) {
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a:e0', 'b': 'a:e1'}]}", "links[0]", "both ends are in namespace a");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': 'b'}, {'a': 'host:h0', 'b': {'host': true}}]}", "links[1]",
            "both ends are in the host");
        BAD("{'name': 'x', 'bridges': [{'name': 'br0'}], 'links': [{'a': 'br0', 'b': 'br0:p'}]}", "links[0]",
            "links form a loop");
}

static void test_bridge_loops(void **state) {
        BAD("{'name': 'x', 'bridges': [{'name': 'br0'}, {'name': 'br1'}], 'links': [" L("br0", "br1") ", " L("br1", "br0") "]}", "links[1]",
            "links form a loop");
        BAD("{'name': 'x', 'bridges': [{'name': 'br0'}, {'name': 'br1'}, {'name': 'br2'}, {'name': 'br3'}],"
            " 'links': [" L("br0", "br1") ", " L("br2", "br3") ", " L("br1", "br2") ", " L("br3", "br0") "]}",
            "links[3]", "links form a loop");
        /* A tree of bridges is fine, also across namespaces. */
        topology_free(parse_ok("{'name': 'x', 'namespaces': [{'name': 'r'}], 'bridges': [{'name': 'br0'},"
                               " {'name': 'br1', 'namespace': 'r'}, {'name': 'br2'}],"
                               " 'links': [" L("br0", "br1") ", " L("br0", "br2") ", " L("r", "br0") ", " L("r", "br2") "]}"));
}

static void test_duplicate_ifnames(void **state) {
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a:eth0', 'b': 'b'}, {'a': {'namespace': 'a', 'ifname': 'eth0'},"
            " 'b': 'b'}]}",
            "links[1].a.ifname", "eth0 is already used in namespace a by links[0].a");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a:eth0', 'b': 'b'}, {'a': 'b', 'b': 'a:eth0'}]}", "links[1].b",
            "already used in namespace a by links[0].a");
        BAD("{'name': 'x', " NS3 ", 'bridges': [{'name': 'br0', 'namespace': 'a'}], 'links': [{'a': 'a:br0', 'b': 'b'}]}",
            "links[0].a", "already used in namespace a by bridges[0]");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'host:v0', 'b': 'a'}, {'a': 'b', 'b': 'host:v0'}]}", "links[1].b",
            "already used in the host by links[0].a");
        /* Bridge ports live where their bridge is. */
        BAD("{'name': 'x', 'namespaces': [{'name': 'a'}, {'name': 'r'}], 'bridges': [{'name': 'br0', 'namespace': 'r'}],"
            " 'links': [{'a': 'a', 'b': 'br0:p0'}, {'a': 'r:p0', 'b': 'a'}]}",
            "links[1].a", "already used in namespace r by links[0].b");
        /* A made-up name that meets a given one. */
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'host:a-eth0', 'b': 'b'}, {'a': 'host', 'b': 'a'}]}", "links[1].a",
            "made up");
        /* The same name in two namespaces is fine. */
        topology_free(parse_ok("{'name': 'x', " NS3 ", 'links': [" L("a:eth0", "b:eth0") ", " L("host:eth0", "a:eth1") "]}"));
}

/* ---- hosts and links between them ------------------------------------------ */

#define HOSTS2 "'hosts': [{'name': 'lab-a', 'underlay': '198.18.100.1'}, {'name': 'lab-b', 'underlay': '198.18.100.2'}]"
/* a on lab-a, b on lab-b. */
#define NSAB "'namespaces': [{'name': 'a', 'host': 'lab-a'}, {'name': 'b', 'host': 'lab-b'}]"

struct vni_name {
        uint32_t vni;
        int i;
};

static int cmp_vni_name(const void *a, const void *b) {
        const struct vni_name *x = a, *y = b;
        return x->vni < y->vni ? -1 : x->vni > y->vni ? 1 : x->i - y->i;
}

static uint32_t want_vni(const char *key) {
        return 1 + fnv1a(key) % TOPO_VNI_MAX;
}

static void test_hosts_parsed(void **state) {
        struct topology *t = parse_ok(
                "{'name': 'x', " HOSTS2 ", 'namespaces': [{'name': 'a', 'host': 'lab-a'}, {'name': 'b', 'host': 'lab-b'},"
                " {'name': 'c', 'host': 'lab-b'}],"
                " 'bridges': [{'name': 'br0', 'host': 'lab-b'}, {'name': 'br1', 'namespace': 'a'}],"
                " 'links': [" L("a:eth0", "b:eth0") ", " L("c", "br0") ", " L("a", "br0") ","
                " {'a': {'host': 'lab-a', 'ifname': 'up0'}, 'b': 'b', 'vni': 42}],"
                " 'routes': [{'namespace': 'a', 'to': 'default', 'dev': 'eth0'}, {'host': 'lab-b', 'to': '198.18.9.0/24',"
                " 'dev': 'br0'}]}");

        assert_int_equal(t->n_hosts, 2);
        assert_string_equal(t->hosts[1].name, "lab-b");
        assert_int_equal(t->hosts[1].underlay.family, AF_INET);
        assert_int_equal(t->hosts[1].underlay.len, 32);
        assert_int_equal(t->vxlan_port, 4789);
        assert_int_equal(t->underlay_mtu, 0);
        assert_int_equal(topology_vxlan_overhead(t), 50);
        assert_string_equal(t->ns[2].host, "lab-b");
        assert_string_equal(t->bridges[0].host, "lab-b");
        assert_string_equal(t->bridges[1].host, "lab-a"); /* its namespace's */
        assert_non_null(topology_find_host(t, "lab-a"));
        assert_null(topology_find_host(t, "lab-c"));

        /* a-b: between hosts; c-br0: both on lab-b, a veth. */
        assert_string_equal(t->links[0].a.host, "lab-a");
        assert_string_equal(t->links[0].b.host, "lab-b");
        assert_true(topology_link_is_remote(&t->links[0]));
        assert_int_equal(t->links[0].vni, want_vni("x/lab-a/a/eth0/lab-b/b/eth0"));
        assert_false(topology_link_is_remote(&t->links[1]));
        assert_int_equal(t->links[1].vni, 0);
        /* A bridge port named after its peer, on the bridge's host. */
        assert_true(topology_link_is_remote(&t->links[2]));
        assert_string_equal(t->links[2].b.host, "lab-b");
        assert_string_equal(t->links[2].b.ifname, "a-eth1");
        assert_int_equal(t->links[2].vni, want_vni("x/lab-a/a/eth1/lab-b//a-eth1"));
        /* A host end names its host; the vni given is kept. */
        assert_int_equal(t->links[3].a.kind, TOPO_END_HOST);
        assert_string_equal(t->links[3].a.host, "lab-a");
        assert_int_equal(t->links[3].vni, 42);
        assert_string_equal(t->routes[0].host, "lab-a");
        assert_string_equal(t->routes[1].host, "lab-b");
        topology_free(t);

        /* Without hosts nothing has one, and every link is a veth. */
        t = parse_ok("{'name': 'x', " NS3 ", 'links': [" L("a", "b") "]}");
        assert_int_equal(t->n_hosts, 0);
        assert_string_equal(t->ns[0].host, "");
        assert_string_equal(t->links[0].a.host, "");
        assert_int_equal(t->links[0].vni, 0);
        topology_free(t);

        /* Port, MTU and IPv6. */
        t = parse_ok("{'name': 'x', 'hosts': [{'name': 'h1', 'underlay': '2001:db8::1'}, {'name': 'h2', 'underlay':"
                     " '2001:db8::2'}], 'vxlanPort': 8472, 'underlayMtu': 9000}");
        assert_int_equal(t->vxlan_port, 8472);
        assert_int_equal(t->underlay_mtu, 9000);
        assert_int_equal(t->hosts[0].underlay.family, AF_INET6);
        assert_int_equal(topology_vxlan_overhead(t), 70);
        topology_free(t);
}

static void test_hosts_errors(void **state) {
        BAD("{'name': 'x', 'hosts': {}}", "hosts", "must be an array");
        BAD("{'name': 'x', 'hosts': ['lab-a']}", "hosts[0]", "must be an object");
        BAD("{'name': 'x', 'hosts': [{'name': 'lab-a', 'underlay': '198.18.100.1', 'port': 1}]}", "hosts[0].port",
            "unknown field");
        BAD("{'name': 'x', 'hosts': [{'underlay': '198.18.100.1'}]}", "hosts[0].name", "missing");
        BAD("{'name': 'x', 'hosts': [{'name': 'lab-a'}]}", "hosts[0].underlay", "missing");
        BAD("{'name': 'x', 'hosts': [{'name': 'lab a', 'underlay': '198.18.100.1'}]}", "hosts[0].name", "bad host name");
        /* Duplicate host. */
        BAD("{'name': 'x', 'hosts': [{'name': 'lab-a', 'underlay': '198.18.100.1'}, {'name': 'lab-a', 'underlay':"
            " '198.18.100.2'}]}",
            "hosts[1].name", "host lab-a is already defined at hosts[0]");
        BAD("{'name': 'x', 'hosts': [{'name': 'lab-a', 'underlay': '198.18.100.1'}, {'name': 'lab-b', 'underlay':"
            " '198.18.100.1'}]}",
            "hosts[1].underlay", "hosts[0] has the same underlay address 198.18.100.1");
        /* Bad underlay addresses. */
        static const struct {
                const char *addr, *reason;
        } bad[] = {
                { "198.18.100.1/24", "bad underlay address" }, { "198.18.100", "bad underlay address" },
                { "lab-a.example", "bad underlay address" },   { "0.0.0.0", "unspecified" },
                { "127.0.0.1", "loopback" },                   { "239.1.1.1", "multicast" },
                { "255.255.255.255", "broadcast" },            { "::", "unspecified" },
                { "::1", "loopback" },                         { "ff02::1", "multicast" },
                { "fe80::1", "link-local" },
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                char d[256];
                snprintf(d, sizeof(d), "{'name': 'x', 'hosts': [{'name': 'h', 'underlay': '%s'}]}", bad[i].addr);
                BAD(d, "hosts[0].underlay", bad[i].reason);
        }
        BAD("{'name': 'x', 'hosts': [{'name': 'h1', 'underlay': '198.18.100.1'}, {'name': 'h2', 'underlay':"
            " '2001:db8::2'}]}",
            "hosts[1].underlay", "of one family");

        /* vxlanPort and underlayMtu. */
        BAD("{'name': 'x', 'vxlanPort': 4789}", "vxlanPort", "only for a file with hosts");
        BAD("{'name': 'x', 'underlayMtu': 1500}", "underlayMtu", "only for a file with hosts");
        BAD("{'name': 'x', " HOSTS2 ", 'vxlanPort': 0}", "vxlanPort", "between 1 and 65535");
        BAD("{'name': 'x', " HOSTS2 ", 'vxlanPort': 65536}", "vxlanPort", "between 1 and 65535");
        BAD("{'name': 'x', " HOSTS2 ", 'vxlanPort': '4789'}", "vxlanPort", "must be an integer");
        BAD("{'name': 'x', " HOSTS2 ", 'underlayMtu': 117}", "underlayMtu", "between 118 and 65535");
        BAD("{'name': 'x', 'hosts': [{'name': 'h1', 'underlay': '2001:db8::1'}], 'underlayMtu': 137}", "underlayMtu",
            "between 138 and 65535");
}

static void test_host_refs(void **state) {
        /* Unknown host. */
        BAD("{'name': 'x', " HOSTS2 ", 'namespaces': [{'name': 'a', 'host': 'lab-c'}]}", "namespaces[0].host",
            "no host \"lab-c\" in hosts");
        BAD("{'name': 'x', " HOSTS2 ", " NSAB ", 'bridges': [{'name': 'br0', 'host': 'lab-c'}]}", "bridges[0].host",
            "no host \"lab-c\"");
        BAD("{'name': 'x', " HOSTS2 ", 'namespaces': [{'name': 'a', 'host': 7}]}", "namespaces[0].host",
            "must be a string");
        /* Missing host: every set, every bridge in a host's own namespace,
         * every route there. */
        BAD("{'name': 'x', " HOSTS2 ", 'namespaces': [{'name': 'a', 'host': 'lab-a'}, {'name': 'b'}]}",
            "namespaces[1].host", "missing (required: this file has hosts)");
        BAD("{'name': 'x', " HOSTS2 ", " NSAB ", 'bridges': [{'name': 'br0'}]}", "bridges[0].host", "missing");
        BAD("{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [" L("a", "b") "], 'routes': [{'to': 'default', 'via':"
            " '198.18.0.1'}]}",
            "routes[0].host", "missing");
        /* A bridge or route in a namespace is on the namespace's host. */
        BAD("{'name': 'x', " HOSTS2 ", " NSAB ", 'bridges': [{'name': 'br0', 'namespace': 'a', 'host': 'lab-b'}]}",
            "bridges[0].host", "namespace a is on host lab-a");
        BAD("{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [" L("a", "b") "], 'routes': [{'namespace': 'a', 'host':"
            " 'lab-b', 'to': 'default', 'dev': 'eth0'}]}",
            "routes[0].host", "namespace a is on host lab-a");
        topology_free(parse_ok("{'name': 'x', " HOSTS2 ", " NSAB ", 'bridges': [{'name': 'br0', 'namespace': 'a',"
                               " 'host': 'lab-a'}]}"));
        /* No hosts list: no host names. */
        BAD("{'name': 'x', 'namespaces': [{'name': 'a', 'host': 'lab-a'}]}", "namespaces[0].host",
            "this file has no hosts list");
        BAD("{'name': 'x', 'bridges': [{'name': 'br0', 'host': 'lab-a'}]}", "bridges[0].host", "no hosts list");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': {'host': 'lab-a'}}]}", "links[0].b.host",
            "must be true or false, not a string (a host's name needs a hosts list)");
        /* With hosts, a host end names its host. */
        BAD("{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [{'a': 'a', 'b': 'host'}]}", "links[0].b",
            "say which host's own namespace");
        BAD("{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [{'a': 'a', 'b': 'host:v0'}]}", "links[0].b", "this file has hosts");
        BAD("{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [{'a': 'a', 'b': {'host': true}}]}", "links[0].b.host",
            "name the host");
        BAD("{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [{'a': 'a', 'b': {'host': 'lab-z'}}]}", "links[0].b.host",
            "no host \"lab-z\"");
        /* The two hosts' own namespaces can be linked, not one with itself. */
        BAD("{'name': 'x', " HOSTS2 ", 'links': [{'a': {'host': 'lab-a', 'ifname': 'v0'}, 'b': {'host': 'lab-a', 'ifname':"
            " 'v1'}}]}",
            "links[0]", "both ends are in the host (lab-a)");
        topology_free(parse_ok("{'name': 'x', " HOSTS2 ", 'links': [{'a': {'host': 'lab-a', 'ifname': 'v0'}, 'b': {'host':"
                               " 'lab-b', 'ifname': 'v0'}}]}"));
        /* Interface names are per host in the hosts' own namespaces. */
        BAD("{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [{'a': {'host': 'lab-a', 'ifname': 'v0'}, 'b': 'a'},"
            " {'a': 'b', 'b': {'host': 'lab-a', 'ifname': 'v0'}}]}",
            "links[1].b.ifname", "v0 is already used in the host (lab-a) by links[0].a");
        topology_free(parse_ok("{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [{'a': {'host': 'lab-a', 'ifname': 'v0'},"
                               " 'b': 'a'}, {'a': 'b', 'b': {'host': 'lab-b', 'ifname': 'v0'}}],"
                               " 'routes': [{'host': 'lab-a', 'to': 'default', 'dev': 'v0'}, {'host': 'lab-b', 'to':"
                               " 'default', 'dev': 'v0'}]}"));
        BAD("{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [{'a': {'host': 'lab-a', 'ifname': 'v0'}, 'b': 'a'}],"
            " 'routes': [{'host': 'lab-b', 'to': 'default', 'dev': 'v0'}]}",
            "routes[0].dev", "this file puts no interface v0 in the host");
}

static void test_vni(void **state) {
        /* Range, and only between hosts. */
        BAD("{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [{'a': 'a', 'b': 'b', 'vni': 0}]}", "links[0].vni",
            "between 1 and 16777215");
        BAD("{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [{'a': 'a', 'b': 'b', 'vni': 16777216}]}", "links[0].vni",
            "between 1 and 16777215");
        BAD("{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [{'a': 'a', 'b': 'b', 'vni': '5'}]}", "links[0].vni",
            "must be an integer");
        BAD("{'name': 'x', " HOSTS2 ", 'namespaces': [{'name': 'a', 'host': 'lab-a'}, {'name': 'b', 'host': 'lab-a'}],"
            " 'links': [{'a': 'a', 'b': 'b', 'vni': 5}]}",
            "links[0].vni", "only for a link between two hosts (both ends are on lab-a)");
        BAD("{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': 'b', 'vni': 5}]}", "links[0].vni",
            "only for a link between two hosts");
        /* Collisions among given VNIs are refused. */
        BAD("{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [{'a': 'a', 'b': 'b', 'vni': 7}, {'a': 'a', 'b': 'b', 'vni': 7}]}",
            "links[1].vni", "vni 7 is already used by links[0]");
        topology_free(parse_ok("{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [{'a': 'a', 'b': 'b', 'vni': 16777215}]}"));

        /* Made up: the same for swapped ends, unmoved by other links. */
        const char *key = "x/lab-a/a/eth0/lab-b/b/eth0";
        struct topology *t = parse_ok("{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [" L("b", "a") "]}");
        assert_int_equal(t->links[0].vni, want_vni(key));
        topology_free(t);
        t = parse_ok("{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [" L("a:v9", "b:v9") ", " L("a:eth0", "b:eth0") "]}");
        assert_int_equal(t->links[1].vni, want_vni(key));
        assert_int_equal(t->links[0].vni, want_vni("x/lab-a/a/v9/lab-b/b/v9"));
        topology_free(t);
        /* ... and unique: one taken by a given VNI goes up by one, even
         * when the link giving it comes later in the file. */
        char d[512];
        uint32_t v = want_vni(key);
        snprintf(d, sizeof(d), "{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [" L("a", "b") ", {'a': 'a:v1', 'b': 'b:v1',"
                 " 'vni': %u}, {'a': 'a:v2', 'b': 'b:v2', 'vni': %u}]}", v, v % TOPO_VNI_MAX + 1);
        t = parse_ok(d);
        assert_int_equal(t->links[0].vni, (v + 1) % TOPO_VNI_MAX + 1);
        assert_int_equal(t->links[1].vni, v);
        topology_free(t);
        /* Two made-up VNIs meeting (two such links found by trying
         * names): the one later in the file moves up. */
        enum { TRIES = 20000 };
        struct vni_name *names = calloc(TRIES, sizeof(*names));
        assert_non_null(names);
        for (int i = 0; i < TRIES; i++) {
                char k[128];
                snprintf(k, sizeof(k), "x/lab-a/a/v%d/lab-b/b/v%d", i, i);
                names[i] = (struct vni_name){ want_vni(k), i };
        }
        qsort(names, TRIES, sizeof(*names), cmp_vni_name);
        int i1 = -1, i2 = -1;
        for (int i = 1; i < TRIES && i1 < 0; i++)
                if (names[i].vni == names[i - 1].vni) {
                        i1 = names[i - 1].i < names[i].i ? names[i - 1].i : names[i].i;
                        i2 = names[i - 1].i < names[i].i ? names[i].i : names[i - 1].i;
                        v = names[i].vni;
                }
        free(names);
        assert_true(i1 >= 0);
        snprintf(d, sizeof(d), "{'name': 'x', " HOSTS2 ", " NSAB ", 'links': [" L("a:v%d", "b:v%d") ", " L("a:v%d", "b:v%d")
                 "]}", i2, i2, i1, i1);
        t = parse_ok(d);
        assert_int_equal(t->links[0].vni, v);
        assert_int_equal(t->links[1].vni, v % TOPO_VNI_MAX + 1);
        topology_free(t);
}

/* ---- shaping ----------------------------------------------------------- */

#define SHAPE(s) "{'name': 'x', " NS3 ", 'links': [{'a': 'a', 'b': {'namespace': 'b', 'shaping': " s "}}]}"

static void test_shaping_errors(void **state) {
        BAD(SHAPE("{}"), "links[0].b.shaping", "at least one");
        BAD(SHAPE("{'jitter': '5ms'}"), "links[0].b.shaping.jitter", "jitter needs a delay");
        BAD(SHAPE("{'rate': '10mbps'}"), "links[0].b.shaping.rate", "bad rate");
        BAD(SHAPE("{'rate': '0mbit'}"), "links[0].b.shaping.rate", "bad rate");
        BAD(SHAPE("{'delay': '50'}"), "links[0].b.shaping.delay", "bad delay");
        BAD(SHAPE("{'delay': '0ms'}"), "links[0].b.shaping.delay", "more than 0");
        BAD(SHAPE("{'delay': '5ms', 'jitter': '0us'}"), "links[0].b.shaping.jitter", "bad jitter");
        BAD(SHAPE("{'loss': '0%'}"), "links[0].b.shaping.loss", "bad loss");
        BAD(SHAPE("{'loss': '101%'}"), "links[0].b.shaping.loss", "bad loss");
        BAD(SHAPE("{'loss': '1'}"), "links[0].b.shaping.loss", "bad loss");
        BAD(SHAPE("{'loss': 1}"), "links[0].b.shaping.loss", "must be a string");
}

static void test_parse_rate(void **state) {
        uint64_t v;

        assert_int_equal(topology_parse_rate("10mbit", &v), 0);
        assert_int_equal(v, 10000000);
        assert_int_equal(topology_parse_rate("1gbit", &v), 0);
        assert_int_equal(v, 1000000000);
        assert_int_equal(topology_parse_rate("500kbit", &v), 0);
        assert_int_equal(v, 500000);
        assert_int_equal(topology_parse_rate("1000000", &v), 0);
        assert_int_equal(v, 1000000);
        assert_int_equal(topology_parse_rate("64bit", &v), 0);
        assert_int_equal(v, 64);
        assert_int_equal(topology_parse_rate("1.5Mbit", &v), 0);
        assert_int_equal(v, 1500000);
        assert_int_equal(topology_parse_rate("0.001kbit", &v), 0);
        assert_int_equal(v, 1);
        assert_int_equal(topology_parse_rate("18446744073709551615", &v), 0);
        assert_int_equal(v, UINT64_MAX);
        assert_int_equal(topology_parse_rate("18446744073gbit", &v), 0);
        assert_true(topology_parse_rate("18446744074gbit", &v) < 0);
        assert_true(topology_parse_rate("18446744073709551616", &v) < 0);
        assert_true(topology_parse_rate("0", &v) < 0);
        assert_true(topology_parse_rate("0.0gbit", &v) < 0);
        assert_true(topology_parse_rate("0.0001kbit", &v) < 0); /* not a whole bit/s */
        assert_true(topology_parse_rate("", &v) < 0);
        assert_true(topology_parse_rate(NULL, &v) < 0);
        assert_true(topology_parse_rate("mbit", &v) < 0);
        assert_true(topology_parse_rate("-1mbit", &v) < 0);
        assert_true(topology_parse_rate("+1mbit", &v) < 0);
        assert_true(topology_parse_rate(" 1mbit", &v) < 0);
        assert_true(topology_parse_rate("1mbit ", &v) < 0);
        assert_true(topology_parse_rate("1 mbit", &v) < 0);
        assert_true(topology_parse_rate(".5mbit", &v) < 0);
        assert_true(topology_parse_rate("5.mbit", &v) < 0);
        assert_true(topology_parse_rate("1e6", &v) < 0);
        assert_true(topology_parse_rate("1tbit", &v) < 0);
        assert_true(topology_parse_rate("1mbps", &v) < 0);
}

static void test_parse_time(void **state) {
        uint32_t v;

        assert_int_equal(topology_parse_time("50ms", &v), 0);
        assert_int_equal(v, 50000);
        assert_int_equal(topology_parse_time("100us", &v), 0);
        assert_int_equal(v, 100);
        assert_int_equal(topology_parse_time("1s", &v), 0);
        assert_int_equal(v, 1000000);
        assert_int_equal(topology_parse_time("2.5ms", &v), 0);
        assert_int_equal(v, 2500);
        assert_int_equal(topology_parse_time("0.000001s", &v), 0);
        assert_int_equal(v, 1);
        assert_int_equal(topology_parse_time("0ms", &v), 0);
        assert_int_equal(v, 0);
        assert_int_equal(topology_parse_time("4294967295us", &v), 0);
        assert_int_equal(v, UINT32_MAX);
        assert_int_equal(topology_parse_time("4294.967295s", &v), 0);
        assert_int_equal(v, UINT32_MAX);
        assert_true(topology_parse_time("4294967296us", &v) < 0);
        assert_true(topology_parse_time("4295s", &v) < 0);
        assert_true(topology_parse_time("99999999999999999999999s", &v) < 0);
        assert_true(topology_parse_time("2.5us", &v) < 0);
        assert_true(topology_parse_time("50", &v) < 0);
        assert_true(topology_parse_time("50 ms", &v) < 0);
        assert_true(topology_parse_time("ms", &v) < 0);
        assert_true(topology_parse_time("-5ms", &v) < 0);
        assert_true(topology_parse_time("5min", &v) < 0);
        assert_true(topology_parse_time("", &v) < 0);
}

static void test_parse_loss(void **state) {
        uint32_t v;

        assert_int_equal(topology_parse_loss("1%", &v), 0);
        assert_int_equal(v, 10000);
        assert_int_equal(topology_parse_loss("0.5%", &v), 0);
        assert_int_equal(v, 5000);
        assert_int_equal(topology_parse_loss("100%", &v), 0);
        assert_int_equal(v, 1000000);
        assert_int_equal(topology_parse_loss("0.0001%", &v), 0);
        assert_int_equal(v, 1);
        assert_int_equal(topology_parse_loss("12.50%", &v), 0);
        assert_int_equal(v, 125000);
        assert_true(topology_parse_loss("0%", &v) < 0);
        assert_true(topology_parse_loss("0.00001%", &v) < 0);
        assert_true(topology_parse_loss("100.0001%", &v) < 0);
        assert_true(topology_parse_loss("101%", &v) < 0);
        assert_true(topology_parse_loss("1", &v) < 0);
        assert_true(topology_parse_loss("1 %", &v) < 0);
        assert_true(topology_parse_loss("%", &v) < 0);
        assert_true(topology_parse_loss("-1%", &v) < 0);
        assert_true(topology_parse_loss("1%%", &v) < 0);
}

/* ---- routes ------------------------------------------------------------- */

#define ROUTES(r) "{'name': 'x', " NS3 ", 'links': [" L("a:eth0", "b:eth0") ", " L("host:h0", "a:eth1") "], 'routes': [" r "]}"

static void test_route_errors(void **state) {
        BAD(ROUTES("{'namespace': 'zz', 'to': 'default', 'dev': 'lo'}"), "routes[0].namespace", "no namespace");
        BAD(ROUTES("{'namespace': 'u', 'to': 'default', 'dev': 'lo'}"), "routes[0].namespace", "no net type");
        BAD(ROUTES("{'namespace': 'a', 'to': 'defaults', 'dev': 'eth0'}"), "routes[0].to", "bad destination");
        BAD(ROUTES("{'namespace': 'a', 'to': '198.18.11.0/33', 'dev': 'eth0'}"), "routes[0].to", "prefix length");
        BAD(ROUTES("{'namespace': 'a', 'to': '198.18.11.5/24', 'dev': 'eth0'}"), "routes[0].to",
            "host bits are set in 198.18.11.5/24 (did you mean 198.18.11.0/24?)");
        BAD(ROUTES("{'namespace': 'a', 'to': 'default', 'via': '198.18.0.1/24'}"), "routes[0].via",
            "without a prefix length");
        BAD(ROUTES("{'namespace': 'a', 'to': 'default', 'via': 'gateway'}"), "routes[0].via", "bad gateway");
        BAD(ROUTES("{'namespace': 'a', 'to': '198.18.11.0/24', 'via': '2001:db8::1'}"), "routes[0].via",
            "via is IPv6 but to is IPv4");
        BAD(ROUTES("{'namespace': 'a', 'to': '2001:db8::/64', 'via': '198.18.0.1'}"), "routes[0].via",
            "via is IPv4 but to is IPv6");
        BAD(ROUTES("{'namespace': 'a', 'to': '198.18.11.0/24'}"), "routes[0]", "via, dev or both");
}

static void test_route_dev(void **state) {
        BAD(ROUTES("{'namespace': 'a', 'to': '198.18.11.0/24', 'dev': 'eth9'}"), "routes[0].dev",
            "no interface eth9 in namespace a");
        /* h0 is in the host, not in a. */
        BAD(ROUTES("{'namespace': 'a', 'to': '198.18.11.0/24', 'dev': 'h0'}"), "routes[0].dev", "namespace a");
        BAD(ROUTES("{'to': '198.18.11.0/24', 'dev': 'eth0'}"), "routes[0].dev", "no interface eth0 in the host");
        BAD(ROUTES("{'namespace': 'a', 'to': '198.18.11.0/24', 'dev': 'bad/name'}"), "routes[0].dev", "bad interface name");
        topology_free(parse_ok(ROUTES("{'namespace': 'a', 'to': '198.18.11.0/24', 'dev': 'eth1'},"
                                      "{'to': '198.18.11.0/24', 'dev': 'h0'}, {'namespace': 'b', 'to': 'default', 'dev': 'lo'}")));
}

static void test_route_duplicates(void **state) {
        BAD(ROUTES("{'namespace': 'a', 'to': '198.18.11.0/24', 'dev': 'eth0'},"
                   "{'namespace': 'b', 'to': '198.18.11.0/24', 'dev': 'eth0'},"
                   "{'namespace': 'a', 'to': '198.18.11.0/24', 'via': '198.18.0.2'}"),
            "routes[2].to", "a route to 198.18.11.0/24 in namespace a is already defined at routes[0]");
        BAD(ROUTES("{'namespace': 'a', 'to': 'default', 'via': '198.18.0.2'}, {'namespace': 'a', 'to': '0.0.0.0/0', 'dev': 'eth0'}"),
            "routes[1].to", "already defined at routes[0]");
        BAD(ROUTES("{'to': '198.18.11.7', 'dev': 'h0'}, {'to': '198.18.11.7/32', 'dev': 'h0'}"), "routes[1].to",
            "in the host");
        /* An IPv4 and an IPv6 default are two routes. */
        topology_free(parse_ok(ROUTES("{'namespace': 'a', 'to': 'default', 'via': '198.18.0.2'},"
                                      "{'namespace': 'a', 'to': 'default', 'via': '2001:db8::2'}")));
}

/* ---- limits ------------------------------------------------------------ */

static json_object *big_doc(size_t n_ns, size_t n_links, size_t n_routes) {
        json_object *d = json_object_new_object(), *nss = json_object_new_array(), *links = json_object_new_array(),
                    *routes = json_object_new_array();
        char buf[64];

        json_object_object_add(d, "name", json_object_new_string("big"));
        for (size_t i = 0; i < n_ns; i++) {
                json_object *ns = json_object_new_object();
                snprintf(buf, sizeof(buf), "n%zu", i);
                json_object_object_add(ns, "name", json_object_new_string(buf));
                json_object_array_add(nss, ns);
        }
        for (size_t i = 0; i < n_links; i++) {
                json_object *l = json_object_new_object();
                snprintf(buf, sizeof(buf), "n%zu", i % n_ns);
                json_object_object_add(l, "a", json_object_new_string(buf));
                snprintf(buf, sizeof(buf), "n%zu", (i + 1) % n_ns);
                json_object_object_add(l, "b", json_object_new_string(buf));
                json_object_array_add(links, l);
        }
        for (size_t i = 0; i < n_routes; i++) {
                json_object *r = json_object_new_object();
                snprintf(buf, sizeof(buf), "n%zu", i % n_ns);
                json_object_object_add(r, "namespace", json_object_new_string(buf));
                snprintf(buf, sizeof(buf), "198.19.%zu.%zu/32", i / 256, i % 256);
                json_object_object_add(r, "to", json_object_new_string(buf));
                json_object_object_add(r, "dev", json_object_new_string("eth0"));
                json_object_array_add(routes, r);
        }
        json_object_object_add(d, "namespaces", nss);
        json_object_object_add(d, "links", links);
        json_object_object_add(d, "routes", routes);
        return d;
}

static void test_limit_elements(void **state) {
        json_object *d = big_doc(10000, 9000, 1000);
        struct topology *t = NULL;
        struct topo_error err;
        int r;

        /* Exactly the limit: parses, in linear time. */
        r = topology_parse(d, &t, &err);
        if (r != 0)
                fail_msg("%s: %s", err.element, err.reason);
        assert_int_equal(t->n_links, 9000);
        assert_string_equal(t->links[8999].a.ifname, "eth1");
        assert_string_equal(t->links[8999].b.ifname, "eth0");
        topology_free(t);
        json_object_put(d);

        d = big_doc(10000, 9000, 1001);
        assert_int_equal(topology_parse(d, &t, &err), -E2BIG);
        assert_null(t);
        assert_string_equal(err.element, "routes");
        assert_non_null(strstr(err.reason, "20000"));
        json_object_put(d);

        /* The count is checked before the elements themselves. */
        d = json_object_new_object();
        json_object_object_add(d, "name", json_object_new_string("big"));
        json_object *arr = json_object_new_array();
        for (int i = 0; i <= TOPO_MAX_ELEMENTS; i++)
                json_object_array_add(arr, json_object_new_int(i));
        json_object_object_add(d, "bridges", arr);
        assert_int_equal(topology_parse(d, &t, &err), -E2BIG);
        assert_string_equal(err.element, "bridges");
        json_object_put(d);
}

static void test_limit_addrs_sysctls(void **state) {
        json_object *d = doc("{'name': 'x', 'namespaces': [{'name': 'a', 'sysctls': {}}], 'bridges': [{'name': 'br0'}]}");
        json_object *addrs = json_object_new_array(), *sysctls;
        struct topology *t = NULL;
        struct topo_error err;
        char buf[64];

        for (int i = 0; i <= TOPO_MAX_ADDRS; i++) {
                snprintf(buf, sizeof(buf), "198.18.%d.%d/24", i / 256, i % 256);
                json_object_array_add(addrs, json_object_new_string(buf));
        }
        json_object_object_add(json_object_array_get_idx(json_object_object_get(d, "bridges"), 0), "addresses", addrs);
        assert_int_equal(topology_parse(d, &t, &err), -E2BIG);
        assert_string_equal(err.element, "bridges[0].addresses");
        json_object_array_del_idx(addrs, 0, 1);
        assert_int_equal(topology_parse(d, &t, &err), 0);
        assert_int_equal(t->bridges[0].n_addrs, TOPO_MAX_ADDRS);
        topology_free(t);

        sysctls = json_object_object_get(json_object_array_get_idx(json_object_object_get(d, "namespaces"), 0), "sysctls");
        for (int i = 0; i <= TOPO_MAX_SYSCTLS; i++) {
                snprintf(buf, sizeof(buf), "net.x.y%d", i);
                json_object_object_add(sysctls, buf, json_object_new_int(i));
        }
        assert_int_equal(topology_parse(d, &t, &err), -E2BIG);
        assert_string_equal(err.element, "namespaces[0].sysctls");
        json_object_put(d);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_examples_dir),
                cmocka_unit_test(test_example_contents),
                cmocka_unit_test(test_nat_lab),
                cmocka_unit_test(test_abc_bridges),
                cmocka_unit_test(test_minimal),
                cmocka_unit_test(test_params),
                cmocka_unit_test(test_sysctls),
                cmocka_unit_test(test_bridges_parsed),
                cmocka_unit_test(test_default_ns_ifnames),
                cmocka_unit_test(test_default_port_ifnames),
                cmocka_unit_test(test_default_host_ifnames),
                cmocka_unit_test(test_default_deterministic),
                cmocka_unit_test(test_shorthand),
                cmocka_unit_test(test_shaping_parsed),
                cmocka_unit_test(test_routes_parsed),
                cmocka_unit_test(test_bad_document),
                cmocka_unit_test(test_unknown_fields),
                cmocka_unit_test(test_wrong_types),
                cmocka_unit_test(test_required),
                cmocka_unit_test(test_embedded_nul),
                cmocka_unit_test(test_namespace_names),
                cmocka_unit_test(test_namespace_types),
                cmocka_unit_test(test_namespace_sysctls),
                cmocka_unit_test(test_sysctl_check),
                cmocka_unit_test(test_bridge_names),
                cmocka_unit_test(test_bridge_namespace_clash),
                cmocka_unit_test(test_bridge_refs),
                cmocka_unit_test(test_bridge_nat),
                cmocka_unit_test(test_mtu),
                cmocka_unit_test(test_addresses),
                cmocka_unit_test(test_bridge_port_addresses),
                cmocka_unit_test(test_end_refs),
                cmocka_unit_test(test_end_needs_net),
                cmocka_unit_test(test_end_place),
                cmocka_unit_test(test_end_ifname),
                cmocka_unit_test(test_same_place),
                cmocka_unit_test(test_bridge_loops),
                cmocka_unit_test(test_duplicate_ifnames),
                cmocka_unit_test(test_hosts_parsed),
                cmocka_unit_test(test_hosts_errors),
                cmocka_unit_test(test_host_refs),
                cmocka_unit_test(test_vni),
                cmocka_unit_test(test_shaping_errors),
                cmocka_unit_test(test_parse_rate),
                cmocka_unit_test(test_parse_time),
                cmocka_unit_test(test_parse_loss),
                cmocka_unit_test(test_route_errors),
                cmocka_unit_test(test_route_dev),
                cmocka_unit_test(test_route_duplicates),
                cmocka_unit_test(test_limit_elements),
                cmocka_unit_test(test_limit_addrs_sysctls),
        };

        return cmocka_run_group_tests_name("topology", tests, NULL, NULL);
}
