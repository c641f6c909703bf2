/* The MTU of a tunnel network: what its VMs may send so that the
 * encapsulated packet still fits the underlay (RFC 7348 section 4.3: the
 * outer packet is never fragmented). Pure: no DPDK. */
#ifndef SLUICE_NETWORK_MTU_H
#define SLUICE_NETWORK_MTU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NETWORK_MTU_AUTO 0
#define NETWORK_MTU_MIN 68 /* RFC 791: every IPv4 host takes 68 bytes unfragmented */
/* The underlay MTU assumed when the VTEP's port leaves its device default. */
#define NETWORK_MTU_UNDERLAY_DEFAULT 1500

/* Bytes the encapsulation of a network type (enum network_type) costs:
 * VXLAN over IPv4 50, GRE with key over IPv4 42, plus 4 for a VLAN tag on the
 * underlay; 0 for a network that is not tunnelled. */
uint32_t network_mtu_overhead(int type, bool underlay_vlan);

/* The network's MTU: `configured` (NETWORK_MTU_AUTO for auto) over an
 * underlay of phy_mtu. Auto is phy_mtu minus the overhead; an explicit value
 * must fit under it. Returns -1 with the reason in err when it does not, or
 * when auto leaves less than NETWORK_MTU_MIN. */
int network_mtu_resolve(int type, uint32_t configured, uint32_t phy_mtu, bool underlay_vlan,
			uint32_t *mtu, char *err, size_t errlen);

#endif
