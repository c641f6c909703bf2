/* network.add, network.del, network.show */
#include <arpa/inet.h>
#include <string.h>

#include "../dataplane/lifecycle.h"
#include "../dataplane/mtu_view.h"
#include "commands.h"
#include "evpn.h"
#include "params.h"

static uint32_t fdb_entries_of(const struct datapath *dp, uint16_t network)
{
	const void *key;
	void *data;
	uint32_t iter = 0, n = 0;

	while (rte_hash_iterate(dp->fdb.hash, &key, &data, &iter) >= 0)
		n += ((const struct fdb_key *)key)->network == network;
	return n;
}

static const char *network_type_text(int type)
{
	return type == NETWORK_TYPE_VXLAN  ? "vxlan"
	       : type == NETWORK_TYPE_GRE  ? "gre"
	       : type == NETWORK_TYPE_VLAN ? "vlan"
					   : "flat";
}

static json_t *network_to_json(const struct datapath *dp, uint16_t index)
{
	const struct network_config *nc = &dp->desired.cfg.networks[index];
	json_t *ports = json_array();

	for (uint16_t p = 0; p < dp->n_ports; p++)
		if (datapath_port_in_use(dp, p) && dp->ports[p].network == index)
			json_array_append_new(ports, json_string(dp->ports[p].name));
	json_t *net = json_pack("{s:s, s:s, s:i, s:o, s:i}", "name", nc->name, "type",
				network_type_text(nc->type), "mac_aging", nc->mac_aging, "ports",
				ports, "fdb_entries", fdb_entries_of(dp, index));

	if (nc->type == NETWORK_TYPE_VXLAN) {
		json_object_set_new(net, "vni", json_integer(nc->vni));
		json_object_set_new(net, "evpn", json_boolean(nc->evpn));
	}
	if (nc->type == NETWORK_TYPE_VLAN) {
		json_object_set_new(net, "vid", json_integer(nc->vid));
		json_object_set_new(net, "port", json_string(nc->port));
	}
	if (nc->type == NETWORK_TYPE_GRE)
		json_object_set_new(net, "key", json_integer(nc->key));
	if (network_is_tunnel(nc)) {
		json_t *flood = json_array();

		for (uint32_t i = 0; i < nc->flood.n; i++) {
			struct in_addr a = {.s_addr = nc->flood.addrs[i]};
			char text[INET_ADDRSTRLEN];

			inet_ntop(AF_INET, &a, text, sizeof(text));
			json_array_append_new(flood, json_string(text));
		}
		json_object_set_new(net, "flood", flood);
		/* What the VMs may send; mtu_config says how it came about. */
		json_object_set_new(net, "mtu", json_integer(mtu_view_network_mtu(dp, index)));
		json_object_set_new(net, "mtu_config",
				    nc->mtu ? json_integer(nc->mtu) : json_string("auto"));
		json_object_set_new(net, "underlay_mtu", json_integer(mtu_view_underlay_mtu(dp)));
		json_object_set_new(net, "mss_clamp", json_boolean(nc->mss_clamp));
	}
	return net;
}

json_t *cmd_network_add(struct control *ctl, json_t *params, struct rpc_error *err)
{
	struct network_config nc;
	char why[512];
	int index;

	if (params_to_network(params, &nc, err) < 0)
		return NULL;
	if (datapath_find_network(ctl->dp, nc.name) >= 0) {
		rpc_fail(err, RPC_EXISTS, "network '%s' exists already", nc.name);
		return NULL;
	}
	if (config_check_network(&ctl->dp->desired.cfg, &nc, why, sizeof(why)) < 0) {
		rpc_fail(err, RPC_INVALID_PARAMS, "%s", why);
		return NULL;
	}
	if (nc.evpn && !ctl->evpn) {
		rpc_fail(err, RPC_FAILED,
			 "network '%s': evpn = yes needs netlink, which this sluice could not open "
			 "(see its log)",
			 nc.name);
		return NULL;
	}
	index = datapath_network_add(ctl->dp, &nc, why, sizeof(why));
	if (index < 0) {
		rpc_fail(err, RPC_FAILED, "%s", why);
		return NULL;
	}
	/* The shadow now, so a device in the way fails the request, not a log line. */
	if (ctl->evpn && nc.evpn && evpn_sync_networks(ctl->evpn, why, sizeof(why)) < 0) {
		char undo[256];

		rpc_fail(err, RPC_FAILED, "%s", why);
		datapath_network_del(ctl->dp, (uint16_t)index, undo, sizeof(undo));
		evpn_sync_networks(ctl->evpn, undo, sizeof(undo));
		return NULL;
	}
	return network_to_json(ctl->dp, (uint16_t)index);
}

json_t *cmd_network_del(struct control *ctl, json_t *params, struct rpc_error *err)
{
	int index = lookup_network(ctl->dp, params_string(params, "name", true, err), err);
	char why[512];

	if (index < 0)
		return NULL;
	if (datapath_network_del(ctl->dp, (uint16_t)index, why, sizeof(why)) < 0) {
		rpc_fail(err, RPC_FAILED, "%s", why);
		return NULL;
	}
	return json_object();
}

json_t *cmd_network_show(struct control *ctl, json_t *params, struct rpc_error *err)
{
	const char *name = params_string(params, "name", false, err);
	json_t *nets = json_array();

	if (name || (params && json_object_get(params, "name"))) {
		int index = lookup_network(ctl->dp, name, err);

		if (index < 0) {
			json_decref(nets);
			return NULL;
		}
		json_array_append_new(nets, network_to_json(ctl->dp, (uint16_t)index));
	} else {
		for (uint16_t i = 0; i < ctl->dp->desired.cfg.n_networks; i++)
			if (ctl->dp->desired.cfg.networks[i].name[0])
				json_array_append_new(nets, network_to_json(ctl->dp, i));
	}
	return json_pack("{s:o}", "networks", nets);
}
