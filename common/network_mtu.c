#include "network_mtu.h"

#include <stdio.h>

#include "config_types.h"

/* Outer Ethernet 14 (not counted by an MTU) is replaced by the inner one,
 * which the tunnel carries: VXLAN = IPv4 20 + UDP 8 + VXLAN 8 + inner
 * Ethernet 14; GRE = IPv4 20 + GRE 4 + key 4 + inner Ethernet 14. */
#define OVERHEAD_VXLAN 50
#define OVERHEAD_GRE 42
#define OVERHEAD_VLAN 4

uint32_t network_mtu_overhead(int type, bool underlay_vlan)
{
	uint32_t o;

	if (type == NETWORK_TYPE_VXLAN)
		o = OVERHEAD_VXLAN;
	else if (type == NETWORK_TYPE_GRE)
		o = OVERHEAD_GRE;
	else
		return 0;
	return o + (underlay_vlan ? OVERHEAD_VLAN : 0);
}

int network_mtu_resolve(int type, uint32_t configured, uint32_t phy_mtu, bool underlay_vlan,
			uint32_t *mtu, char *err, size_t errlen)
{
	uint32_t overhead = network_mtu_overhead(type, underlay_vlan);
	uint32_t room = phy_mtu > overhead ? phy_mtu - overhead : 0;

	if (configured == NETWORK_MTU_AUTO) {
		if (room < NETWORK_MTU_MIN) {
			snprintf(err, errlen,
				 "mtu auto: the underlay MTU %u minus the encapsulation's %u bytes "
				 "leaves %u, under the minimum %u",
				 phy_mtu, overhead, room, NETWORK_MTU_MIN);
			return -1;
		}
		*mtu = room;
		return 0;
	}
	if (configured > room) {
		snprintf(err, errlen,
			 "mtu %u does not fit: %u + %u bytes of encapsulation%s = %u exceeds the "
			 "underlay MTU %u (auto would be %u)",
			 configured, configured, overhead, underlay_vlan ? " and VLAN tag" : "",
			 configured + overhead, phy_mtu, room);
		return -1;
	}
	*mtu = configured;
	return 0;
}
