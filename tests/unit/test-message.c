/* Unit tests for proto/varlink-message.c: call and reply decoding, builders
 * and parameter checking. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "varlink-message.h"

/* Parse a literal as a call and expect -EBADMSG with a reason, and the
 * output left empty. */
static void expect_bad_call(const char *buf, size_t len, const char *reason_part) {
        struct vl_call call;
        const char *reason = NULL;

        memset(&call, 0x5a, sizeof(call));
        assert_int_equal(vl_call_parse(buf, len, &call, &reason), -EBADMSG);
        assert_non_null(reason);
        assert_true(strlen(reason) > 0);
        if (reason_part && !strstr(reason, reason_part))
                fail_msg("reason \"%s\" does not contain \"%s\"", reason, reason_part);
        assert_null(call.root);
        assert_null(call.method);
        assert_null(call.parameters);
        assert_false(call.more);
        assert_false(call.oneway);
}
#define BAD_CALL(lit, part) expect_bad_call((lit), sizeof(lit) - 1, (part))

static void parse_ok(const char *text, struct vl_call *call) {
        const char *reason = NULL;
        int r = vl_call_parse(text, strlen(text), call, &reason);
        if (r != 0)
                fail_msg("vl_call_parse(%s) = %d (%s)", text, r, reason ? reason : "no reason");
        assert_non_null(call->root);
        assert_non_null(call->method);
        assert_non_null(call->parameters);
        assert_true(json_object_is_type(call->parameters, json_type_object));
}

static void test_call_valid(void **state) {
        struct vl_call call;
        json_object *v;

        parse_ok("{\"method\":\"io.nsctl.Namespace.Create\",\"parameters\":{\"name\":\"lab1\",\"types\":[\"net\"]}}",
                 &call);
        assert_string_equal(call.method, "io.nsctl.Namespace.Create");
        assert_false(call.more);
        assert_false(call.oneway);
        assert_int_equal(json_object_object_length(call.parameters), 2);
        assert_true(json_object_object_get_ex(call.parameters, "name", &v));
        assert_string_equal(json_object_get_string(v), "lab1");
        assert_true(json_object_object_get_ex(call.parameters, "types", &v));
        assert_true(json_object_is_type(v, json_type_array));
        vl_call_done(&call);
        assert_null(call.root);

        parse_ok("  {\"method\":\"a.b.C\",\"more\":true}\n\t ", &call);
        assert_string_equal(call.method, "a.b.C");
        assert_true(call.more);
        assert_false(call.oneway);
        vl_call_done(&call);

        parse_ok("{\"oneway\":true,\"method\":\"a.b.C\",\"more\":false}", &call);
        assert_true(call.oneway);
        assert_false(call.more);
        vl_call_done(&call);

        parse_ok("{\"method\":\"a.b.C\",\"more\":null,\"oneway\":null}", &call);
        assert_false(call.oneway);
        assert_false(call.more);
        vl_call_done(&call);

        /* Non-ASCII, valid UTF-8 is fine at this level. */
        parse_ok("{\"method\":\"a.b.C\",\"parameters\":{\"name\":\"caf\xc3\xa9\"}}", &call);
        assert_true(json_object_object_get_ex(call.parameters, "name", &v));
        assert_string_equal(json_object_get_string(v), "caf\xc3\xa9");
        vl_call_done(&call);
}

static void test_call_parameters_absent_or_null(void **state) {
        struct vl_call call;

        parse_ok("{\"method\":\"io.nsctl.Namespace.List\"}", &call);
        assert_int_equal(json_object_object_length(call.parameters), 0);
        vl_call_done(&call);

        parse_ok("{\"method\":\"io.nsctl.Namespace.List\",\"parameters\":null}", &call);
        assert_int_equal(json_object_object_length(call.parameters), 0);
        vl_call_done(&call);

        parse_ok("{\"method\":\"io.nsctl.Namespace.List\",\"parameters\":{}}", &call);
        assert_int_equal(json_object_object_length(call.parameters), 0);
        vl_call_done(&call);
}

