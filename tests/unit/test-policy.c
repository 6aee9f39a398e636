/* Unit tests for daemon/policy.c: the policy file, and which setting
 * applies to whom.  Users and groups are given by number, so the tests do
 * not depend on the machine's user database. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "policy.h"

static struct policy *parse_ok(const char *text) {
        char *copy = strdup(text), err[256] = "";
        struct policy *p = NULL;
        int r = policy_parse(copy, "/test.conf", &p, err, sizeof(err));
        free(copy);
        if (r != 0)
                fail_msg("refused (%d): %s\n%s", r, err, text);
        return p;
}

/* Refused with an error that contains WANT. */
static void parse_bad(const char *text, const char *want) {
        char *copy = strdup(text), err[256] = "";
        struct policy *p = NULL;
        int r = policy_parse(copy, "/test.conf", &p, err, sizeof(err));
        free(copy);
        if (r != -EINVAL)
                fail_msg("expected -EINVAL, got %d for:\n%s", r, text);
        if (!strstr(err, want))
                fail_msg("error \"%s\" lacks \"%s\"", err, want);
        assert_null(p);
}

static const struct policy_section *section(const struct policy *p, const char *name) {
        for (size_t i = 0; i < p->n_sections; i++)
                if (strcmp(p->sections[i].name, name) == 0)
                        return &p->sections[i];
        return NULL;
}

static void test_empty(void **state) {
        struct policy *p = parse_ok("# nothing\n\n   ; nothing either\n");
        struct caller c = { .uid = 1000, .gid = 1000 };
        char rule[64];

        assert_string_equal(p->group_name, POLICY_DEFAULT_GROUP);
        assert_int_equal(p->n_sections, 0);
        assert_true(policy_get_limit(p, &c, POLICY_MAX_SETS, rule, sizeof(rule)) == POLICY_UNLIMITED);
        assert_string_equal(rule, "built-in default");
        assert_false(policy_get_host_objects(p, &c, rule, sizeof(rule)));
        assert_string_equal(rule, "built-in default");
        policy_free(p);
}

static void test_full(void **state) {
        struct policy *p = parse_ok("# the lab machine\n"
                                    "[access]\n"
                                    "group = 3000   # lab users\n"
                                    "\n"
                                    "[defaults]\n"
                                    "  max-sets = 4\n"
                                    "max-links=8\n"
                                    "host-objects = no\n"
                                    "[group 2000]\n"
                                    "max-sets = 10\n"
                                    "host-objects = yes\n"
                                    "[group 2001]\n"
                                    "max-sets = unlimited\n"
                                    "[group 2002]\n"
                                    "max-sets = 6\n"
                                    "[user 1001]\n"
                                    "max-sets = 1\n");
        assert_string_equal(p->group_name, "3000");
        assert_true(p->group_found);
        assert_int_equal(p->group, 3000);
        assert_int_equal(p->n_sections, 4);
        assert_true(section(p, "1001")->resolved);
        assert_int_equal(section(p, "1001")->kind, POLICY_USER);
        assert_int_equal(section(p, "2002")->line, 14);

        char rule[64];
        gid_t g2000[] = { 2000 }, g2002[] = { 2002, 2000 }, gall[] = { 2002, 2001 };
        struct caller plain = { .uid = 1000, .gid = 1000 };
        struct caller staff = { .uid = 1002, .gid = 1002, .groups = g2000, .n_groups = 1 };
        struct caller both = { .uid = 1003, .gid = 1003, .groups = g2002, .n_groups = 2 };
        struct caller any = { .uid = 1004, .gid = 1004, .groups = gall, .n_groups = 2 };
        struct caller alice = { .uid = 1001, .gid = 2000 }; /* primary group counts too */

        assert_int_equal(policy_get_limit(p, &plain, POLICY_MAX_SETS, rule, sizeof(rule)), 4);
        assert_string_equal(rule, "defaults");
        assert_int_equal(policy_get_limit(p, &plain, POLICY_MAX_LINKS, rule, sizeof(rule)), 8);
        assert_false(policy_get_host_objects(p, &plain, rule, sizeof(rule)));
        assert_string_equal(rule, "defaults");

        assert_int_equal(policy_get_limit(p, &staff, POLICY_MAX_SETS, rule, sizeof(rule)), 10);
        assert_string_equal(rule, "group 2000");
        assert_true(policy_get_host_objects(p, &staff, rule, sizeof(rule)));
        assert_string_equal(rule, "group 2000");
        /* Not given in any of the user's groups: the defaults. */
        assert_int_equal(policy_get_limit(p, &staff, POLICY_MAX_LINKS, rule, sizeof(rule)), 8);
        assert_string_equal(rule, "defaults");

        /* The most generous of the user's groups. */
        assert_int_equal(policy_get_limit(p, &both, POLICY_MAX_SETS, rule, sizeof(rule)), 10);
        assert_string_equal(rule, "group 2000");
        assert_true(policy_get_limit(p, &any, POLICY_MAX_SETS, rule, sizeof(rule)) == POLICY_UNLIMITED);
        assert_string_equal(rule, "group 2001");

        /* The user's own section wins where it says something. */
        assert_int_equal(policy_get_limit(p, &alice, POLICY_MAX_SETS, rule, sizeof(rule)), 1);
        assert_string_equal(rule, "user 1001");
        assert_true(policy_get_host_objects(p, &alice, rule, sizeof(rule)));
        assert_string_equal(rule, "group 2000");
        policy_free(p);
}

