# client/: nsctl, the command-line client of nsctld.
bin_PROGRAMS += client/nsctl
client_nsctl_SOURCES = \
	client/main.c client/client.h \
	client/commands.h \
	client/cmd-create.c \
	client/cmd-delete.c \
	client/cmd-list.c \
	client/cmd-show.c \
	client/cmd-status.c \
	client/name-query.c client/name-query.h \
	client/cmd-ps.c \
	client/cmd-exec.c \
	client/cmd-shell.c \
	client/cmd-topo.c client/topo-graph.c client/topo-graph.h \
	client/cmd-bridge.c client/cmd-link.c client/cmd-addr.c \
	client/args.c client/args.h \
	client/log.c client/log.h \
	client/call.c client/call.h \
	client/daemon-errors.c client/daemon-errors.h \
	client/varlink-client.c client/varlink-client.h \
	client/output.c client/output.h \
	client/parse.c client/parse.h \
	client/table.c client/table.h \
	client/nsset.c client/nsset.h \
	client/session.c client/session-args.c client/session.h \
	client/remote-session.c \
	client/creds.c client/creds.h \
	client/enter.c client/enter.h \
	client/netns-view.c client/netns-view.h \
	client/spawn.c client/spawn.h
client_nsctl_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
client_nsctl_LDADD = proto/libproto.a $(JSONC_LIBS)
