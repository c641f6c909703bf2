/* port.add, port.del, port.show */
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <linux/virtio_net.h>
#include <rte_vhost.h>

#include "cmd_port_limits.h"
#include "../dataplane/lifecycle.h"
#include "../dataplane/stats.h"
#include "commands.h"
#include "params.h"

static json_t *phy_json(const struct datapath *dp, const struct port *port)
{
	const struct port_config *pc = &dp->desired.cfg.ports[port->index];
	struct rte_eth_link link = {0};
	struct rte_eth_stats st = {0};

	rte_eth_link_get_nowait(port->eth_port, &link);
	/* imissed: frames the NIC dropped because the rx ring was full. */
	rte_eth_stats_get(port->eth_port, &st);
	return json_pack("{s:s, s:i, s:b, s:I, s:i, s:i, s:i, s:i, s:I}", "devargs", pc->devargs,
			 "eth_port", port->eth_port, "link_up", link.link_status == RTE_ETH_LINK_UP,
			 "link_speed", (json_int_t)link.link_speed, "rx_queues", port->n_rxq,
			 "tx_queues", port->n_txq, "rx_descriptors", pc->rx_descriptors,
			 "tx_descriptors", pc->tx_descriptors, "rx_missed", (json_int_t)st.imissed);
}

/* The offload features a guest negotiated, by their virtio names. */
static json_t *offload_names(uint64_t features)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
	    {VIRTIO_NET_F_CSUM, "csum"},
	    {VIRTIO_NET_F_GUEST_CSUM, "guest_csum"},
	    {VIRTIO_NET_F_HOST_TSO4, "host_tso4"},
	    {VIRTIO_NET_F_HOST_TSO6, "host_tso6"},
	    {VIRTIO_NET_F_GUEST_TSO4, "guest_tso4"},
	    {VIRTIO_NET_F_GUEST_TSO6, "guest_tso6"},
	    {VIRTIO_NET_F_MRG_RXBUF, "mrg_rxbuf"},
	};
	json_t *a = json_array();

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (features & (1ULL << names[i].bit))
			json_array_append_new(a, json_string(names[i].name));
	return a;
}

static json_t *vhost_json(const struct port *port)
{
	bool ready = __atomic_load_n(&port->ready, __ATOMIC_ACQUIRE);
	json_t *rx = json_array(), *tx = json_array();
	json_t *v;
	uint64_t features = 0;
	char text[32] = "";

	for (uint16_t q = 0; q < port->max_queues; q++) {
		if (port->vring_enabled_mask & (1ULL << (2 * q)))
			json_array_append_new(rx, json_integer(q));
		if (port->vring_enabled_mask & (1ULL << (2 * q + 1)))
			json_array_append_new(tx, json_integer(q));
	}
	if (ready && rte_vhost_get_negotiated_features(port->vid, &features) == 0)
		snprintf(text, sizeof(text), "0x%llx", (unsigned long long)features);
	v = json_pack("{s:s, s:s, s:I, s:I, s:i, s:o, s:o}", "socket", port->socket, "mode",
		      port->mode == VHOST_MODE_CLIENT ? "client" : "server", "connects",
		      (json_int_t)port->connects, "disconnects", (json_int_t)port->disconnects,
		      "max_queues", port->max_queues, "rx_queues_enabled", rx, "tx_queues_enabled",
		      tx);
	if (ready) {
		json_object_set_new(v, "features", json_string(text));
		json_object_set_new(v, "guest_numa_node", json_integer(port->numa_node));
		json_object_set_new(v, "offloads_negotiated", offload_names(features));
	}
	json_object_set_new(v, "offloads", json_string(port->offloads ? "on" : "off"));
	/* Known only when the front end announced it (QEMU host_mtu);
	 * virtio_user never does. */
	json_object_set_new(v, "mtu_policy",
			    json_string(port->mtu_policy == MTU_POLICY_WARN ? "warn" : "enforce"));
	json_object_set_new(v, "guest_mtu_refused",
			    json_integer((json_int_t)port->guest_mtu_refused));
	if (port->guest_mtu) {
		const char *status =
		    port->guest_mtu_limit == 0 || port->guest_mtu <= port->guest_mtu_limit ? "fits"
		    : port->mtu_policy == MTU_POLICY_WARN ? "over network mtu"
							  : "refused";

		json_object_set_new(v, "guest_mtu", json_integer(port->guest_mtu));
		json_object_set_new(v, "guest_mtu_status", json_string(status));
	}
	return v;
}

/* Whose are a guest's transmit drops: its own (its rx ring was full after
 * the retries) or the switch's (everything else counted on the port). */