static void test_call_missing_method(void **state) {
        BAD_CALL("{}", "method");
        BAD_CALL("{\"parameters\":{}}", "method");
        BAD_CALL("{\"method\":\"\"}", "method");
        BAD_CALL("{\"method\":null}", "method");
}

static void test_call_method_not_string(void **state) {
        BAD_CALL("{\"method\":1}", "method");
        BAD_CALL("{\"method\":true}", "method");
        BAD_CALL("{\"method\":[\"a.b.C\"]}", "method");
        BAD_CALL("{\"method\":{\"a\":\"b\"}}", "method");
        /* Embedded NUL: the C string would say "a.b.C". */
        BAD_CALL("{\"method\":\"a.b.C\\u0000x\"}", "method");
}

static void test_call_parameters_not_object(void **state) {
        BAD_CALL("{\"method\":\"a.b.C\",\"parameters\":[]}", "parameters");
        BAD_CALL("{\"method\":\"a.b.C\",\"parameters\":\"x\"}", "parameters");
        BAD_CALL("{\"method\":\"a.b.C\",\"parameters\":1}", "parameters");
        BAD_CALL("{\"method\":\"a.b.C\",\"parameters\":false}", "parameters");
}

static void test_call_flags_not_boolean(void **state) {
        BAD_CALL("{\"method\":\"a.b.C\",\"more\":1}", "boolean");
        BAD_CALL("{\"method\":\"a.b.C\",\"more\":\"true\"}", "boolean");
        BAD_CALL("{\"method\":\"a.b.C\",\"oneway\":0}", "boolean");
        BAD_CALL("{\"method\":\"a.b.C\",\"oneway\":{}}", "boolean");
        BAD_CALL("{\"method\":\"a.b.C\",\"more\":true,\"oneway\":true}", NULL);
        BAD_CALL("{\"method\":\"a.b.C\",\"upgrade\":true}", NULL);
}

static void test_call_unknown_key(void **state) {
        BAD_CALL("{\"method\":\"a.b.C\",\"params\":{}}", "unknown");
        BAD_CALL("{\"method\":\"a.b.C\",\"error\":\"x\"}", "unknown");
}

static void test_call_invalid_json(void **state) {
        BAD_CALL("", NULL);
        BAD_CALL("{", NULL);
        BAD_CALL("{\"method\":\"a.b.C\"", NULL);
        BAD_CALL("{\"method\":'a.b.C'}", NULL);
        BAD_CALL("{method:\"a.b.C\"}", NULL);
        BAD_CALL("{\"method\":\"a.b.C\",}", NULL);
        BAD_CALL("not json", NULL);
}

static void test_call_invalid_utf8(void **state) {
        BAD_CALL("{\"method\":\"a.b.C\",\"parameters\":{\"name\":\"\xff\xfe\"}}", NULL);
        BAD_CALL("{\"method\":\"a.b.\xc3\"}", NULL);
        BAD_CALL("{\"method\":\"a.b.C\",\"parameters\":{\"\xe9t\xe9\":1}}", NULL);
        /* Sequences of the right length that are still not UTF-8: an
         * overlong '/', a surrogate, above U+10FFFF, an overlong 3-byte
         * form. */
        BAD_CALL("{\"method\":\"a.b.C\",\"parameters\":{\"name\":\"\xc0\xaf\"}}", "UTF-8");
        BAD_CALL("{\"method\":\"a.b.C\",\"parameters\":{\"name\":\"\xed\xa0\x80\"}}", "UTF-8");
        BAD_CALL("{\"method\":\"a.b.C\",\"parameters\":{\"name\":\"\xf4\x90\x80\x80\"}}", "UTF-8");
        BAD_CALL("{\"method\":\"a.b.C\",\"parameters\":{\"name\":\"\xe0\x80\xaf\"}}", "UTF-8");
        BAD_CALL("{\"method\":\"a.b.C\",\"parameters\":{\"name\":\"\xf0\x8f\xbf\xbf\"}}", "UTF-8");
}

/* A member named twice, or a name cut short at an escaped NUL, would mean
 * one thing to json-c and another to a different reader. */
