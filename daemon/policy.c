#include "policy.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* Counts are bounded so that no sum can overflow. */
#define LIMIT_MAX 1000000000LL
#define LINE_MAX_LEN 1024
#define MAX_SECTIONS 4096

static const char *const limit_names[POLICY_N_LIMITS] = {
        [POLICY_MAX_SETS] = "max-sets",
        [POLICY_MAX_LINKS] = "max-links",
};

const char *policy_limit_name(enum policy_limit which) {
        return limit_names[which];
}

static void settings_unset(struct policy_settings *s) {
        for (int i = 0; i < POLICY_N_LIMITS; i++)
                s->limit[i] = POLICY_UNSET;
        s->host_objects = -1;
}

/* A number, as uid_t or gid_t take it ((unsigned)-1 is no id). */
static bool parse_id(const char *s, unsigned *ret) {
        char *end;

        if (!isdigit((unsigned char)s[0]))
                return false;
        errno = 0;
        unsigned long long v = strtoull(s, &end, 10);
        if (errno || *end || v >= UINT32_MAX)
                return false;
        *ret = (unsigned)v;
        return true;
}

/* Names are looked up once, when the policy is made, so that no decision
 * waits for the user database. */
static bool resolve_group(const char *name, gid_t *ret) {
        struct group *g;
        unsigned id;

        errno = 0;
        g = getgrnam(name);
        if (g) {
                *ret = g->gr_gid;
                return true;
        }
        if (parse_id(name, &id)) {
                *ret = id;
                return true;
        }
        return false;
}

static bool resolve_user(const char *name, uid_t *ret) {
        struct passwd *pw;
        unsigned id;

        errno = 0;
        pw = getpwnam(name);
        if (pw) {
                *ret = pw->pw_uid;
                return true;
        }
        if (parse_id(name, &id)) {
                *ret = id;
                return true;
        }
        return false;
}

static struct policy *policy_alloc(void) {
        struct policy *p = calloc(1, sizeof(*p));

        if (!p)
                return NULL;
        settings_unset(&p->defaults);
        p->group_name = strdup(POLICY_DEFAULT_GROUP);
        if (!p->group_name) {
                free(p);
                return NULL;
        }
        return p;
}

int policy_new_default(struct policy **ret) {
        struct policy *p = policy_alloc();

        if (!p)
                return -ENOMEM;
        p->group_found = resolve_group(p->group_name, &p->group);
        *ret = p;
        return 0;
}

void policy_free(struct policy *p) {
        if (!p)
                return;
        for (size_t i = 0; i < p->n_sections; i++)
                free(p->sections[i].name);
        free(p->sections);
        free(p->group_name);
        free(p->path);
        free(p);
}

/* ---- reading the file --------------------------------------------------- */

struct parser {
        struct policy *p;
        unsigned line;
        /* The section being read: NULL before the first, else one of
         * "access", "defaults" or a user or group section. */
        const char *section;
        struct policy_settings *settings; /* of the section, NULL for [access] */
        bool seen_access, seen_defaults;
        /* Settings given in the current section, to refuse duplicates. */
        bool given[POLICY_N_LIMITS + 2];
        char *err;
        size_t err_size;
};

__attribute__((format(printf, 2, 3))) static int parse_error(struct parser *ps, const char *fmt, ...) {
        va_list ap;
        int n = snprintf(ps->err, ps->err_size, "line %u: ", ps->line);

        va_start(ap, fmt);
        if (n >= 0 && (size_t)n < ps->err_size)
                vsnprintf(ps->err + n, ps->err_size - (size_t)n, fmt, ap);
        va_end(ap);
        return -EINVAL;
}

static char *trim(char *s) {
        while (isspace((unsigned char)*s))
                s++;
        char *e = s + strlen(s);
        while (e > s && isspace((unsigned char)e[-1]))
                *--e = '\0';
        return s;
}