static void test_unknown_names(void **state) {
        struct policy *p = parse_ok("[user no-such-user-nsctl-test]\nmax-sets = 1\n"
                                    "[access]\ngroup = no-such-group-nsctl-test\n");
        struct caller c = { .uid = 1000, .gid = 1000 };
        char rule[64];

        assert_false(p->group_found);
        assert_false(p->sections[0].resolved);
        assert_true(policy_get_limit(p, &c, POLICY_MAX_SETS, rule, sizeof(rule)) == POLICY_UNLIMITED);
        policy_free(p);
}

static void test_errors(void **state) {
        parse_bad("max-sets = 1\n", "line 1: 'max-sets' before the first [section]");
        parse_bad("[defaults]\nmax-set = 1\n", "line 2: unknown setting 'max-set'");
        parse_bad("[defaults]\nmax-sets = -1\n", "not a number");
        parse_bad("[defaults]\nmax-sets = 1x\n", "not a number");
        parse_bad("[defaults]\nmax-sets = 99999999999\n", "not a number");
        parse_bad("[defaults]\nmax-sets =\n", "has no value");
        parse_bad("[defaults]\nmax-sets = 1\nmax-sets = 2\n", "line 3: 'max-sets' given twice");
        parse_bad("[defaults]\nhost-objects = maybe\n", "not yes or no");
        parse_bad("[defaults]\n[defaults]\n", "line 2: [defaults] given twice");
        parse_bad("[user 1]\n[user 1]\n", "[user 1] given twice (first on line 1)");
        parse_bad("[user]\n", "needs a user name");
        parse_bad("[group a/b]\n", "needs a group name");
        parse_bad("[users alice]\n", "unknown section [users]");
        parse_bad("[defaults\n", "alone on its line");
        parse_bad("[defaults] x\n", "alone on its line");
        parse_bad("[access]\nmax-sets = 1\n", "unknown setting 'max-sets' in [access]");
        parse_bad("[defaults]\ngroup = x\n", "unknown setting 'group' in [defaults]");
        parse_bad("[defaults]\njust words\n", "expected KEY = VALUE");
        parse_bad("[access] \ngroup = a b\n", "not a group name");
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_empty),
                cmocka_unit_test(test_full),
                cmocka_unit_test(test_unknown_names),
                cmocka_unit_test(test_errors),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