static void test_call_ambiguous_members(void **state) {
        BAD_CALL("{\"method\":\"a.b.C\",\"parameters\":{\"name\":\"a\",\"name\":\"../b\"}}", "duplicate");
        BAD_CALL("{\"method\":\"a.b.C\",\"method\":\"a.b.D\"}", "duplicate");
        BAD_CALL("{\"method\":\"a.b.C\",\"parameters\":{\"x\":[{\"a\":1,\"a\":2}]}}", "duplicate");
        BAD_CALL("{\"method\":\"a.b.C\",\"parameters\":{\"name\\u0000x\":\"a\"}}", "NUL");
        BAD_CALL("{\"method\":\"a.b.C\",\"parameters\":{\"name\":\"a\",\"name\\u0000\" :\"b\"}}", NULL);

        /* Not ambiguous: the same name in different objects, ':' and an
         * escaped NUL inside string values, a key with an escaped backslash
         * before u0000. */
        struct vl_call call;
        parse_ok("{\"method\":\"a.b.C\",\"parameters\":{\"a\":{\"a\":{\"a\":1}},\"b\":[{\"a\":1},{\"a\":2}]}}", &call);
        vl_call_done(&call);
        parse_ok("{\"method\":\"a.b.C\",\"parameters\":{\"s\":\"x:y\\u0000:\\\"z:\",\"t\\\\u0000\":1}}", &call);
        vl_call_done(&call);
}

static void test_call_valid_utf8(void **state) {
        struct vl_call call;
        const char *reason = NULL;
        /* U+00E9, U+D7FF, U+E000, U+FFFD, U+10000, U+10FFFF. */
        static const char text[] = "{\"method\":\"a.b.C\",\"parameters\":{\"s\":"
                                   "\"\xc3\xa9\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbd\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"}}";

        assert_int_equal(vl_call_parse(text, sizeof(text) - 1, &call, &reason), 0);
        vl_call_done(&call);
}

static void test_call_trailing_garbage(void **state) {
        BAD_CALL("{\"method\":\"a.b.C\"} x", NULL);
        BAD_CALL("{\"method\":\"a.b.C\"}{\"method\":\"a.b.C\"}", NULL);
        BAD_CALL("{\"method\":\"a.b.C\"}}", NULL);
        BAD_CALL("{\"method\":\"a.b.C\"}\n[]", NULL);
        BAD_CALL("{\"method\":\"a.b.C\"}\0x", "trailing");
}

static void test_call_deep_nesting(void **state) {
        const size_t depth = 10000;
        size_t len = 2 * depth + 64, n = 0;
        char *buf = malloc(len);
        struct vl_call call;
        const char *reason = NULL;

        assert_non_null(buf);
        n += (size_t)sprintf(buf, "{\"method\":\"a.b.C\",\"parameters\":{\"x\":");
        for (size_t i = 0; i < depth; i++)
                buf[n++] = '[';
        for (size_t i = 0; i < depth; i++)
                buf[n++] = ']';
        buf[n++] = '}';
        buf[n++] = '}';
        assert_true(n <= len);

        assert_int_equal(vl_call_parse(buf, n, &call, &reason), -EBADMSG);
        assert_non_null(reason);
        if (!strstr(reason, "deep"))
                fail_msg("reason for 10000-deep nesting is \"%s\", expected it to say nesting is too deep", reason);
        assert_null(call.root);

        /* Nesting within the limit is fine. */
        n = (size_t)sprintf(buf, "{\"method\":\"a.b.C\",\"parameters\":{\"x\":");
        for (size_t i = 0; i < 10; i++)
                buf[n++] = '[';
        for (size_t i = 0; i < 10; i++)
                buf[n++] = ']';
        buf[n++] = '}';
        buf[n++] = '}';
        assert_int_equal(vl_call_parse(buf, n, &call, &reason), 0);
        vl_call_done(&call);
        free(buf);
}

static void test_call_not_object(void **state) {
        BAD_CALL("[]", "object");
        BAD_CALL("[{\"method\":\"a.b.C\"}]", "object");
        BAD_CALL("\"a.b.C\"", "object");
        BAD_CALL("42", NULL);
        BAD_CALL("null", NULL);
        BAD_CALL("true", NULL);
        BAD_CALL("42 ", NULL);
}

