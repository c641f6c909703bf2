/* Ports of type phy: a DPDK ethdev found by its devargs. */
#ifndef SLUICE_PORT_PHY_H
#define SLUICE_PORT_PHY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datapath.h"

/* Probe (if needed), configure queues, MTU and RSS, and start the device. */
int port_phy_open(struct datapath *dp, struct port *port, const struct port_config *cfg, char *err,
		  size_t errlen);
/* Stop and close the device, and detach it if sluice probed it. */
void port_phy_close(struct port *port);
/* The RSS hash functions to ask for: IP and L4 ports, as far as the device offers. */
uint64_t port_phy_rss_hf(uint64_t offered);
/* The transmit offloads to turn on from those the device offers, and in
 * caps the OFFLOAD_* bits they give (offload.h): checksums of TCP and UDP
 * both or none; TSO only with them and multi-segment transmit. */
uint64_t port_phy_tx_offloads(uint64_t offered, uint32_t *caps);
/* True when a device of this driver would receive on queues sluice does not
 * poll: net_af_packet opens one socket per queue pair (qpairs) in a fanout
 * group at probe, and the kernel spreads frames over all of them by flow
 * hash, whatever rx queue count the ethdev is configured with (issue 11
 * findings 8 and 9). */
bool port_phy_rx_queues_unpolled(const char *driver_name, uint32_t rx_queues,
				 uint32_t device_rx_queues);

#endif
