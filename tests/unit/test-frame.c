/* Unit tests for proto/varlink-frame.c: the incremental message scanner. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "varlink-frame.h"

#define BIG_MAX 4096

/* Feed a literal (terminator included in the literal as "\0" or "\n"). */
static ssize_t feed_lit(struct vl_scanner *s, const char *buf, size_t len) {
        return vl_scanner_feed(s, buf, len);
}
#define FEED(s, lit) feed_lit((s), (lit), sizeof(lit) - 1)

static void test_nul_mode(void **state) {
        struct vl_scanner s;
        static const char msg[] = "{\"method\":\"io.nsctl.Namespace.List\"}";

        vl_scanner_init(&s, BIG_MAX);
        assert_int_equal(s.mode, VL_FRAME_UNKNOWN);
        /* sizeof includes the literal's own NUL, which is the terminator. */
        assert_int_equal(vl_scanner_feed(&s, msg, sizeof(msg)), (ssize_t)sizeof(msg));
        assert_int_equal(s.mode, VL_FRAME_NUL);
        assert_int_equal(vl_frame_terminator(s.mode), '\0');

        /* Later messages on the connection: a newline (even after the object
         * has closed) is just whitespace, only NUL ends a message. */
        assert_int_equal(FEED(&s, "{\"a\":1}\n"), 0);
        assert_int_equal(FEED(&s, "\0"), (ssize_t)sizeof("{\"a\":1}\n"));
        assert_int_equal(s.mode, VL_FRAME_NUL);
}

static void test_newline_mode(void **state) {
        struct vl_scanner s;

        vl_scanner_init(&s, BIG_MAX);
        assert_int_equal(FEED(&s, "{\"method\":\"io.nsctl.Namespace.List\"}\n"),
                         (ssize_t)sizeof("{\"method\":\"io.nsctl.Namespace.List\"}\n") - 1);
        assert_int_equal(s.mode, VL_FRAME_NEWLINE);
        assert_int_equal(vl_frame_terminator(s.mode), '\n');

        /* The second message is ended by a newline too. */
        assert_int_equal(FEED(&s, "{\"method\":\"a.b.C\"}"), 0);
        assert_int_equal(FEED(&s, "\n"), (ssize_t)sizeof("{\"method\":\"a.b.C\"}"));
        assert_int_equal(s.mode, VL_FRAME_NEWLINE);
}

static void test_pretty_printed_nul_message(void **state) {
        struct vl_scanner s;
        static const char msg[] = "{\n  \"method\": \"io.nsctl.Namespace.Show\",\n  \"parameters\": {\n"
                                  "    \"name\": \"lab1\"\n  }\n}";

        vl_scanner_init(&s, BIG_MAX);
        /* Everything up to the closing brace: the inner newlines are
         * whitespace, no message ends and the mode stays undecided. */
        assert_int_equal(vl_scanner_feed(&s, msg, sizeof(msg) - 1), 0);
        assert_int_equal(s.mode, VL_FRAME_UNKNOWN);
        assert_int_equal(FEED(&s, "\0"), (ssize_t)sizeof(msg));
        assert_int_equal(s.mode, VL_FRAME_NUL);
}

static void test_pretty_printed_whole(void **state) {
        struct vl_scanner s;
        static const char msg[] = "{\n \"method\":\n  \"x.y.Z\",\n \"parameters\": {\"a\": [\n1,\n2\n]}\n}";

        vl_scanner_init(&s, BIG_MAX);
        assert_int_equal(vl_scanner_feed(&s, msg, sizeof(msg)), (ssize_t)sizeof(msg));
        assert_int_equal(s.mode, VL_FRAME_NUL);
}

static void test_leading_newline_is_whitespace(void **state) {
        struct vl_scanner s;
        static const char msg[] = "\n\n{\"method\":\"x.y.Z\"}";

        vl_scanner_init(&s, BIG_MAX);
        assert_int_equal(vl_scanner_feed(&s, msg, sizeof(msg)), (ssize_t)sizeof(msg));
        assert_int_equal(s.mode, VL_FRAME_NUL);
}

static void test_newline_in_string(void **state) {
        struct vl_scanner s;
        /* Without string tracking the '}' inside the string would close the
         * object and the newline after it would end the message. */
        static const char msg1[] = "{\"a\":\"}\n\"}";
        /* An escaped quote does not end the string. */
        static const char msg2[] = "{\"a\":\"\\\"}\n\"}";

        vl_scanner_init(&s, BIG_MAX);
        assert_int_equal(vl_scanner_feed(&s, msg1, sizeof(msg1)), (ssize_t)sizeof(msg1));
        assert_int_equal(s.mode, VL_FRAME_NUL);

        vl_scanner_init(&s, BIG_MAX);
        assert_int_equal(vl_scanner_feed(&s, msg2, sizeof(msg2)), (ssize_t)sizeof(msg2));
        assert_int_equal(s.mode, VL_FRAME_NUL);
}

