/* The MTU of a tunnel network as the running datapath sees it: the
 * configured value or auto, over the live MTU of the VTEP's port. Control
 * thread (view building, network.show) and the vhost event thread (the guest
 * MTU check) call it; PMDs read the result from the forwarding view. */
#ifndef SLUICE_MTU_VIEW_H
#define SLUICE_MTU_VIEW_H

#include <stdint.h>

struct datapath;

/* 0 when network is not a tunnel network or has no VTEP port yet. An
 * explicit mtu that no longer fits the port (a device smaller than the
 * config assumed) is cut to what fits: the outer packet is never
 * fragmented. */
uint16_t mtu_view_network_mtu(const struct datapath *dp, uint16_t network);

/* The MTU of the VTEP's port (the underlay), 0 when there is none. */
uint16_t mtu_view_underlay_mtu(const struct datapath *dp);

#endif
