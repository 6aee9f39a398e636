# daemon/: nsctld.  The core is a convenience library, so tests can link the
# real modules; main.c only starts it.
noinst_LIBRARIES += daemon/libnsctld.a
# Set here, not only under HAVE_BPF below: a per-target CPPFLAGS replaces
# AM_CPPFLAGS in every compile of the target, even where it is left empty.
daemon_libnsctld_a_CPPFLAGS = $(AM_CPPFLAGS)
daemon_libnsctld_a_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS) $(LIBEVENT_CFLAGS) $(LIBSYSTEMD_CFLAGS) $(LIBNL_CFLAGS) $(LIBNFTABLES_CFLAGS)
daemon_libnsctld_a_SOURCES = \
	daemon/util.h \
	daemon/log.c daemon/log.h \
	daemon/keepalive.c daemon/keepalive.h \
	daemon/mount-util.c daemon/mount-util.h \
	daemon/runtime.c daemon/runtime.h \
	daemon/ns-options.c daemon/ns-options.h \
	daemon/mntns-order.c daemon/mntns-order.h \
	daemon/ns-spawn.c daemon/ns-spawn.h \
	daemon/holder.c daemon/holder.h \
	daemon/holder-watch.c daemon/holder-watch.h \
	daemon/set-record.c daemon/set-record.h \
	daemon/ns-procs.c daemon/ns-procs.h \
	daemon/task-walk.c daemon/task-walk.h \
	daemon/ns-procs-bpf.h daemon/ns-procs-bpf-record.h \
	daemon/pidfd-util.c daemon/pidfd-util.h \
	daemon/delete-forced.c daemon/delete-forced.h \
	daemon/state-file.c daemon/state-file.h \
	daemon/topo-persist.c daemon/topo-persist.h \
	daemon/persist.c daemon/persist.h \
	daemon/nsnl.c daemon/nsnl.h daemon/nsnl-private.h \
	daemon/nsnl-route.c daemon/nsnl-shaping.c daemon/nsnl-sysctl.c \
	daemon/nsstore.c daemon/nsstore.h daemon/nsstore-private.h daemon/nsstore-reconcile.c \
	daemon/server.c daemon/server.h \
	daemon/caller.h \
	daemon/policy.c daemon/policy.h \
	daemon/usage.c daemon/usage.h \
	daemon/authz.c daemon/authz.h \
	daemon/dispatch.c daemon/dispatch.h \
	daemon/daemon.h \
	daemon/method-service.c \
	daemon/method-namespace.c \
	daemon/nat.c daemon/nat.h \
	daemon/topo-plan.c daemon/topo-plan.h \
	daemon/topo-record.c daemon/topo-record.h \
	daemon/topo-engine.c daemon/topo-engine.h daemon/topo-engine-private.h \
	daemon/topo-remove.c daemon/topo-destroy.c \
	daemon/topo-hosts.c daemon/topo-hosts.h \
	daemon/method-topology.c \
	daemon/method-network.c \
	daemon/session-child.c daemon/session-child.h \
	daemon/session.c daemon/session.h

NSCTLD_LIBS = daemon/libnsctld.a proto/libproto.a $(LIBEVENT_LIBS) $(JSONC_LIBS) $(LIBSYSTEMD_LIBS) $(LIBNL_LIBS) $(LIBNFTABLES_LIBS)

# The BPF task iterator (configure --with-bpf): the program is compiled by
# clang for the bpf target and embedded in the daemon (ns-procs-bpf-obj.c
# .incbin's it), so the build tree's object is all there is to it.
EXTRA_DIST += daemon/ns-procs-bpf.bpf.c
if HAVE_BPF
daemon_libnsctld_a_SOURCES += daemon/ns-procs-bpf.c daemon/ns-procs-bpf-obj.c
daemon_libnsctld_a_CFLAGS += $(LIBBPF_CFLAGS)
daemon_libnsctld_a_CPPFLAGS += -DNS_PROCS_BPF_OBJ=\"$(abs_top_builddir)/daemon/ns-procs-bpf.bpf.o\"
NSCTLD_LIBS += $(LIBBPF_LIBS)
CLEANFILES += daemon/ns-procs-bpf.bpf.o
daemon/ns-procs-bpf.bpf.o: $(srcdir)/daemon/ns-procs-bpf.bpf.c $(srcdir)/daemon/ns-procs-bpf-record.h \
		$(srcdir)/proto/ns-types.h
	@$(MKDIR_P) daemon
	$(AM_V_GEN)$(CLANG) $(BPF_CFLAGS) $(LIBBPF_CFLAGS) -I$(srcdir)/proto -I$(srcdir)/daemon \
		-c $(srcdir)/daemon/ns-procs-bpf.bpf.c -o $@
# .incbin is invisible to the compiler's dependency tracking.
daemon/libnsctld_a-ns-procs-bpf-obj.$(OBJEXT): daemon/ns-procs-bpf.bpf.o
endif

sbin_PROGRAMS += daemon/nsctld
daemon_nsctld_CFLAGS = $(daemon_libnsctld_a_CFLAGS)
daemon_nsctld_SOURCES = daemon/main.c
daemon_nsctld_LDADD = $(NSCTLD_LIBS)
