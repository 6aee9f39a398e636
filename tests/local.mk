# tests/: unit tests (cmocka, linking the real proto/ code) and the
# integration suite (a real daemon in a throwaway sandbox), both run by
# tests/run-tests from `make check`.

UNIT_TEST_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS) $(CMOCKA_CFLAGS)
UNIT_TEST_LDADD = proto/libproto.a $(JSONC_LIBS) $(CMOCKA_LIBS)

if HAVE_CMOCKA
check_PROGRAMS += \
	tests/unit/test-frame \
	tests/unit/test-message \
	tests/unit/test-names \
	tests/unit/test-ip-prefix \
	tests/unit/test-topology \
	tests/unit/test-policy \
	tests/unit/test-pidfd \
	tests/unit/test-ns-procs

tests_unit_test_frame_SOURCES = tests/unit/test-frame.c
tests_unit_test_frame_CFLAGS = $(UNIT_TEST_CFLAGS)
tests_unit_test_frame_LDADD = $(UNIT_TEST_LDADD)

tests_unit_test_message_SOURCES = tests/unit/test-message.c
tests_unit_test_message_CFLAGS = $(UNIT_TEST_CFLAGS)
tests_unit_test_message_LDADD = $(UNIT_TEST_LDADD)

tests_unit_test_names_SOURCES = tests/unit/test-names.c
tests_unit_test_names_CFLAGS = $(UNIT_TEST_CFLAGS)
tests_unit_test_names_LDADD = $(UNIT_TEST_LDADD)

tests_unit_test_ip_prefix_SOURCES = tests/unit/test-ip-prefix.c
tests_unit_test_ip_prefix_CFLAGS = $(UNIT_TEST_CFLAGS)
tests_unit_test_ip_prefix_LDADD = $(UNIT_TEST_LDADD)

# test-topology also parses every examples/*.json.
tests_unit_test_topology_SOURCES = tests/unit/test-topology.c
tests_unit_test_topology_CPPFLAGS = $(AM_CPPFLAGS) -DEXAMPLES_DIR=\"$(abs_top_srcdir)/examples\"
tests_unit_test_topology_CFLAGS = $(UNIT_TEST_CFLAGS)
tests_unit_test_topology_LDADD = $(UNIT_TEST_LDADD)
# test-policy links the daemon's policy module alone.
tests_unit_test_policy_SOURCES = tests/unit/test-policy.c daemon/policy.c
tests_unit_test_policy_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_policy_CFLAGS = $(UNIT_TEST_CFLAGS)
tests_unit_test_policy_LDADD = $(CMOCKA_LIBS)
# test-pidfd links the daemon's pidfd helpers alone.
tests_unit_test_pidfd_SOURCES = tests/unit/test-pidfd.c daemon/pidfd-util.c
tests_unit_test_pidfd_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_pidfd_CFLAGS = $(UNIT_TEST_CFLAGS)
tests_unit_test_pidfd_LDADD = $(CMOCKA_LIBS)
# test-ns-procs runs the daemon's real process finders (the BPF task
# iterator and the /proc walk) against namespaces it makes: root only.
tests_unit_test_ns_procs_SOURCES = tests/unit/test-ns-procs.c
tests_unit_test_ns_procs_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
tests_unit_test_ns_procs_CFLAGS = $(daemon_libnsctld_a_CFLAGS) $(CMOCKA_CFLAGS) -pthread
tests_unit_test_ns_procs_LDADD = $(NSCTLD_LIBS) $(CMOCKA_LIBS) -lpthread
endif

INTEGRATION_CASES = \
	tests/integration/cases/01-lifecycle.sh \
	tests/integration/cases/02-ip-netns.sh \
	tests/integration/cases/03-exec-status.sh \
	tests/integration/cases/04-delete-restores.sh \
	tests/integration/cases/05-duplicate.sh \
	tests/integration/cases/06-not-found.sh \
	tests/integration/cases/07-bad-names-client.sh \
	tests/integration/cases/08-bad-names-raw.sh \
	tests/integration/cases/09-malformed.sh \
	tests/integration/cases/10-unknown-method.sh \
	tests/integration/cases/11-parameters.sh \
	tests/integration/cases/12-too-large-small.sh \
	tests/integration/cases/13-too-large-default.sh \
	tests/integration/cases/14-fragmented.sh \
	tests/integration/cases/15-pipelined.sh \
	tests/integration/cases/16-newline-socat.sh \
	tests/integration/cases/17-service-info.sh \
	tests/integration/cases/18-many-clients.sh \
	tests/integration/cases/19-disconnect.sh \
	tests/integration/cases/20-non-root.sh \
	tests/integration/cases/21-unreachable.sh \
	tests/integration/cases/22-usage.sh \
	tests/integration/cases/23-max-connections.sh \
	tests/integration/cases/24-symlinks.sh \
	tests/integration/cases/25-status.sh \
	tests/integration/cases/26-exec-fds.sh \
	tests/integration/cases/27-netns-view.sh \
	tests/integration/cases/28-userns-session.sh \
	tests/integration/cases/29-shell-tmux.sh \
	tests/integration/cases/30-types-exec.sh \
	tests/integration/cases/31-options.sh \
	tests/integration/cases/32-pid-holder.sh \
	tests/integration/cases/33-broken.sh \
	tests/integration/cases/34-delete-busy.sh \
	tests/integration/cases/35-restart.sh \
	tests/integration/cases/36-crash-loop.sh \
	tests/integration/cases/37-reboot.sh \
	tests/integration/cases/38-bad-options.sh \
	tests/integration/cases/39-interrupted-delete.sh \
	tests/integration/cases/40-completion.sh \
	tests/integration/cases/50-topo-bridge.sh \
	tests/integration/cases/51-topo-abc.sh \
	tests/integration/cases/52-topo-shaping.sh \
	tests/integration/cases/53-topo-rollback.sh \
	tests/integration/cases/54-topo-crash.sh \
	tests/integration/cases/55-topo-nat.sh \
	tests/integration/cases/56-net-commands.sh \
	tests/integration/cases/57-vxlan.sh \
	tests/integration/cases/58-examples.sh \
	tests/integration/cases/59-topo-persist.sh \
	tests/integration/cases/60-hostile-table.sh \
	tests/integration/cases/61-load.sh \
	tests/integration/cases/62-slow-clients.sh \
	tests/integration/cases/63-topo-crash-loop.sh \
	tests/integration/cases/64-fault-injection.sh \
	tests/integration/cases/70-users-ownership.sh \
	tests/integration/cases/71-users-policy.sh \
	tests/integration/cases/72-users-session.sh \
	tests/integration/cases/73-users-session-tty.sh \
	tests/integration/cases/74-users-session-fds.sh