static json_t *tx_drops_json(const struct datapath *dp, uint16_t index)
{
	struct port_counters pc;
	struct queue_counters rx, tx;
	uint64_t drops;

	stats_port(dp, index, &pc);
	stats_port_totals(&pc, &rx, &tx, &drops);
	return json_pack("{s:I, s:I, s:I}", "retries", (json_int_t)pc.vhost_tx_retries,
			 "guest_ring_full", (json_int_t)pc.drops[DROP_VHOST_QUEUE_FULL], "switch",
			 (json_int_t)(drops - pc.drops[DROP_VHOST_QUEUE_FULL]));
}

json_t *port_to_json(const struct datapath *dp, uint16_t index)
{
	const struct port *port = &dp->ports[index];
	const char *net =
	    port->network == PORT_NO_NETWORK ? "" : dp->desired.cfg.networks[port->network].name;
	bool up = port->type == PORT_TYPE_PHY ? port->started
					      : __atomic_load_n(&port->ready, __ATOMIC_ACQUIRE);
	json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "name", port->name, "type",
			      port->type == PORT_TYPE_PHY ? "phy" : "vhost", "network", net,
			      "state", up ? "up" : "down");

	if (port->type == PORT_TYPE_PHY) {
		json_object_set_new(j, "mtu", json_integer(port->mtu));
		json_object_set_new(j, "numa_node", json_integer(port->numa_node));
		json_object_set_new(j, "phy", phy_json(dp, port));
	} else {
		json_object_set_new(j, "vhost", vhost_json(port));
		json_object_set_new(j, "security", port_security_json(dp, index));
		json_object_set_new(j, "tx_drops", tx_drops_json(dp, index));
	}
	if (port->has_mac) {
		char mac[RTE_ETHER_ADDR_FMT_SIZE];

		rte_ether_format_addr(mac, sizeof(mac), &port->mac);
		json_object_set_new(j, "mac", json_string(mac));
	}
	json_object_set_new(j, "limits", port_limits_json(dp, index));
	return j;
}

json_t *cmd_port_add(struct control *ctl, json_t *params, struct rpc_error *err)
{
	struct port_config pc;
	char why[512];
	int index;

	if (params_to_port(params, &pc, err) < 0)
		return NULL;
	if (datapath_find_port(ctl->dp, pc.name) >= 0) {
		rpc_fail(err, RPC_EXISTS, "port '%s' exists already", pc.name);
		return NULL;
	}
	if (config_check_port(&ctl->dp->desired.cfg, &ctl->dp->desired.host, &pc, why,
			      sizeof(why)) < 0) {
		rpc_fail(err, RPC_INVALID_PARAMS, "%s", why);
		return NULL;
	}
	index = datapath_port_add(ctl->dp, &pc, why, sizeof(why));
	if (index < 0) {
		rpc_fail(err, RPC_FAILED, "%s", why);
		return NULL;
	}
	return port_to_json(ctl->dp, (uint16_t)index);
}

json_t *cmd_port_del(struct control *ctl, json_t *params, struct rpc_error *err)
{
	int index = lookup_port(ctl->dp, params_string(params, "name", true, err), err);

	if (index < 0)
		return NULL;
	/* Without its port the VTEP could not send, and packets waiting for
	 * ARP would wait for ever: tunnel networks need it as long as sluice runs. */
	if (ctl->dp->desired.cfg.vtep.present &&
	    strcmp(ctl->dp->desired.cfg.vtep.port, ctl->dp->ports[index].name) == 0) {
		rpc_fail(err, RPC_FAILED, "port '%s' is the VTEP's port ([vtep] port); it stays",
			 ctl->dp->ports[index].name);
		return NULL;
	}
	if (datapath_port_del(ctl->dp, (uint16_t)index) < 0) {
		rpc_fail(err, RPC_FAILED, "out of memory for the forwarding view; nothing changed");
		return NULL;
	}
	return json_object();
}

json_t *cmd_port_show(struct control *ctl, json_t *params, struct rpc_error *err)
{
	const char *name = params_string(params, "name", false, err);
	json_t *ports = json_array();

	if (name) {
		int index = lookup_port(ctl->dp, name, err);

		if (index < 0) {
			json_decref(ports);
			return NULL;
		}
		json_array_append_new(ports, port_to_json(ctl->dp, (uint16_t)index));
	} else if (params && json_object_get(params, "name")) {
		json_decref(ports);
		return NULL;
	} else {
		for (uint16_t i = 0; i < ctl->dp->n_ports; i++)
			if (datapath_port_in_use(ctl->dp, i))
				json_array_append_new(ports, port_to_json(ctl->dp, i));
	}
	return json_pack("{s:o}", "ports", ports);
}
