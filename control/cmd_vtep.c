/* vtep.show, neighbour.show, neighbour.add, neighbour.del */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <rte_ether.h>

#include "../dataplane/kernel_tap.h"
#include "../dataplane/vtep_arp.h"
#include "commands.h"
#include "params.h"

static json_t *ip_json(uint32_t addr)
{
	struct in_addr a = {.s_addr = addr};
	char text[INET_ADDRSTRLEN];

	return json_string(inet_ntop(AF_INET, &a, text, sizeof(text)));
}

static json_t *mac_json(const uint8_t *mac)
{
	char text[RTE_ETHER_ADDR_FMT_SIZE];
	struct rte_ether_addr a;

	memcpy(a.addr_bytes, mac, 6);
	rte_ether_format_addr(text, sizeof(text), &a);
	return json_string(text);
}

static bool have_vtep(const struct datapath *dp, struct rpc_error *err)
{
	if (dp->view && dp->view->vtep.enabled && dp->vtep_ctl)
		return true;
	rpc_fail(err, RPC_NOT_FOUND, "no VTEP: the config has no [vtep] section");
	return false;
}

/* [vtep] kernel-tap: null when off. */
static json_t *kernel_tap_json(const struct kernel_tap *tap)
{
	const struct kernel_tap_stats *s;

	if (!tap)
		return json_null();
	s = &tap->stats;
	return json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "device", KERNEL_TAP_IFNAME, "to_kernel",
			 (json_int_t)s->to_kernel, "arp_mirrored", (json_int_t)s->arp_mirrored,
			 "to_kernel_failed", (json_int_t)s->to_kernel_failed, "from_kernel",
			 (json_int_t)s->from_kernel, "from_kernel_refused",
			 (json_int_t)s->from_kernel_refused);
}

json_t *cmd_vtep_show(struct control *ctl, json_t *params, struct rpc_error *err)
{
	const struct datapath *dp = ctl->dp;
	const struct vtep_view *v;
	const struct vtep_ctl_stats *s;
	char address[32];
	json_t *stats;

	(void)params;
	if (!have_vtep(dp, err))
		return NULL;
	v = &dp->view->vtep;
	s = &dp->vtep_ctl->stats;
	{
		json_t *ip = ip_json(v->addr);

		snprintf(address, sizeof(address), "%s/%u", json_string_value(ip), v->prefix_len);
		json_decref(ip);
	}
	stats = json_pack(
	    "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "arp_received",
	    (json_int_t)s->arp_received, "arp_malformed", (json_int_t)s->arp_malformed,
	    "arp_rate_limited", (json_int_t)s->arp_rate_limited, "requests_sent",
	    (json_int_t)s->requests_sent, "refreshes_sent", (json_int_t)s->refreshes_sent,
	    "replies_sent", (json_int_t)s->replies_sent, "conflicts", (json_int_t)s->conflicts,
	    "resolved_sent", (json_int_t)s->resolved_sent, "wait_queue_full",
	    (json_int_t)s->wait_queue_full, "unresolved", (json_int_t)s->unresolved, "tx_failed",
	    (json_int_t)s->tx_failed, "neighbours_aged", (json_int_t)s->neighbours_aged,
	    "learn_refused", (json_int_t)s->learn_refused);
	return json_pack("{s:s, s:s, s:o, s:i, s:b, s:i, s:o, s:o, s:o, s:o}", "address", address,
			 "port", dp->ports[v->port].name, "gateway",
			 v->gateway ? ip_json(v->gateway) : json_null(), "ttl", v->ttl, "df", v->df,
			 "vxlan_port", v->udp_port, "vlan",
			 v->vlan ? json_integer(v->vlan) : json_null(), "mac", mac_json(v->mac),
			 "stats", stats, "kernel_tap", kernel_tap_json(dp->vtep_ctl->tap));
}

static const char *state_name(const struct neigh_slot *s)
{
	return s->state == NEIGH_REACHABLE ? "reachable" : "incomplete";
}

static json_t *neighbour_to_json(const struct datapath *dp, const struct neigh_slot *s)
{
	uint8_t mac[6];
	bool known = neigh_lookup((struct neigh_table *)&dp->neigh, s->ip, mac);

	return json_pack("{s:o, s:o, s:s, s:b, s:i, s:i}", "address", ip_json(s->ip), "mac",
			 known ? mac_json(mac) : json_null(), "state", state_name(s), "static",
			 s->is_static, "age",
			 known && !s->is_static ? (int)(datapath_now(dp) - s->updated) : 0,
			 "waiting", s->n_waiting);
}

json_t *cmd_neighbour_show(struct control *ctl, json_t *params, struct rpc_error *err)
{
	json_t *list;

	(void)params;
	if (!have_vtep(ctl->dp, err))
		return NULL;
	list = json_array();
	for (uint32_t i = 0; i < ctl->dp->neigh.n_slots; i++) {
		const struct neigh_slot *s = &ctl->dp->neigh.slot[i];

		if (s->ip && (s->state == NEIGH_REACHABLE || s->state == NEIGH_INCOMPLETE))
			json_array_append_new(list, neighbour_to_json(ctl->dp, s));
	}
	return json_pack("{s:o}", "neighbours", list);
}

static int address_param(json_t *params, uint32_t *ip, struct rpc_error *err)
{
	const char *text = params_string(params, "address", true, err);
	char why[128];

	if (!text)
		return -1;
	if (schema_parse_ipv4(text, ip, why, sizeof(why)) < 0) {
		rpc_fail(err, RPC_INVALID_PARAMS, "param 'address': %s", why);
		return -1;
	}
	return 0;
}

json_t *cmd_neighbour_add(struct control *ctl, json_t *params, struct rpc_error *err)
{
	const char *mac_text;
	uint8_t mac[6];
	uint32_t ip;
	char why[128];

	if (!have_vtep(ctl->dp, err) || address_param(params, &ip, err) < 0)
		return NULL;
	mac_text = params_string(params, "mac", true, err);
	if (!mac_text)
		return NULL;
	if (schema_parse_mac(mac_text, mac, why, sizeof(why)) < 0) {
		rpc_fail(err, RPC_INVALID_PARAMS, "param 'mac': %s", why);
		return NULL;
	}
	if (ip == ctl->dp->view->vtep.addr) {
		rpc_fail(err, RPC_INVALID_PARAMS, "param 'address': the VTEP's own address");
		return NULL;
	}
	if (vtep_neighbour_add(ctl->dp, ip, mac) < 0) {
		rpc_fail(err, RPC_FAILED, "the neighbour table is full (%u slots)",
			 ctl->dp->neigh.n_slots);
		return NULL;
	}
	return neighbour_to_json(ctl->dp, neigh_find(&ctl->dp->neigh, ip));
}

json_t *cmd_neighbour_del(struct control *ctl, json_t *params, struct rpc_error *err)
{
	uint32_t ip;

	if (!have_vtep(ctl->dp, err) || address_param(params, &ip, err) < 0)
		return NULL;
	if (vtep_neighbour_del(ctl->dp, ip) < 0) {
		rpc_fail(err, RPC_NOT_FOUND, "no neighbour '%s'",
			 params_string(params, "address", true, err));
		return NULL;
	}
	return json_object();
}