static void test_reply_parse(void **state) {
        struct vl_reply reply;
        const char *reason = NULL;
        json_object *v;
        static const char ok[] = "{\"parameters\":{\"namespaces\":[]}}";
        static const char err[] = "{\"error\":\"io.nsctl.Namespace.NotFound\",\"parameters\":{\"name\":\"x\"}}";
        static const char cont[] = "{\"parameters\":{\"a\":1},\"continues\":true}";
        static const char bare[] = "{}";

        assert_int_equal(vl_reply_parse(ok, sizeof(ok) - 1, &reply, &reason), 0);
        assert_null(reply.error);
        assert_false(reply.continues);
        assert_true(json_object_object_get_ex(reply.parameters, "namespaces", &v));
        assert_true(json_object_is_type(v, json_type_array));
        vl_reply_done(&reply);
        assert_null(reply.root);

        assert_int_equal(vl_reply_parse(err, sizeof(err) - 1, &reply, &reason), 0);
        assert_non_null(reply.error);
        assert_string_equal(reply.error, "io.nsctl.Namespace.NotFound");
        assert_true(json_object_object_get_ex(reply.parameters, "name", &v));
        assert_string_equal(json_object_get_string(v), "x");
        vl_reply_done(&reply);

        assert_int_equal(vl_reply_parse(cont, sizeof(cont) - 1, &reply, &reason), 0);
        assert_true(reply.continues);
        vl_reply_done(&reply);

        assert_int_equal(vl_reply_parse(bare, sizeof(bare) - 1, &reply, &reason), 0);
        assert_null(reply.error);
        assert_non_null(reply.parameters);
        assert_true(json_object_is_type(reply.parameters, json_type_object));
        assert_int_equal(json_object_object_length(reply.parameters), 0);
        vl_reply_done(&reply);
}

static void expect_bad_reply(const char *buf) {
        struct vl_reply reply;
        const char *reason = NULL;

        assert_int_equal(vl_reply_parse(buf, strlen(buf), &reply, &reason), -EBADMSG);
        assert_non_null(reason);
        assert_null(reply.root);
        assert_null(reply.error);
        assert_null(reply.parameters);
}

static void test_reply_parse_bad(void **state) {
        expect_bad_reply("{\"error\":1}");
        expect_bad_reply("{\"parameters\":[]}");
        expect_bad_reply("{\"parameters\":{},\"continues\":\"yes\"}");
        expect_bad_reply("[]");
        expect_bad_reply("{\"parameters\":{}");
        expect_bad_reply("{\"parameters\":{}} {}");
        expect_bad_reply("{\"error\":\"a.b.\xff\"}");
}

/* Text of a built message must be parseable and carry no byte that could be
 * taken for a terminator. */
static const char *wire_text(json_object *o, size_t *len) {
        const char *t = vl_message_text(o, len);
        assert_non_null(t);
        assert_int_equal(strlen(t), *len);
        assert_null(memchr(t, '\n', *len));
        return t;
}

static void test_build_call_round_trip(void **state) {
        json_object *params = json_object_new_object(), *o, *v;
        struct vl_call call;
        const char *reason = NULL, *text;
        size_t len;

        json_object_object_add(params, "name", json_object_new_string("lab1"));
        json_object_object_add(params, "note", json_object_new_string("line1\nline2/\"q\""));
        o = vl_call_new("io.nsctl.Namespace.Create", params, true, false);
        assert_non_null(o);
        text = wire_text(o, &len);
        /* NOSLASHESCAPE: a path is sent as it is. */
        assert_non_null(strstr(text, "line2/"));

        assert_int_equal(vl_call_parse(text, len, &call, &reason), 0);
        assert_string_equal(call.method, "io.nsctl.Namespace.Create");
        assert_true(call.more);
        assert_false(call.oneway);
        assert_true(json_object_object_get_ex(call.parameters, "name", &v));
        assert_string_equal(json_object_get_string(v), "lab1");
        assert_true(json_object_object_get_ex(call.parameters, "note", &v));
        assert_string_equal(json_object_get_string(v), "line1\nline2/\"q\"");
        vl_call_done(&call);
        json_object_put(o);

        o = vl_call_new("io.nsctl.Namespace.List", NULL, false, true);
        text = wire_text(o, &len);
        assert_int_equal(vl_call_parse(text, len, &call, &reason), 0);
        assert_string_equal(call.method, "io.nsctl.Namespace.List");
        assert_false(call.more);
        assert_true(call.oneway);
        assert_int_equal(json_object_object_length(call.parameters), 0);
        vl_call_done(&call);
        json_object_put(o);
}