/* User and group names as useradd and groupadd allow them, or numbers. */
static bool valid_name(const char *s) {
        if (!*s || strlen(s) > 256)
                return false;
        for (const char *c = s; *c; c++)
                if (!isalnum((unsigned char)*c) && !strchr("_.-$", *c))
                        return false;
        return s[0] != '-';
}

static int start_section(struct parser *ps, char *head) {
        struct policy *p = ps->p;
        char *arg = NULL;
        char *sp = strpbrk(head, " \t");

        if (sp) {
                *sp = '\0';
                arg = trim(sp + 1);
        }
        memset(ps->given, 0, sizeof(ps->given));
        if (strcmp(head, "access") == 0 || strcmp(head, "defaults") == 0) {
                bool access = head[0] == 'a';
                if (arg)
                        return parse_error(ps, "[%s] takes no name", head);
                if (access ? ps->seen_access : ps->seen_defaults)
                        return parse_error(ps, "[%s] given twice", head);
                *(access ? &ps->seen_access : &ps->seen_defaults) = true;
                ps->section = access ? "access" : "defaults";
                ps->settings = access ? NULL : &p->defaults;
                return 0;
        }
        if (strcmp(head, "user") != 0 && strcmp(head, "group") != 0)
                return parse_error(ps, "unknown section [%s] (expected access, defaults, user NAME or group NAME)",
                                   head);
        enum policy_section_kind kind = head[0] == 'u' ? POLICY_USER : POLICY_GROUP;
        if (!arg || !valid_name(arg))
                return parse_error(ps, "[%s] needs a %s name or number", head, head);
        for (size_t i = 0; i < p->n_sections; i++)
                if (p->sections[i].kind == kind && strcmp(p->sections[i].name, arg) == 0)
                        return parse_error(ps, "[%s %s] given twice (first on line %u)", head, arg,
                                           p->sections[i].line);
        if (p->n_sections >= MAX_SECTIONS)
                return parse_error(ps, "more than %d sections", MAX_SECTIONS);
        struct policy_section *s = reallocarray(p->sections, p->n_sections + 1, sizeof(*s));
        if (!s)
                return -ENOMEM;
        p->sections = s;
        s = &p->sections[p->n_sections];
        *s = (struct policy_section){ .kind = kind, .line = ps->line, .name = strdup(arg) };
        if (!s->name)
                return -ENOMEM;
        settings_unset(&s->s);
        if (kind == POLICY_USER)
                s->resolved = resolve_user(arg, &s->id);
        else
                s->resolved = resolve_group(arg, &s->id);
        p->n_sections++;
        ps->section = kind == POLICY_USER ? "user" : "group";
        ps->settings = &s->s;
        return 0;
}

static int parse_bool(const char *v) {
        static const char *const yes[] = { "yes", "true", "on", "1" }, *const no[] = { "no", "false", "off", "0" };

        for (size_t i = 0; i < ELEMENTSOF(yes); i++) {
                if (strcasecmp(v, yes[i]) == 0)
                        return 1;
                if (strcasecmp(v, no[i]) == 0)
                        return 0;
        }
        return -1;
}

