/* Unit tests for proto/ip-prefix.c: addresses and prefixes as users write
 * them. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "ip-prefix.h"

static void expect_prefix(const char *s, int family, const char *addr, unsigned len) {
        struct ip_prefix p, want = {};
        const char *reason = NULL;
        char buf[IP_PREFIX_STRLEN];

        if (ip_prefix_parse(s, &p, &reason) != 0)
                fail_msg("\"%s\" refused: %s", s, reason ? reason : "no reason");
        assert_int_equal(p.family, family);
        assert_int_equal(p.len, len);
        assert_int_equal(inet_pton(family, addr, want.addr), 1);
        assert_memory_equal(p.addr, want.addr, family == AF_INET ? 4 : 16);
        ip_addr_format(&p, buf, sizeof(buf));
        assert_string_equal(buf, addr);
}

static void expect_bad_prefix(const char *s) {
        struct ip_prefix p;
        const char *reason = NULL;
        int r = ip_prefix_parse(s, &p, &reason);

        if (r != -EINVAL)
                fail_msg("\"%s\": expected -EINVAL, got %d", s ? s : "(null)", r);
        if (!reason || !*reason)
                fail_msg("\"%s\" refused without a reason", s ? s : "(null)");
}

static void expect_bad_addr(const char *s) {
        struct ip_prefix p;
        const char *reason = NULL;
        int r = ip_addr_parse(s, &p, &reason);

        if (r != -EINVAL)
                fail_msg("address \"%s\": expected -EINVAL, got %d", s ? s : "(null)", r);
        if (!reason || !*reason)
                fail_msg("address \"%s\" refused without a reason", s ? s : "(null)");
}

static void test_ipv4(void **state) {
        expect_prefix("198.18.0.1/24", AF_INET, "198.18.0.1", 24);
        expect_prefix("198.18.0.1", AF_INET, "198.18.0.1", 32);
        expect_prefix("198.18.0.0/15", AF_INET, "198.18.0.0", 15);
        expect_prefix("0.0.0.0/0", AF_INET, "0.0.0.0", 0);
        expect_prefix("255.255.255.255/32", AF_INET, "255.255.255.255", 32);
        expect_prefix("198.18.0.1/0", AF_INET, "198.18.0.1", 0);
}

static void test_ipv6(void **state) {
        expect_prefix("2001:db8::1/64", AF_INET6, "2001:db8::1", 64);
        expect_prefix("2001:db8::1", AF_INET6, "2001:db8::1", 128);
        expect_prefix("::/0", AF_INET6, "::", 0);
        expect_prefix("::1/128", AF_INET6, "::1", 128);
        expect_prefix("fe80::1/10", AF_INET6, "fe80::1", 10);
        expect_prefix("::ffff:198.18.0.1/96", AF_INET6, "::ffff:198.18.0.1", 96);
        expect_prefix("2001:DB8::A/48", AF_INET6, "2001:db8::a", 48);
}

static void test_bad_length(void **state) {
        expect_bad_prefix("198.18.0.1/33");
        expect_bad_prefix("198.18.0.1/100");
        expect_bad_prefix("198.18.0.1/4294967328"); /* 2^32 + 32 */
        expect_bad_prefix("2001:db8::1/129");
        expect_bad_prefix("2001:db8::1/1000");
        expect_bad_prefix("1.2.3.4/08");
        expect_bad_prefix("1.2.3.4/00");
        expect_bad_prefix("1.2.3.4/-1");
        expect_bad_prefix("1.2.3.4/+8");
        expect_bad_prefix("1.2.3.4/8a");
        expect_bad_prefix("1.2.3.4/ 8");
        expect_bad_prefix("1.2.3.4/");
        expect_bad_prefix("1.2.3.4/24/8");
        expect_bad_prefix("1.2.3.4//24");
}

static void test_bad_address(void **state) {
        expect_bad_prefix(NULL);
        expect_bad_prefix("");
        expect_bad_prefix("/");
        expect_bad_prefix("/24");
        expect_bad_prefix(" 198.18.0.1/24");
        expect_bad_prefix("198.18.0.1/24 ");
        expect_bad_prefix("198.18.0.1 /24");
        expect_bad_prefix("198.18.0.1\n");
        expect_bad_prefix("\t198.18.0.1");
        expect_bad_prefix("198.18.0");
        expect_bad_prefix("198.18.0.1.5");
        expect_bad_prefix("198.18.0.256");
        expect_bad_prefix("198.018.0.1"); /* octal-looking octets */
        expect_bad_prefix("0x7f.0.0.1");
        expect_bad_prefix("localhost");
        expect_bad_prefix("fe80::1%eth0");
        expect_bad_prefix("fe80::1%eth0/64");
        expect_bad_prefix("2001:db8:::1");
        expect_bad_prefix("2001:db8::g");
        expect_bad_prefix("[2001:db8::1]");
        expect_bad_prefix("1.2.3.4\xc3\xa9");
        expect_bad_prefix("2001:0db8:0000:0000:0000:0000:0000:0001:0001/64"); /* too long */
}

