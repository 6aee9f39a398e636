# systemd/: units and snippets, installed where `pkg-config systemd` says
# (configure: --with-systemdsystemunitdir, --with-sysusersdir,
# --with-tmpfilesdir; --without-... installs none there).
if WITH_SYSTEMDSYSTEMUNITDIR
systemdsystemunit_DATA = systemd/nsctld.service systemd/nsctld.socket
endif

# The snippets are installed as nsctl.conf, which automake's DATA cannot
# rename to.
install-data-local:
if WITH_SYSUSERSDIR
	$(MKDIR_P) '$(DESTDIR)$(sysusersdir)'
	$(INSTALL_DATA) $(top_srcdir)/systemd/nsctl.sysusers '$(DESTDIR)$(sysusersdir)/nsctl.conf'
endif
if WITH_TMPFILESDIR
	$(MKDIR_P) '$(DESTDIR)$(tmpfilesdir)'
	$(INSTALL_DATA) $(top_srcdir)/systemd/nsctl.tmpfiles '$(DESTDIR)$(tmpfilesdir)/nsctl.conf'
endif

uninstall-local:
if WITH_SYSUSERSDIR
	rm -f '$(DESTDIR)$(sysusersdir)/nsctl.conf'
endif
if WITH_TMPFILESDIR
	rm -f '$(DESTDIR)$(tmpfilesdir)/nsctl.conf'
endif

systemd/nsctld.service: systemd/nsctld.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) systemd && sed -e 's|@sbindir[@]|$(sbindir)|g' $(top_srcdir)/systemd/nsctld.service.in > $@.tmp && mv $@.tmp $@

CLEANFILES += systemd/nsctld.service
EXTRA_DIST += systemd/nsctld.service.in systemd/nsctld.socket systemd/nsctl.sysusers systemd/nsctl.tmpfiles
