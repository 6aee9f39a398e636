/* The regression driver: a main() for a fuzz target built with any
 * compiler (`make check` builds it with the project's own), feeding it each
 * file of the directories given (default: the target's seed corpus and its
 * recorded crashes, FUZZ_DIRS, colon-separated), one test each, as TAP.  A
 * crash or a broken invariant aborts, which the test runner reports as
 * missing results. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#ifndef FUZZ_DIRS
#define FUZZ_DIRS ""
#endif

struct files {
        char **v;
        size_t n, cap;
};

static void add(struct files *f, const char *path) {
        if (f->n == f->cap) {
                f->cap = f->cap ? 2 * f->cap : 64;
                f->v = realloc(f->v, f->cap * sizeof(*f->v));
                if (!f->v) {
                        perror("realloc");
                        exit(2);
                }
        }
        f->v[f->n] = strdup(path);
        if (!f->v[f->n]) {
                perror("strdup");
                exit(2);
        }
        f->n++;
}

static int cmp(const void *a, const void *b) {
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory's regular files (not hidden), sorted; or the file itself.
 * A directory that does not exist has no files. */
static void collect(struct files *f, const char *path) {
        struct stat st;
        if (stat(path, &st) < 0) {
                if (errno != ENOENT) {
                        fprintf(stderr, "%s: %s\n", path, strerror(errno));
                        exit(2);
                }
                return;
        }
        if (!S_ISDIR(st.st_mode)) {
                add(f, path);
                return;
        }
        DIR *d = opendir(path);
        if (!d) {
                fprintf(stderr, "%s: %s\n", path, strerror(errno));
                exit(2);
        }
        size_t first = f->n;
        struct dirent *de;
        while ((de = readdir(d))) {
                char p[4096];
                if (de->d_name[0] == '.')
                        continue;
                snprintf(p, sizeof(p), "%s/%s", path, de->d_name);
                if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
                        add(f, p);
        }
        closedir(d);
        qsort(f->v + first, f->n - first, sizeof(*f->v), cmp);
}

static unsigned char *slurp(const char *path, size_t *ret_len) {
        FILE *fp = fopen(path, "rbe");
        unsigned char *buf = NULL;
        size_t len = 0, cap = 0, n;
        if (!fp)
                return NULL;
        do {
                if (len == cap) {
                        cap = cap ? 2 * cap : 4096;
                        unsigned char *nb = realloc(buf, cap);
                        if (!nb) {
                                free(buf);
                                fclose(fp);
                                return NULL;
                        }
                        buf = nb;
                }
                n = fread(buf + len, 1, cap - len, fp);
                len += n;
        } while (n > 0);
        fclose(fp);
        *ret_len = len;
        return buf;
}

int main(int argc, char **argv) {
        struct files f = { 0 };

        if (argc > 1) {
                for (int i = 1; i < argc; i++)
                        collect(&f, argv[i]);
        } else {
                char *dirs = strdup(FUZZ_DIRS), *save = NULL;
                for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save))
                        collect(&f, d);
                free(dirs);
        }
        if (f.n == 0) {
                printf("1..0 # SKIP no inputs\n");
                return 0;
        }
        printf("1..%zu\n", f.n);
        fflush(stdout);
        int failed = 0;
        for (size_t i = 0; i < f.n; i++) {
                size_t len = 0;
                unsigned char *buf = slurp(f.v[i], &len);
                if (!buf) {
                        printf("not ok %zu - %s: cannot read it\n", i + 1, f.v[i]);
                        failed = 1;
                        continue;
                }
                /* Announced first, so a crash says which input it was. */
                fprintf(stderr, "# running %s\n", f.v[i]);
                LLVMFuzzerTestOneInput(buf, len);
                free(buf);
                printf("ok %zu - %s\n", i + 1, f.v[i]);
                fflush(stdout);
                free(f.v[i]);
        }
        free(f.v);
        return failed;
}