static void test_addr(void **state) {
        struct ip_prefix p;
        const char *reason;

        assert_int_equal(ip_addr_parse("198.18.0.1", &p, &reason), 0);
        assert_int_equal(p.family, AF_INET);
        assert_int_equal(p.len, 32);
        assert_int_equal(ip_addr_parse("2001:db8::2", &p, &reason), 0);
        assert_int_equal(p.family, AF_INET6);
        assert_int_equal(p.len, 128);
        expect_bad_addr("198.18.0.1/24");
        expect_bad_addr("198.18.0.1/32");
        expect_bad_addr("2001:db8::1/128");
        expect_bad_addr("");
        expect_bad_addr(NULL);
        expect_bad_addr(" 198.18.0.1");
        expect_bad_addr("fe80::1%lo");
}

static void test_format(void **state) {
        struct ip_prefix p;
        const char *reason;
        char buf[IP_PREFIX_STRLEN];

        assert_int_equal(ip_prefix_parse("198.18.0.1/24", &p, &reason), 0);
        ip_prefix_format(&p, buf, sizeof(buf));
        assert_string_equal(buf, "198.18.0.1/24");
        ip_addr_format(&p, buf, sizeof(buf));
        assert_string_equal(buf, "198.18.0.1");

        assert_int_equal(ip_prefix_parse("2001:0db8:0000::0001/64", &p, &reason), 0);
        ip_prefix_format(&p, buf, sizeof(buf));
        assert_string_equal(buf, "2001:db8::1/64");

        /* The longest form fits. */
        assert_int_equal(ip_prefix_parse("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255/128", &p, &reason), 0);
        ip_prefix_format(&p, buf, sizeof(buf));
        assert_true(strlen(buf) < IP_PREFIX_STRLEN);
}

static void test_equal(void **state) {
        struct ip_prefix a, b;
        const char *reason;

        assert_int_equal(ip_prefix_parse("198.18.0.1/24", &a, &reason), 0);
        assert_int_equal(ip_prefix_parse("198.18.0.1/24", &b, &reason), 0);
        assert_true(ip_prefix_equal(&a, &b));
        assert_true(ip_addr_equal(&a, &b));
        assert_int_equal(ip_prefix_parse("198.18.0.1/25", &b, &reason), 0);
        assert_false(ip_prefix_equal(&a, &b));
        assert_true(ip_addr_equal(&a, &b));
        assert_int_equal(ip_prefix_parse("198.18.0.2/24", &b, &reason), 0);
        assert_false(ip_prefix_equal(&a, &b));
        assert_int_equal(ip_prefix_parse("::ffff:198.18.0.1/24", &b, &reason), 0);
        assert_false(ip_prefix_equal(&a, &b));
        assert_false(ip_addr_equal(&a, &b));
        assert_int_equal(ip_prefix_parse("2001:db8::1/64", &a, &reason), 0);
        assert_int_equal(ip_prefix_parse("2001:db8:0::1/64", &b, &reason), 0);
        assert_true(ip_prefix_equal(&a, &b));
}

static void test_host_bits(void **state) {
        struct ip_prefix p, m;
        const char *reason;
        char buf[IP_PREFIX_STRLEN];

        assert_int_equal(ip_prefix_parse("198.18.11.0/24", &p, &reason), 0);
        assert_false(ip_prefix_host_bits_set(&p));
        assert_int_equal(ip_prefix_parse("198.18.11.5/24", &p, &reason), 0);
        assert_true(ip_prefix_host_bits_set(&p));
        ip_prefix_mask(&p, &m);
        ip_prefix_format(&m, buf, sizeof(buf));
        assert_string_equal(buf, "198.18.11.0/24");
        assert_int_equal(ip_prefix_parse("198.19.0.0/15", &p, &reason), 0);
        assert_true(ip_prefix_host_bits_set(&p));
        ip_prefix_mask(&p, &m);
        ip_prefix_format(&m, buf, sizeof(buf));
        assert_string_equal(buf, "198.18.0.0/15");
        assert_int_equal(ip_prefix_parse("198.18.0.1", &p, &reason), 0);
        assert_false(ip_prefix_host_bits_set(&p));
        assert_int_equal(ip_prefix_parse("0.0.0.0/0", &p, &reason), 0);
        assert_false(ip_prefix_host_bits_set(&p));
        assert_int_equal(ip_prefix_parse("1.0.0.0/0", &p, &reason), 0);
        assert_true(ip_prefix_host_bits_set(&p));
        assert_int_equal(ip_prefix_parse("2001:db8::1/64", &p, &reason), 0);
        assert_true(ip_prefix_host_bits_set(&p));
        ip_prefix_mask(&p, &m);
        ip_prefix_format(&m, buf, sizeof(buf));
        assert_string_equal(buf, "2001:db8::/64");
        assert_int_equal(ip_prefix_parse("2001:db8::/61", &p, &reason), 0);
        assert_false(ip_prefix_host_bits_set(&p));
        assert_int_equal(ip_prefix_parse("2001:db8:0:8::/61", &p, &reason), 0); /* bit 60: inside */
        assert_false(ip_prefix_host_bits_set(&p));
        assert_int_equal(ip_prefix_parse("2001:db8:0:4::/61", &p, &reason), 0); /* bit 61: host */
        assert_true(ip_prefix_host_bits_set(&p));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_ipv4),        cmocka_unit_test(test_ipv6),   cmocka_unit_test(test_bad_length),
                cmocka_unit_test(test_bad_address), cmocka_unit_test(test_addr),   cmocka_unit_test(test_format),
                cmocka_unit_test(test_equal),       cmocka_unit_test(test_host_bits),
        };

        return cmocka_run_group_tests_name("ip-prefix", tests, NULL, NULL);
}
