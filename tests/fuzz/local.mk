# tests/fuzz/: libFuzzer targets for the framing scanner, the call decoder
# with every method's parameter check, and the topology parser.
#
# `make fuzz` builds them with clang in $(builddir)/fuzz-build (the normal
# build does not need clang) and runs each for FUZZ_SECONDS; see
# tests/fuzz/run-fuzz.  `make check` builds each target with the project's
# own compiler and a small main() (regress-main.c) that feeds it the seed
# corpus and every recorded crash (tests/fuzz/regressions/TARGET/).

FUZZ_SECONDS = 60
FUZZ_TARGETS = frame call topology
FUZZ_CC = clang

# The BPF task iterator stays out of the fuzz build: the targets never walk
# tasks, and its embedded object is built by the normal build only (without
# HAVE_BPF, ns-procs-bpf.h stands in for it).
FUZZ_WITHOUT = daemon/ns-procs-bpf.c daemon/ns-procs-bpf-obj.c

FUZZ_DIRS_OF = $(abs_top_srcdir)/tests/fuzz/corpus/$(1):$(abs_top_srcdir)/tests/fuzz/regressions/$(1)

check_PROGRAMS += \
	tests/fuzz/regress-frame \
	tests/fuzz/regress-call \
	tests/fuzz/regress-topology

FUZZ_REGRESS_SOURCES = tests/fuzz/regress-main.c tests/fuzz/fuzz-util.c tests/fuzz/fuzz.h

tests_fuzz_regress_frame_SOURCES = tests/fuzz/fuzz-frame.c $(FUZZ_REGRESS_SOURCES)
tests_fuzz_regress_frame_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_DIRS=\"$(abs_top_srcdir)/tests/fuzz/corpus/frame:$(abs_top_srcdir)/tests/fuzz/regressions/frame\"
tests_fuzz_regress_frame_LDADD = proto/libproto.a

tests_fuzz_regress_call_SOURCES = tests/fuzz/fuzz-call.c $(FUZZ_REGRESS_SOURCES)
tests_fuzz_regress_call_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon \
	-DFUZZ_DIRS=\"$(abs_top_srcdir)/tests/fuzz/corpus/call:$(abs_top_srcdir)/tests/fuzz/regressions/call\"
tests_fuzz_regress_call_CFLAGS = $(daemon_libnsctld_a_CFLAGS)
tests_fuzz_regress_call_LDADD = $(NSCTLD_LIBS)

tests_fuzz_regress_topology_SOURCES = tests/fuzz/fuzz-topology.c $(FUZZ_REGRESS_SOURCES)
tests_fuzz_regress_topology_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_DIRS=\"$(abs_top_srcdir)/tests/fuzz/corpus/topology:$(abs_top_srcdir)/tests/fuzz/regressions/topology\"
tests_fuzz_regress_topology_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
tests_fuzz_regress_topology_LDADD = proto/libproto.a $(JSONC_LIBS)

tests_fuzz_regress_frame_CFLAGS = $(AM_CFLAGS)

.PHONY: fuzz
fuzz: proto/interfaces.c
	@srcdir='$(abs_top_srcdir)' builddir='$(abs_top_builddir)' \
	FUZZ_CC='$(FUZZ_CC)' FUZZ_SECONDS='$(FUZZ_SECONDS)' FUZZ_TARGETS='$(FUZZ_TARGETS)' \
	FUZZ_VERSION='$(PACKAGE_VERSION)' \
	FUZZ_SOURCES='$(proto_libproto_a_SOURCES) $(filter-out $(FUZZ_WITHOUT),$(daemon_libnsctld_a_SOURCES))' \
	FUZZ_CFLAGS='$(JSONC_CFLAGS) $(LIBEVENT_CFLAGS) $(LIBSYSTEMD_CFLAGS) $(LIBNL_CFLAGS) $(LIBNFTABLES_CFLAGS)' \
	FUZZ_LIBS='$(LIBEVENT_LIBS) $(JSONC_LIBS) $(LIBSYSTEMD_LIBS) $(LIBNL_LIBS) $(LIBNFTABLES_LIBS)' \
	$(SHELL) $(top_srcdir)/tests/fuzz/run-fuzz

EXTRA_DIST += \
	tests/fuzz/run-fuzz \
	tests/fuzz/json.dict \
	tests/fuzz/corpus \
	tests/fuzz/regressions