static int set_value(struct parser *ps, const char *key, const char *value) {
        struct policy *p = ps->p;

        if (!ps->section)
                return parse_error(ps, "'%s' before the first [section]", key);
        if (!*value)
                return parse_error(ps, "'%s' has no value", key);
        if (!ps->settings) {
                /* [access] */
                if (strcmp(key, "group") != 0)
                        return parse_error(ps, "unknown setting '%s' in [access] (expected group)", key);
                if (ps->given[POLICY_N_LIMITS + 1])
                        return parse_error(ps, "'group' given twice");
                ps->given[POLICY_N_LIMITS + 1] = true;
                if (!valid_name(value))
                        return parse_error(ps, "group: '%s' is not a group name or number", value);
                char *g = strdup(value);
                if (!g)
                        return -ENOMEM;
                free(p->group_name);
                p->group_name = g;
                return 0;
        }
        for (int i = 0; i < POLICY_N_LIMITS; i++) {
                if (strcmp(key, limit_names[i]) != 0)
                        continue;
                if (ps->given[i])
                        return parse_error(ps, "'%s' given twice", key);
                ps->given[i] = true;
                if (strcmp(value, "unlimited") == 0) {
                        ps->settings->limit[i] = POLICY_UNLIMITED;
                        return 0;
                }
                char *end;
                errno = 0;
                long long v = strtoll(value, &end, 10);
                if (errno || *end || !isdigit((unsigned char)value[0]) || v > LIMIT_MAX)
                        return parse_error(ps, "%s: '%s' is not a number from 0 to %lld, nor 'unlimited'", key,
                                           value, LIMIT_MAX);
                ps->settings->limit[i] = v;
                return 0;
        }
        if (strcmp(key, "host-objects") == 0) {
                if (ps->given[POLICY_N_LIMITS])
                        return parse_error(ps, "'%s' given twice", key);
                ps->given[POLICY_N_LIMITS] = true;
                int b = parse_bool(value);
                if (b < 0)
                        return parse_error(ps, "host-objects: '%s' is not yes or no", value);
                ps->settings->host_objects = b;
                return 0;
        }
        return parse_error(ps, "unknown setting '%s' in [%s] (expected max-sets, max-links or host-objects)", key,
                           ps->section);
}

static int parse_line(struct parser *ps, char *line) {
        /* A comment: from # or ; at the start of the line or after a blank. */
        for (char *c = line; *c; c++)
                if ((*c == '#' || *c == ';') && (c == line || isspace((unsigned char)c[-1]))) {
                        *c = '\0';
                        break;
                }
        line = trim(line);
        if (!*line)
                return 0;
        if (line[0] == '[') {
                char *close = strchr(line, ']');
                if (!close || trim(close + 1)[0])
                        return parse_error(ps, "a section header is [NAME] alone on its line");
                *close = '\0';
                return start_section(ps, trim(line + 1));
        }
        char *eq = strchr(line, '=');
        if (!eq)
                return parse_error(ps, "expected KEY = VALUE or [SECTION]");
        *eq = '\0';
        return set_value(ps, trim(line), trim(eq + 1));
}