static void test_build_reply_round_trip(void **state) {
        json_object *params = json_object_new_object(), *o, *v;
        struct vl_reply reply;
        const char *reason = NULL, *text;
        size_t len;

        json_object_object_add(params, "path", json_object_new_string("/run/netns/lab1"));
        json_object_object_add(params, "inode", json_object_new_int64(4026532000LL));
        o = vl_reply_new(params, true);
        text = wire_text(o, &len);
        assert_non_null(strstr(text, "\"/run/netns/lab1\""));
        assert_int_equal(vl_reply_parse(text, len, &reply, &reason), 0);
        assert_null(reply.error);
        assert_true(reply.continues);
        assert_true(json_object_object_get_ex(reply.parameters, "inode", &v));
        assert_true(json_object_is_type(v, json_type_int));
        assert_int_equal(json_object_get_int64(v), 4026532000LL);
        vl_reply_done(&reply);
        json_object_put(o);

        o = vl_reply_new(NULL, false);
        text = wire_text(o, &len);
        assert_int_equal(vl_reply_parse(text, len, &reply, &reason), 0);
        assert_false(reply.continues);
        assert_null(reply.error);
        assert_int_equal(json_object_object_length(reply.parameters), 0);
        vl_reply_done(&reply);
        json_object_put(o);

        params = json_object_new_object();
        json_object_object_add(params, "name", json_object_new_string("lab\xc3\xa9"));
        o = vl_error_new("io.nsctl.Namespace.NotFound", params);
        text = wire_text(o, &len);
        assert_int_equal(vl_reply_parse(text, len, &reply, &reason), 0);
        assert_non_null(reply.error);
        assert_string_equal(reply.error, "io.nsctl.Namespace.NotFound");
        assert_false(reply.continues);
        assert_true(json_object_object_get_ex(reply.parameters, "name", &v));
        assert_string_equal(json_object_get_string(v), "lab\xc3\xa9");
        vl_reply_done(&reply);
        json_object_put(o);

        o = vl_error_new("org.varlink.service.PermissionDenied", NULL);
        text = wire_text(o, &len);
        assert_int_equal(vl_reply_parse(text, len, &reply, &reason), 0);
        assert_string_equal(reply.error, "org.varlink.service.PermissionDenied");
        assert_int_equal(json_object_object_length(reply.parameters), 0);
        vl_reply_done(&reply);
        json_object_put(o);
}

static const struct vl_field create_fields[] = {
        { "name", json_type_string, true },
        { "types", json_type_array, false },
        { "count", json_type_int, false },
        { NULL, 0, false },
};

static json_object *params_of(const char *text) {
        json_object *o = NULL;
        const char *reason = NULL;
        int r = vl_json_parse_object(text, strlen(text), &o, &reason);
        if (r != 0)
                fail_msg("vl_json_parse_object(%s) = %d (%s)", text, r, reason ? reason : "no reason");
        return o;
}

static void check_params(const char *text, int expected, const char *expected_bad) {
        json_object *p = params_of(text);
        const char *bad = NULL;
        int r = vl_params_check(p, create_fields, &bad);

        if (r != expected)
                fail_msg("vl_params_check(%s) = %d, expected %d", text, r, expected);
        if (expected_bad) {
                if (!bad || strcmp(bad, expected_bad) != 0)
                        fail_msg("vl_params_check(%s) named \"%s\", expected \"%s\"", text, bad ? bad : "(null)",
                                 expected_bad);
        }
        json_object_put(p);
}