static void test_escaped_backslash_ends_string(void **state) {
        struct vl_scanner s;
        /* "\\" is one backslash: the following quote does end the string,
         * so the newline after the object ends the message. */
        static const char msg[] = "{\"a\":\"\\\\\"}\n{\"b\":2}\n";

        vl_scanner_init(&s, BIG_MAX);
        assert_int_equal(vl_scanner_feed(&s, msg, sizeof(msg) - 1), (ssize_t)strlen("{\"a\":\"\\\\\"}\n"));
        assert_int_equal(s.mode, VL_FRAME_NEWLINE);
}

static void test_brackets_in_string_do_not_count(void **state) {
        struct vl_scanner s;
        /* Braces in strings would unbalance a naive counter: "{{" leaves
         * the depth at 3 so the newline would not end the message. */
        static const char msg[] = "{\"a\":\"{{\"}\n";

        vl_scanner_init(&s, BIG_MAX);
        assert_int_equal(vl_scanner_feed(&s, msg, sizeof(msg) - 1), (ssize_t)sizeof(msg) - 1);
        assert_int_equal(s.mode, VL_FRAME_NEWLINE);
}

static void test_pipelined(void **state) {
        struct vl_scanner s;
        static const char stream[] = "{\"method\":\"a.b.C\"}\0{\"method\":\"a.b.D\",\"parameters\":{}}";
        size_t first = strlen(stream) + 1;
        size_t second = sizeof(stream) - first;

        vl_scanner_init(&s, BIG_MAX);
        assert_int_equal(vl_scanner_feed(&s, stream, sizeof(stream)), (ssize_t)first);
        /* The caller feeds what followed the first terminator again. */
        assert_int_equal(vl_scanner_feed(&s, stream + first, sizeof(stream) - first), (ssize_t)second);
        assert_int_equal(s.mode, VL_FRAME_NUL);
}

static void test_pipelined_newline(void **state) {
        struct vl_scanner s;
        static const char stream[] = "{\"method\":\"a.b.C\"}\n{\"method\":\"a.b.D\"}\n";
        size_t first = strlen("{\"method\":\"a.b.C\"}\n");

        vl_scanner_init(&s, BIG_MAX);
        assert_int_equal(vl_scanner_feed(&s, stream, sizeof(stream) - 1), (ssize_t)first);
        assert_int_equal(vl_scanner_feed(&s, stream + first, sizeof(stream) - 1 - first),
                         (ssize_t)(sizeof(stream) - 1 - first));
}

/* Run the scanner over STREAM the way a connection does, with the bytes
 * arriving CHUNK at a time, and record where each message ends (offset just
 * after its terminator).  Returns the number of messages, or a negative errno. */
static int scan_in_chunks(const char *stream, size_t len, size_t chunk, size_t max, size_t *ends, int n_ends) {
        struct vl_scanner s;
        size_t arrived = 0, start = 0, fed = 0;
        int n = 0;

        vl_scanner_init(&s, max);
        while (arrived < len) {
                arrived += chunk;
                if (arrived > len)
                        arrived = len;
                while (fed < arrived) {
                        ssize_t r = vl_scanner_feed(&s, stream + fed, arrived - fed);
                        if (r < 0)
                                return (int)r;
                        if (r == 0) {
                                fed = arrived;
                                break;
                        }
                        if (n == n_ends)
                                return -ENOBUFS;
                        start += (size_t)r;
                        ends[n++] = start;
                        fed = start;
                }
        }
        return n;
}

struct stream {
        char *buf;
        size_t len;
        size_t ends[8];
        int n;
};

static void stream_add(struct stream *st, const char *json, char term) {
        size_t l = strlen(json);
        st->buf = realloc(st->buf, st->len + l + 1);
        assert_non_null(st->buf);
        memcpy(st->buf + st->len, json, l);
        st->buf[st->len + l] = term;
        st->len += l + 1;
        st->ends[st->n++] = st->len;
}

static void build_stream(struct stream *st, char term) {
        char big[700];

        memset(st, 0, sizeof(*st));
        /* Sizes chosen to straddle 143-byte boundaries in different places. */
        snprintf(big, sizeof(big), "{\"method\":\"io.nsctl.Namespace.Create\",\"parameters\":{\"name\":\"%0400d\"}}", 7);
        stream_add(st, "{\"method\":\"io.nsctl.Namespace.List\"}", term);
        stream_add(st, big, term);
        stream_add(st, "{\"method\":\"x.y.Z\",\"parameters\":{\"s\":\"}{][ \\\" \\\\\"}}", term);
        stream_add(st, "{}", term);
        if (term == '\0')
                stream_add(st, "{\n \"method\": \"a.b.C\",\n \"parameters\": {\n  \"n\": 1\n }\n}", term);
        else
                stream_add(st, "{ \"method\": \"a.b.C\", \"parameters\": { \"n\": 1 } }", term);
        stream_add(st, big, term);
}

