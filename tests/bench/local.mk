# tests/bench/: `make bench` builds what the benchmarks need and runs them
# (as root, in a throwaway sandbox).  Never part of `make check`.
noinst_PROGRAMS += tests/bench/nsbench tests/bench/kernel-loop
tests_bench_nsbench_SOURCES = tests/bench/nsbench.c
tests_bench_nsbench_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
tests_bench_nsbench_LDADD = proto/libproto.a $(JSONC_LIBS)
tests_bench_kernel_loop_SOURCES = tests/bench/kernel-loop.c

EXTRA_DIST += tests/bench/run

.PHONY: bench
bench: daemon/nsctld client/nsctl tests/bench/nsbench tests/bench/kernel-loop
	builddir=$(top_builddir) $(top_srcdir)/tests/bench/run $(BENCH_ARGS)
