/* Ports of type vhost: a vhost-user socket to one VM NIC, through rte_vhost. */
#ifndef SLUICE_PORT_VHOST_H
#define SLUICE_PORT_VHOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datapath.h"

/* Register the socket (server: listen; client: connect and keep
 * reconnecting). The port goes up when the guest's driver is ready. */
int port_vhost_open(struct datapath *dp, struct port *port, const struct port_config *cfg,
		    char *err, size_t errlen);
/* Unregister; returns once no PMD uses the device any more. */
void port_vhost_close(struct datapath *dp, struct port *port);
/* Recompute the queues PMDs use from the vrings the guest enabled
 * (bit 2q: guest rx queue q, bit 2q+1: guest tx queue q). Pure. */
void port_vhost_apply_vrings(struct port *port, uint64_t vring_enabled_mask);
/* The OFFLOAD_* bits a guest with these negotiated virtio features takes
 * as they are (GUEST_CSUM, GUEST_TSO4/6). Pure. */
uint32_t port_vhost_tx_offload(uint64_t features);
/* Does a guest with these features hand over TSO or partial checksums
 * (CSUM, HOST_TSO4/6)? Pure. */
bool port_vhost_guest_offloads(uint64_t features);

#endif
