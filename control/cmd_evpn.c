/* evpn.show: per EVPN network its shadow, flood VTEPs by origin, remote and
 * local MACs; the netlink counters. */
#include <arpa/inet.h>
#include <string.h>

#include <rte_ether.h>

#include "../dataplane/flood_union.h"
#include "commands.h"
#include "evpn.h"
#include "params.h"

static json_t *ip_json(uint32_t addr)
{
	struct in_addr a = {.s_addr = addr};
	char text[INET_ADDRSTRLEN];

	return json_string(inet_ntop(AF_INET, &a, text, sizeof(text)));
}

static json_t *flood_json(const struct datapath *dp, uint16_t n)
{
	const struct ipv4_list *fixed = &dp->desired.cfg.networks[n].flood;
	const struct flood_vteps *dyn = &dp->desired.evpn_flood[n];
	json_t *list = json_array();

	/* A VTEP both in the file and from zebra is listed once per origin. */
	for (uint32_t i = 0; i < fixed->n; i++)
		json_array_append_new(
		    list,
		    json_pack("{s:o, s:s}", "vtep", ip_json(fixed->addrs[i]), "origin", "static"));
	for (uint32_t i = 0; i < dyn->n; i++)
		json_array_append_new(list, json_pack("{s:o, s:s}", "vtep", ip_json(dyn->addrs[i]),
						      "origin", "evpn"));
	return list;
}

static json_t *mac_json(const uint8_t *mac, uint32_t remote)
{
	char text[RTE_ETHER_ADDR_FMT_SIZE];
	struct rte_ether_addr addr;
	json_t *o;

	memcpy(addr.addr_bytes, mac, 6);
	rte_ether_format_addr(text, sizeof(text), &addr);
	o = json_pack("{s:s}", "mac", text);
	if (remote)
		json_object_set_new(o, "remote", ip_json(remote));
	return o;
}

/* Remote MACs from zebra in network n: their count and, asked, the list. */
static uint32_t remote_macs(const struct datapath *dp, uint16_t n, json_t *list)
{
	const void *k;
	void *data;
	uint32_t iter = 0, count = 0;

	while (rte_hash_iterate(dp->fdb.hash, &k, &data, &iter) >= 0) {
		const struct fdb_key *key = k;
		const struct fdb_entry *e = &dp->fdb.entries[(uintptr_t)data];

		if (key->network != n || e->is_static != FDB_ORIGIN_EVPN)
			continue;
		count++;
		if (list && json_array_size(list) < FDB_SHOW_LIMIT_MAX)
			json_array_append_new(list, mac_json(key->mac, e->remote));
	}
	return count;
}

static json_t *local_macs(const struct evpn *e, uint16_t n)
{
	json_t *list = json_array();

	for (uint32_t i = 0; i < e->dp->fdb.capacity && json_array_size(list) < FDB_SHOW_LIMIT_MAX;
	     i++)
		if (e->exported[i] && e->exported_key[i].network == n)
			json_array_append_new(list, mac_json(e->exported_key[i].mac, 0));
	return list;
}

static const char *shadow_state(const struct evpn_shadow *sh)
{
	if (!sh->active)
		return "failed";
	return if_nametoindex(sh->vx_name) == sh->vx ? "up" : "missing";
}

static json_t *network_json(const struct evpn *e, uint16_t n, bool macs)
{
	const struct datapath *dp = e->dp;
	const struct evpn_shadow *sh = &e->nets[n];
	json_t *remote = macs ? json_array() : NULL;
	json_t *o = json_pack(
	    "{s:s, s:i, s:s, s:s, s:s, s:s, s:o}", "network", dp->desired.cfg.networks[n].name,
	    "vni", dp->desired.cfg.networks[n].vni, "bridge", sh->br_name, "vxlan", sh->vx_name,
	    "port", sh->vm_name, "state", shadow_state(sh), "flood", flood_json(dp, n));

	json_object_set_new(o, "remote_macs", json_integer(remote_macs(dp, n, remote)));
	json_object_set_new(o, "local_macs", json_integer(sh->n_exported));
	if (macs) {
		json_object_set_new(o, "remote", remote);
		json_object_set_new(o, "local", local_macs(e, n));
	}
	return o;
}

static json_t *counters_json(const struct evpn_counters *c)
{
	return json_pack(
	    "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "applied",
	    (json_int_t)c->applied, "ignored_foreign", (json_int_t)c->ignored_foreign,
	    "ignored_vni", (json_int_t)c->ignored_vni, "ignored_own_vtep",
	    (json_int_t)c->ignored_own_vtep, "refused_flood", (json_int_t)c->refused_flood,
	    "refused_static", (json_int_t)c->refused_static, "refused_fdb_full",
	    (json_int_t)c->refused_fdb_full, "overruns", (json_int_t)c->overruns, "resyncs",
	    (json_int_t)c->resyncs, "exported", (json_int_t)c->exported, "withdrawn",
	    (json_int_t)c->withdrawn, "export_errors", (json_int_t)c->export_errors);
}

json_t *cmd_evpn_show(struct control *ctl, json_t *params, struct rpc_error *err)
{
	const struct evpn *e = ctl->evpn;
	const char *name = params_string(params, "network", false, err);
	json_t *macs = params ? json_object_get(params, "macs") : NULL;
	json_t *nets, *result;
	int only = -1;

	if (!e) {
		rpc_fail(err, RPC_FAILED, "this sluice runs without EVPN");
		return NULL;
	}
	if (macs && !json_is_boolean(macs)) {
		rpc_fail(err, RPC_INVALID_PARAMS, "param 'macs': true or false");
		return NULL;
	}
	if (name && (only = lookup_network(ctl->dp, name, err)) < 0)
		return NULL;
	nets = json_array();
	for (uint16_t n = 0; n < ctl->dp->desired.cfg.n_networks; n++) {
		const struct network_config *nc = &ctl->dp->desired.cfg.networks[n];

		if (!nc->name[0] || !nc->evpn || (only >= 0 && n != only))
			continue;
		json_array_append_new(nets, network_json(e, n, json_is_true(macs)));
	}
	result = json_pack("{s:o, s:o}", "networks", nets, "counters", counters_json(&e->c));
	json_object_set_new(result, "last_resync",
			    e->last_resync ? json_integer((json_int_t)e->last_resync)
					   : json_null());
	return result;
}
