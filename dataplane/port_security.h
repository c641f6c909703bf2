/* Port security: what a VM on a vhost port may send (issue 13). Pure: a
 * frame and the port's rules in, a verdict out; no DPDK, so the unit tests
 * take it whole. The rules are built from the port's config at every
 * publish and live in the forwarding view, one per port. */
#ifndef SLUICE_PORT_SECURITY_H
#define SLUICE_PORT_SECURITY_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/config_types.h"
#include "drops.h"

/* What port_security_check returns for a frame that may pass. */
#define PORT_SECURITY_PASS DROP_REASON_COUNT

struct port_security_v4 {
	uint32_t addr, mask; /* network order, addr already masked */
};

struct port_security_v6 {
	uint64_t addr[2], mask[2]; /* as the bytes lie in memory */
};

struct port_security {
	bool enabled;
	bool dhcp_server; /* may send DHCPv4 replies */
	bool router;	  /* may send router advertisements */
	uint8_t n_v4, n_v6;
	uint8_t mac[6];
	struct port_security_v4 v4[SLUICE_MAX_PORT_IPS];
	/* ips, then the link-local address made from mac (EUI-64). */
	struct port_security_v6 v6[SLUICE_MAX_PORT_IPS + 1];
};

/* The rules of a port from its config: enabled only for a vhost port with
 * port security on. */
void port_security_build(struct port_security *ps, const struct port_config *pc);

/* The drop reason for a frame (the first len bytes hold its headers) sent
 * by the VM of ps, or PORT_SECURITY_PASS. */
unsigned port_security_check(const struct port_security *ps, const uint8_t *frame, uint32_t len);

#endif
