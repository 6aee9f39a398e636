# proto/: the wire protocol, shared by daemon and client.  Depends on json-c.
VARLINK_INTERFACES = \
	proto/org.varlink.service.varlink \
	proto/io.nsctl.Service.varlink \
	proto/io.nsctl.Namespace.varlink \
	proto/io.nsctl.Topology.varlink \
	proto/io.nsctl.Network.varlink \
	proto/io.nsctl.Session.varlink

noinst_LIBRARIES += proto/libproto.a
proto_libproto_a_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
proto_libproto_a_SOURCES = \
	proto/varlink-frame.c proto/varlink-frame.h \
	proto/varlink-message.c proto/varlink-message.h \
	proto/varlink-errors.h \
	proto/names.c proto/names.h \
	proto/ns-types.c proto/ns-types.h \
	proto/ip-prefix.c proto/ip-prefix.h \
	proto/strmap.c proto/strmap.h \
	proto/topology.c proto/topology.h proto/topology-parser.h \
	proto/topology-json.c \
	proto/topology-hosts.c \
	proto/topology-namespaces.c \
	proto/topology-links.c \
	proto/topology-values.c \
	proto/topology-ifnames-vnis.c \
	proto/interfaces.h
nodist_proto_libproto_a_SOURCES = proto/interfaces.c

proto/interfaces.c: $(VARLINK_INTERFACES) $(top_srcdir)/proto/embed-interfaces.sh
	$(AM_V_GEN)$(MKDIR_P) proto && \
	$(SHELL) $(top_srcdir)/proto/embed-interfaces.sh $(top_srcdir) $(VARLINK_INTERFACES) > $@.tmp && mv $@.tmp $@

BUILT_SOURCES += proto/interfaces.c
CLEANFILES += proto/interfaces.c
EXTRA_DIST += $(VARLINK_INTERFACES) proto/embed-interfaces.sh
