/* The limits of a port (issue 13): defaults that depend on the port's type,
 * and the policer burst derived from its rate. Pure: no DPDK. */
#ifndef SLUICE_LIMITS_CONFIG_H
#define SLUICE_LIMITS_CONFIG_H

#include <stdint.h>

#include "config.h"

/* "Not given": validation replaces it with the default of the port's type. */
#define PORT_LIMIT_DEFAULT UINT32_MAX
/* A VM's port: more than a normal guest ever uses (a few MACs, a few ARP
 * broadcasts a second), far less than a flood. Phy ports carry many hosts:
 * no limit unless the operator sets one. */
#define VHOST_MAC_LIMIT 1024
#define VHOST_STORM_PPS 10000
/* Smallest default policer burst. TCP through a policer needs a burst of
 * about its window: with less, every window ends in losses and throughput
 * falls to half the rate or less (measured: 20 Mbit/s with 256 KiB gave
 * 10 Mbit/s, with 1 MiB 19 Mbit/s). OVS's default is 1 MB as well. */
#define INGRESS_BURST_MIN_KIB 1024

/* port_config_defaults: the limits are "not given". */
void port_limits_defaults(struct port_config *port);
/* Validation: every limit not given takes its type's default. */
void port_limits_resolve(struct port_config *port);
/* The policer's burst in bytes: ingress-burst, or 100 ms at ingress-rate
 * (at least INGRESS_BURST_MIN_KIB). 0 when the port is not policed. */
uint64_t port_ingress_burst_bytes(const struct port_config *port);

#endif