static void check_chunked(char term) {
        struct stream st;
        size_t ends_1[8], ends_143[8], ends_all[8];
        int n;

        build_stream(&st, term);

        n = scan_in_chunks(st.buf, st.len, st.len, BIG_MAX, ends_all, 8);
        assert_int_equal(n, st.n);
        assert_memory_equal(ends_all, st.ends, sizeof(size_t) * (size_t)st.n);

        n = scan_in_chunks(st.buf, st.len, 1, BIG_MAX, ends_1, 8);
        assert_int_equal(n, st.n);
        assert_memory_equal(ends_1, st.ends, sizeof(size_t) * (size_t)st.n);

        n = scan_in_chunks(st.buf, st.len, 143, BIG_MAX, ends_143, 8);
        assert_int_equal(n, st.n);
        assert_memory_equal(ends_143, st.ends, sizeof(size_t) * (size_t)st.n);

        free(st.buf);
}

static void test_chunked_nul(void **state) {
        check_chunked('\0');
}

static void test_chunked_newline(void **state) {
        check_chunked('\n');
}

static void test_exact_max_accepted(void **state) {
        struct vl_scanner s;
        static const char msg[] = "{\"a\":\"0123456789\"}"; /* 18 bytes */

        vl_scanner_init(&s, 18);
        assert_int_equal(vl_scanner_feed(&s, msg, sizeof(msg)), 19);

        /* Also in a known mode, and byte by byte. */
        for (size_t i = 0; i < sizeof(msg) - 1; i++)
                assert_int_equal(vl_scanner_feed(&s, msg + i, 1), 0);
        assert_int_equal(vl_scanner_feed(&s, "\0", 1), 19);
}

static void test_oversize_with_terminator(void **state) {
        struct vl_scanner s;
        static const char msg[] = "{\"a\":\"0123456789\"}"; /* 18 bytes */

        vl_scanner_init(&s, 17);
        assert_int_equal(vl_scanner_feed(&s, msg, sizeof(msg)), -EMSGSIZE);

        vl_scanner_init(&s, 17);
        assert_int_equal(vl_scanner_feed(&s, "{\"a\":\"0123456789\"}\n", 19), -EMSGSIZE);

        /* Second message on a NUL connection. */
        vl_scanner_init(&s, 17);
        assert_int_equal(FEED(&s, "{}\0"), 3);
        assert_int_equal(vl_scanner_feed(&s, msg, sizeof(msg)), -EMSGSIZE);

        /* Second message on a newline connection. */
        vl_scanner_init(&s, 17);
        assert_int_equal(FEED(&s, "{}\n"), 3);
        assert_int_equal(vl_scanner_feed(&s, "{\"a\":\"0123456789\"}\n", 19), -EMSGSIZE);
}

static void test_oversize_without_terminator(void **state) {
        struct vl_scanner s;
        char big[100];
        ssize_t r = 0;
        size_t i;

        memset(big, 'x', sizeof(big));
        big[0] = '{';

        /* In one piece, mode unknown: refused although no terminator came. */
        vl_scanner_init(&s, 64);
        assert_int_equal(vl_scanner_feed(&s, big, sizeof(big)), -EMSGSIZE);

        /* Byte by byte: accepted (0) up to max bytes, refused at max + 1. */
        vl_scanner_init(&s, 64);
        for (i = 0; i < sizeof(big); i++) {
                r = vl_scanner_feed(&s, big + i, 1);
                if (r != 0)
                        break;
        }
        assert_int_equal(r, -EMSGSIZE);
        assert_int_equal(i, 64);

        /* Known mode: after one NUL-terminated message. */
        vl_scanner_init(&s, 64);
        assert_int_equal(FEED(&s, "{}\0"), 3);
        assert_int_equal(vl_scanner_feed(&s, big, 64), 0);
        assert_int_equal(vl_scanner_feed(&s, big, 1), -EMSGSIZE);

        vl_scanner_init(&s, 64);
        assert_int_equal(FEED(&s, "{}\0"), 3);
        assert_int_equal(vl_scanner_feed(&s, big, sizeof(big)), -EMSGSIZE);

        /* Known newline mode. */
        vl_scanner_init(&s, 64);
        assert_int_equal(FEED(&s, "{}\n"), 3);
        assert_int_equal(vl_scanner_feed(&s, big, sizeof(big)), -EMSGSIZE);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_nul_mode),
                cmocka_unit_test(test_newline_mode),
                cmocka_unit_test(test_pretty_printed_nul_message),
                cmocka_unit_test(test_pretty_printed_whole),
                cmocka_unit_test(test_leading_newline_is_whitespace),
                cmocka_unit_test(test_newline_in_string),
                cmocka_unit_test(test_escaped_backslash_ends_string),
                cmocka_unit_test(test_brackets_in_string_do_not_count),
                cmocka_unit_test(test_pipelined),
                cmocka_unit_test(test_pipelined_newline),
                cmocka_unit_test(test_chunked_nul),
                cmocka_unit_test(test_chunked_newline),
                cmocka_unit_test(test_exact_max_accepted),
                cmocka_unit_test(test_oversize_with_terminator),
                cmocka_unit_test(test_oversize_without_terminator),
        };

        return cmocka_run_group_tests_name("varlink-frame", tests, NULL, NULL);
}