EXTRA_DIST += \
	tests/run-tests \
	scripts/cloexec-lint \
	tests/integration/fdcall.py \
	tests/integration/sandbox.sh \
	tests/integration/lib.sh \
	tests/integration/vlraw.py \
	tests/integration/casehelper.py \
	tests/integration/hostile.py \
	tests/integration/load.py \
	tests/integration/nsstate.py \
	$(INTEGRATION_CASES)

# The unit test binaries, the daemon and the client must all be built
# before the suite runs.
check-local: $(check_PROGRAMS) daemon/nsctld client/nsctl
	srcdir=$(top_srcdir) builddir=$(top_builddir) $(top_srcdir)/tests/run-tests

# `make check-systemd` (root; needs debootstrap and systemd-nspawn): nsctl
# installed into a minimal Debian booted with systemd as PID 1.
EXTRA_DIST += tests/systemd/check-systemd tests/systemd/in-container.sh
.PHONY: check-systemd
check-systemd:
	srcdir=$(abs_top_srcdir) builddir=$(abs_top_builddir) $(top_srcdir)/tests/systemd/check-systemd

# `make check-valgrind` (root; CI runs it): every integration case with
# nsctld under valgrind memcheck; any memory error or definite leak makes
# the daemon exit 99, which fails the case.  The valgrind must implement
# pidfd_open(2) (Debian 12's 3.19 does not): scripts/build-valgrind.sh
# builds 3.24.0; then `make check-valgrind VALGRIND_BIN=/opt/valgrind-3.24.0/bin/valgrind`.
check_PROGRAMS += tests/pidfd-probe
tests_pidfd_probe_SOURCES = tests/pidfd-probe.c
VALGRIND_BIN = valgrind
VALGRIND = $(VALGRIND_BIN) -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	--show-leak-kinds=definite --suppressions=$(abs_top_srcdir)/tests/valgrind.supp --vgdb=no
EXTRA_DIST += tests/valgrind.supp scripts/build-valgrind.sh
# Under valgrind, loading the BPF task iterator (libbpf parsing the
# kernel's BTF) takes seconds of each daemon's first walk, which the
# crash-loop cases would pay at every restart: every case runs with
# --no-bpf, and the cases that find processes run again with the iterator.
VALGRIND_BPF_CASES = '3[04]-*' '5[01]-*'
# Under valgrind an iteration of a crash loop costs seconds (a daemon
# start, a reconcile, checks): 60 iterations of case 36 took 170 s, 24 of
# case 63 118 s.  The normal run keeps its counts (200 and 60) for crash
# consistency, the ASan run has 60 and 24 (scripts/test.sh); here 24 and 12
# take the restart and reconcile paths with memcheck watching, and cases 35,
# 37, 39 and 54 take them too.  Under valgrind every case also gets twice
# its time (three cases at once on two cores took 187 s of case 36's 240).
VALGRIND_RUN_ENV = NSCTL_CRASH_ITERATIONS=24 NSCTL_TOPO_CRASH_ITERATIONS=12 NSCTL_TIMEOUT_FACTOR=2
.PHONY: check-valgrind
check-valgrind: daemon/nsctld client/nsctl tests/pidfd-probe
	@$(VALGRIND_BIN) --tool=none -q tests/pidfd-probe || { \
		echo "check-valgrind: $(VALGRIND_BIN) does not implement pidfd_open(2);" \
			"scripts/build-valgrind.sh builds one that does" >&2; exit 1; }
	$(VALGRIND_RUN_ENV) NSCTLD_WRAPPER="$(VALGRIND)" NSCTLD_EXTRA_ARGS=--no-bpf srcdir=$(top_srcdir) builddir=$(top_builddir) \
		$(top_srcdir)/tests/run-tests -j 3 '[0-9]*'
	$(VALGRIND_RUN_ENV) NSCTLD_WRAPPER="$(VALGRIND)" srcdir=$(top_srcdir) builddir=$(top_builddir) \
		$(top_srcdir)/tests/run-tests -j 3 $(VALGRIND_BPF_CASES)
