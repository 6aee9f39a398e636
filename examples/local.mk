# examples/: topology files (nsctl-topology(5)), each parsed by
# tests/unit/test-topology.  Addresses only from 198.18.0.0/15.
EXTRA_DIST += \
	examples/abc.json \
	examples/bridge-two.json \
	examples/router.json \
	examples/shaped.json \
	examples/two-hosts.json \
	examples/veth-host.json
