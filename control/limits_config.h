/* The limits of a port (issue 13): defaults that depend on the port's type,
 * and the policer burst derived from its rate. Pure: no DPDK. */
#ifndef SLUICE_LIMITS_CONFIG_H
#define SLUICE_LIMITS_CONFIG_H

#include <stdint.h>

#include "../common/ingress_burst.h"
#include "config.h"

/* "Not given": validation replaces it with the default of the port's type. */
#define PORT_LIMIT_DEFAULT UINT32_MAX
/* A VM's port: more than a normal guest ever uses (a few MACs, a few ARP
 * broadcasts a second), far less than a flood. Phy ports carry many hosts:
 * no limit unless the operator sets one. */
#define VHOST_MAC_LIMIT 1024
#define VHOST_STORM_PPS 10000

/* port_config_defaults: the limits are "not given". */
void port_limits_defaults(struct port_config *port);
/* Validation: every limit not given takes its type's default. */
void port_limits_resolve(struct port_config *port);

#endif
