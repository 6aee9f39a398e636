# man/: the manual pages, in man(7) roff.  Pages are appended to man_MANS
# (initialised in Makefile.am, which also distributes all of them).
man_MANS += man/nsctl.1 man/nsctld.8 man/nsctl-topology.5
