#include "mtu_view.h"

#include "../common/network_mtu.h"
#include "datapath.h"

uint16_t mtu_view_underlay_mtu(const struct datapath *dp)
{
	int port;

	if (!dp->desired.cfg.vtep.present)
		return 0;
	port = datapath_find_port(dp, dp->desired.cfg.vtep.port);
	if (port < 0 || !datapath_port_in_use(dp, (uint16_t)port))
		return 0;
	return dp->ports[port].mtu ? dp->ports[port].mtu : NETWORK_MTU_UNDERLAY_DEFAULT;
}

uint16_t mtu_view_network_mtu(const struct datapath *dp, uint16_t network)
{
	const struct network_config *nc;
	uint16_t phy = mtu_view_underlay_mtu(dp);
	bool vlan = dp->desired.cfg.vtep.vlan != 0;
	uint32_t mtu;
	char why[256];

	if (network >= dp->desired.cfg.n_networks)
		return 0;
	nc = &dp->desired.cfg.networks[network];
	if (!nc->name[0] || !network_is_tunnel(nc) || phy == 0)
		return 0;
	/* A tag on the underlay ([vtep] vlan) costs its 4 bytes too. */
	if (network_mtu_resolve(nc->type, nc->mtu, phy, vlan, &mtu, why, sizeof(why)) == 0)
		return (uint16_t)mtu;
	if (network_mtu_resolve(nc->type, NETWORK_MTU_AUTO, phy, vlan, &mtu, why, sizeof(why)) == 0)
		return (uint16_t)mtu;
	return NETWORK_MTU_MIN;
}
