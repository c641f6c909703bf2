/* Ports of type phy: a DPDK ethdev found by its devargs. */
#ifndef SLUICE_PORT_PHY_H
#define SLUICE_PORT_PHY_H

#include <stddef.h>

#include "datapath.h"

/* Probe (if needed), configure queues, MTU and RSS, and start the device. */
int port_phy_open(struct datapath *dp, struct port *port, const struct port_config *cfg, char *err,
		  size_t errlen);
/* Stop and close the device, and detach it if sluice probed it. */
void port_phy_close(struct port *port);
/* The RSS hash functions to ask for: IP and L4 ports, as far as the device offers. */
uint64_t port_phy_rss_hf(uint64_t offered);

#endif
