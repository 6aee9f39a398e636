# systemd/: units and snippets, installed where `pkg-config systemd` says.
systemdsystemunit_DATA = systemd/nsctld.service systemd/nsctld.socket

sysusersdir = $(prefix)/lib/sysusers.d
tmpfilesdir = $(prefix)/lib/tmpfiles.d

install-data-local:
	$(MKDIR_P) $(DESTDIR)$(sysusersdir) $(DESTDIR)$(tmpfilesdir)
	$(INSTALL_DATA) $(top_srcdir)/systemd/nsctl.sysusers $(DESTDIR)$(sysusersdir)/nsctl.conf
	$(INSTALL_DATA) $(top_srcdir)/systemd/nsctl.tmpfiles $(DESTDIR)$(tmpfilesdir)/nsctl.conf

uninstall-local:
	rm -f $(DESTDIR)$(sysusersdir)/nsctl.conf $(DESTDIR)$(tmpfilesdir)/nsctl.conf

systemd/nsctld.service: systemd/nsctld.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) systemd && sed -e 's|@sbindir[@]|$(sbindir)|g' $(top_srcdir)/systemd/nsctld.service.in > $@.tmp && mv $@.tmp $@

CLEANFILES += systemd/nsctld.service
EXTRA_DIST += systemd/nsctld.service.in systemd/nsctld.socket systemd/nsctl.sysusers systemd/nsctl.tmpfiles
