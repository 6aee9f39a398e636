/* The libFuzzer entry point each tests/fuzz/fuzz-*.c defines.  With clang
 * and -fsanitize=fuzzer, libFuzzer's main() drives it (`make fuzz`); with
 * any compiler, regress-main.c feeds it the seed corpus and every recorded
 * crash (tests/fuzz/regressions/), as part of `make check`. */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant the code under test broke: print it and abort, so that
 * libFuzzer records the input and the regression driver fails. */
#define FUZZ_CHECK(cond)                                                                                    \
        do {                                                                                                \
                if (!(cond))                                                                                \
                        fuzz_fail(__FILE__, __LINE__, #cond);                                               \
        } while (0)

__attribute__((noreturn)) void fuzz_fail(const char *file, int line, const char *what);