static int parse_text(struct policy *p, char *text, char *err, size_t err_size) {
        struct parser ps = { .p = p, .err = err, .err_size = err_size };
        char *next;

        for (char *line = text; line; line = next) {
                next = strchr(line, '\n');
                if (next)
                        *next++ = '\0';
                ps.line++;
                if (strlen(line) > LINE_MAX_LEN)
                        return parse_error(&ps, "longer than %d bytes", LINE_MAX_LEN);
                int r = parse_line(&ps, line);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* The whole file, after checking that only root could have written it. */
static int read_file(const char *path, char **ret, char *err, size_t err_size) {
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        struct stat st;

        if (fd < 0)
                return negative_errno();
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISREG(st.st_mode)) {
                snprintf(err, err_size, "not a regular file");
                return -EINVAL;
        }
        if (st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH))) {
                snprintf(err, err_size, "refused: the file must belong to root and be writable by root alone "
                                        "(owner uid %u, mode %04o)",
                         (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
                return -EPERM;
        }
        if (st.st_size > POLICY_MAX_FILE_SIZE) {
                snprintf(err, err_size, "larger than %u bytes", POLICY_MAX_FILE_SIZE);
                return -EFBIG;
        }
        char *buf = malloc((size_t)st.st_size + 1);
        if (!buf)
                return -ENOMEM;
        size_t got = 0;
        while (got < (size_t)st.st_size) {
                ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        break; /* shorter than it was: take what is there */
                got += (size_t)n;
        }
        buf[got] = '\0';
        if (strlen(buf) != got) {
                free(buf);
                snprintf(err, err_size, "the file contains a NUL byte");
                return -EINVAL;
        }
        *ret = buf;
        return 0;
}

int policy_load(const char *path, struct policy **ret, char *err, size_t err_size) {
        _cleanup_free_ char *text = NULL;
        int r;

        snprintf(err, err_size, "?");
        r = read_file(path, &text, err, err_size);
        if (r == -ENOENT)
                return policy_new_default(ret);
        if (r < 0) {
                if (strcmp(err, "?") == 0)
                        snprintf(err, err_size, "%s", strerror(-r));
                return r;
        }
        return policy_parse(text, path, ret, err, err_size);
}

int policy_parse(char *text, const char *path, struct policy **ret, char *err, size_t err_size) {
        struct policy *p = policy_alloc();
        int r;

        if (!p)
                return -ENOMEM;
        p->path = strdup(path);
        r = p->path ? parse_text(p, text, err, err_size) : -ENOMEM;
        if (r < 0) {
                policy_free(p);
                return r;
        }
        p->group_found = resolve_group(p->group_name, &p->group);
        *ret = p;
        return 0;
}

/* ---- looking settings up ------------------------------------------------ */

static bool section_applies(const struct policy_section *s, const struct caller *c) {
        if (!s->resolved)
                return false;
        return s->kind == POLICY_USER ? s->id == c->uid : caller_in_group(c, s->id);
}

/* Whether A is more generous than B (no limit beats any count). */
static bool more_generous(long long a, long long b) {
        if (b == POLICY_UNLIMITED)
                return false;
        return a == POLICY_UNLIMITED || a > b;
}

long long policy_get_limit(const struct policy *p, const struct caller *c, enum policy_limit which, char *rule,
                           size_t rule_size) {
        const struct policy_section *best = NULL;

        for (size_t i = 0; i < p->n_sections; i++) {
                const struct policy_section *s = &p->sections[i];
                if (s->kind != POLICY_USER || !section_applies(s, c) || s->s.limit[which] == POLICY_UNSET)
                        continue;
                snprintf(rule, rule_size, "user %s", s->name);
                return s->s.limit[which];
        }
        for (size_t i = 0; i < p->n_sections; i++) {
                const struct policy_section *s = &p->sections[i];
                if (s->kind != POLICY_GROUP || !section_applies(s, c) || s->s.limit[which] == POLICY_UNSET)
                        continue;
                if (!best || more_generous(s->s.limit[which], best->s.limit[which]))
                        best = s;
        }
        if (best) {
                snprintf(rule, rule_size, "group %s", best->name);
                return best->s.limit[which];
        }
        if (p->defaults.limit[which] != POLICY_UNSET) {
                snprintf(rule, rule_size, "defaults");
                return p->defaults.limit[which];
        }
        snprintf(rule, rule_size, "built-in default");
        return POLICY_UNLIMITED;
}

bool policy_get_host_objects(const struct policy *p, const struct caller *c, char *rule, size_t rule_size) {
        const struct policy_section *group = NULL;

        for (size_t i = 0; i < p->n_sections; i++) {
                const struct policy_section *s = &p->sections[i];
                if (s->kind == POLICY_USER && section_applies(s, c) && s->s.host_objects >= 0) {
                        snprintf(rule, rule_size, "user %s", s->name);
                        return s->s.host_objects;
                }
        }
        for (size_t i = 0; i < p->n_sections; i++) {
                const struct policy_section *s = &p->sections[i];
                if (s->kind == POLICY_GROUP && section_applies(s, c) && s->s.host_objects >= 0 &&
                    (!group || s->s.host_objects > group->s.host_objects))
                        group = s;
        }
        if (group) {
                snprintf(rule, rule_size, "group %s", group->name);
                return group->s.host_objects;
        }
        if (p->defaults.host_objects >= 0) {
                snprintf(rule, rule_size, "defaults");
                return p->defaults.host_objects;
        }
        snprintf(rule, rule_size, "built-in default");
        return false;
}