static void test_params_check(void **state) {
        check_params("{\"name\":\"lab1\"}", 0, NULL);
        check_params("{\"name\":\"lab1\",\"types\":[\"net\"],\"count\":3}", 0, NULL);
        check_params("{\"name\":\"lab1\",\"types\":null}", 0, NULL);

        /* Unknown field. */
        check_params("{\"name\":\"lab1\",\"bogus\":1}", -EINVAL, "bogus");
        check_params("{\"nmae\":\"lab1\"}", -EINVAL, "nmae");

        /* Missing required. */
        check_params("{}", -EINVAL, "name");
        check_params("{\"types\":[]}", -EINVAL, "name");
        check_params("{\"name\":null}", -EINVAL, "name");

        /* Wrong type. */
        check_params("{\"name\":5}", -EINVAL, "name");
        check_params("{\"name\":[\"lab1\"]}", -EINVAL, "name");
        check_params("{\"name\":true}", -EINVAL, "name");
        check_params("{\"name\":\"lab1\",\"types\":\"net\"}", -EINVAL, "types");
        check_params("{\"name\":\"lab1\",\"types\":{}}", -EINVAL, "types");
        check_params("{\"name\":\"lab1\",\"count\":\"3\"}", -EINVAL, "count");
        check_params("{\"name\":\"lab1\",\"count\":1.5}", -EINVAL, "count");

        /* A string with an embedded NUL. */
        check_params("{\"name\":\"lab\\u0000../../x\"}", -EINVAL, "name");
        /* ... also in an array of strings. */
        check_params("{\"name\":\"lab1\",\"types\":[\"net\",\"net\\u0000x\"]}", -EINVAL, "types");
        check_params("{\"name\":\"lab1\",\"types\":[\"net\",1,{\"a\":\"\\u0000\"}]}", 0, NULL);
}

static void test_params_string(void **state) {
        json_object *p = params_of("{\"name\":\"lab1\",\"n\":1,\"evil\":\"a\\u0000b\",\"empty\":\"\"}");

        assert_non_null(vl_params_string(p, "name"));
        assert_string_equal(vl_params_string(p, "name"), "lab1");
        assert_non_null(vl_params_string(p, "empty"));
        assert_string_equal(vl_params_string(p, "empty"), "");
        assert_null(vl_params_string(p, "n"));
        assert_null(vl_params_string(p, "missing"));
        assert_null(vl_params_string(p, "evil"));
        json_object_put(p);
}

static void test_json_parse_object(void **state) {
        json_object *o = (json_object *)0x1;
        const char *reason = NULL;

        assert_int_equal(vl_json_parse_object("{\"a\":1} \r\n\t", 11, &o, &reason), 0);
        assert_non_null(o);
        json_object_put(o);

        o = (json_object *)0x1;
        assert_int_equal(vl_json_parse_object("[1]", 3, &o, &reason), -EBADMSG);
        assert_null(o);

        /* The length given is what counts, not a NUL in the buffer. */
        o = (json_object *)0x1;
        assert_int_equal(vl_json_parse_object("{\"a\":1}", 4, &o, &reason), -EBADMSG);
        assert_null(o);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_call_valid),
                cmocka_unit_test(test_call_parameters_absent_or_null),
                cmocka_unit_test(test_call_missing_method),
                cmocka_unit_test(test_call_method_not_string),
                cmocka_unit_test(test_call_parameters_not_object),
                cmocka_unit_test(test_call_flags_not_boolean),
                cmocka_unit_test(test_call_unknown_key),
                cmocka_unit_test(test_call_invalid_json),
                cmocka_unit_test(test_call_invalid_utf8),
                cmocka_unit_test(test_call_valid_utf8),
                cmocka_unit_test(test_call_ambiguous_members),
                cmocka_unit_test(test_call_trailing_garbage),
                cmocka_unit_test(test_call_deep_nesting),
                cmocka_unit_test(test_call_not_object),
                cmocka_unit_test(test_reply_parse),
                cmocka_unit_test(test_reply_parse_bad),
                cmocka_unit_test(test_build_call_round_trip),
                cmocka_unit_test(test_build_reply_round_trip),
                cmocka_unit_test(test_params_check),
                cmocka_unit_test(test_params_string),
                cmocka_unit_test(test_json_parse_object),
        };

        return cmocka_run_group_tests_name("varlink-message", tests, NULL, NULL);
}
