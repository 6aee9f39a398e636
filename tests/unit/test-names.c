/* Unit tests for proto/names.c: namespace-set and interface name checks. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "names.h"

typedef int (*checker)(const char *, size_t, const char **);

static void expect_ok(checker f, const char *name, size_t len) {
        const char *reason = NULL;
        int r = f(name, len, &reason);
        if (r != 0)
                fail_msg("\"%.*s\" (%zu bytes) refused: %d (%s)", (int)len, name, len, r, reason ? reason : "no reason");
}

static void expect_bad(checker f, const char *name, size_t len) {
        const char *reason = NULL;
        int r = f(name, len, &reason);
        if (r != -EINVAL)
                fail_msg("\"%.*s\" (%zu bytes): expected -EINVAL, got %d", (int)len, name ? name : "", len, r);
        if (!reason || !*reason)
                fail_msg("\"%.*s\" refused without a reason", (int)len, name ? name : "");
}

#define OK(f, s)  expect_ok((f), (s), strlen(s))
#define BAD(f, s) expect_bad((f), (s), strlen(s))

static void test_name_valid(void **state) {
        OK(nsctl_name_check, "lab1");
        OK(nsctl_name_check, "a");
        OK(nsctl_name_check, "Z");
        OK(nsctl_name_check, "0");
        OK(nsctl_name_check, "9lives");
        OK(nsctl_name_check, "A9_x.y-z");
        OK(nsctl_name_check, "ns-0.1_b");
        OK(nsctl_name_check, "a..b");
        OK(nsctl_name_check, "a-");
        OK(nsctl_name_check, "a.");
        OK(nsctl_name_check, "a_");
}

static void test_name_empty(void **state) {
        BAD(nsctl_name_check, "");
        expect_bad(nsctl_name_check, NULL, 0);
        /* A non-empty C string with length 0 is still empty. */
        expect_bad(nsctl_name_check, "lab1", 0);
}

static void test_name_path_like(void **state) {
        BAD(nsctl_name_check, ".");
        BAD(nsctl_name_check, "..");
        BAD(nsctl_name_check, "../x");
        BAD(nsctl_name_check, "x/..");
        BAD(nsctl_name_check, "a/b");
        BAD(nsctl_name_check, "/a");
        BAD(nsctl_name_check, "a/");
        BAD(nsctl_name_check, "a\\b");
}

static void test_name_bad_first_char(void **state) {
        BAD(nsctl_name_check, "-a");
        BAD(nsctl_name_check, "--help");
        BAD(nsctl_name_check, ".hidden");
        BAD(nsctl_name_check, "_a");
        BAD(nsctl_name_check, " a");
}

static void test_name_bad_chars(void **state) {
        BAD(nsctl_name_check, "a b");
        BAD(nsctl_name_check, "a\tb");
        BAD(nsctl_name_check, "a\nb");
        BAD(nsctl_name_check, "a:b");
        BAD(nsctl_name_check, "a*");
        BAD(nsctl_name_check, "a$b");
        BAD(nsctl_name_check, "a@b");
        BAD(nsctl_name_check, "a+b");
        BAD(nsctl_name_check, "a\x7f");
        BAD(nsctl_name_check, "lab ");
}

static void test_name_length(void **state) {
        char buf[301];

        memset(buf, 'a', sizeof(buf));
        expect_ok(nsctl_name_check, buf, 1);
        expect_ok(nsctl_name_check, buf, 63);
        expect_ok(nsctl_name_check, buf, 64);
        expect_bad(nsctl_name_check, buf, 65);
        expect_bad(nsctl_name_check, buf, 300);
        assert_int_equal(NSCTL_NAME_MAX, 64);
}

static void test_name_non_ascii(void **state) {
        BAD(nsctl_name_check, "caf\xc3\xa9");     /* valid UTF-8, not ASCII */
        BAD(nsctl_name_check, "\xc3\xa9t\xc3\xa9");
        BAD(nsctl_name_check, "\xff\xfe");        /* not UTF-8 at all */
        BAD(nsctl_name_check, "lab\xff");
        BAD(nsctl_name_check, "lab\xe2\x80\x8b"); /* zero-width space */
        BAD(nsctl_name_check, "\xd0\xb0");        /* Cyrillic a */
}

static void test_name_embedded_nul(void **state) {
        static const char s1[] = "lab\0x";
        static const char s2[] = "lab1\0";
        static const char s3[] = "a\0../../etc";

        expect_bad(nsctl_name_check, s1, sizeof(s1) - 1);
        expect_bad(nsctl_name_check, s2, sizeof(s2) - 1);
        expect_bad(nsctl_name_check, s3, sizeof(s3) - 1);
        /* The same bytes up to the NUL are fine. */
        expect_ok(nsctl_name_check, s1, 3);
}

static void test_ifname(void **state) {
        char buf[20];

        OK(nsctl_ifname_check, "veth0");
        OK(nsctl_ifname_check, "br-lab.1_a");
        memset(buf, 'v', sizeof(buf));
        expect_ok(nsctl_ifname_check, buf, 15);
        expect_bad(nsctl_ifname_check, buf, 16);
        expect_bad(nsctl_ifname_check, buf, 20);
        assert_int_equal(NSCTL_IFNAME_MAX, 15);

        BAD(nsctl_ifname_check, "");
        BAD(nsctl_ifname_check, ".");
        BAD(nsctl_ifname_check, "..");
        BAD(nsctl_ifname_check, "a/b");
        BAD(nsctl_ifname_check, "eth 0");
        BAD(nsctl_ifname_check, "-eth0");
        BAD(nsctl_ifname_check, "eth0:1");
        BAD(nsctl_ifname_check, "eth\xc3\xa9");
        expect_bad(nsctl_ifname_check, "eth\0x", 5);
        /* A name valid for a set may be too long for an interface. */
        OK(nsctl_name_check, "a-very-long-name-for-an-if");
        BAD(nsctl_ifname_check, "a-very-long-name-for-an-if");
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_name_valid),
                cmocka_unit_test(test_name_empty),
                cmocka_unit_test(test_name_path_like),
                cmocka_unit_test(test_name_bad_first_char),
                cmocka_unit_test(test_name_bad_chars),
                cmocka_unit_test(test_name_length),
                cmocka_unit_test(test_name_non_ascii),
                cmocka_unit_test(test_name_embedded_nul),
                cmocka_unit_test(test_ifname),
        };

        return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
