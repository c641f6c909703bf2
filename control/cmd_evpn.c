/* evpn.show: per EVPN network its shadow, flood VTEPs by origin, remote and
 * local MACs; the netlink counters. */
#include <arpa/inet.h>
#include <stdlib.h>
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

/* One page of the MAC lists (evpn.show with macs): the entries among
 * entries[cursor .. cursor + FDB_SHOW_SCAN_MAX) that are remote MACs from
 * zebra or local MACs exported to zebra, of the networks shown (lists[2n]:
 * network n's remote list, lists[2n + 1] its local list, NULL when it is
 * not shown); at most FDB_SHOW_LIMIT_MAX MACs. As fdb.show, it walks the
 * entries array (fdb_walk_next) a bounded window at a time, so a request
 * never holds the control thread for the whole capacity (4 M at scale).
 * Returns the index the next page starts at (capacity: none). */
static uint32_t macs_page(const struct evpn *e, json_t **lists, uint16_t n_networks,
			  uint32_t cursor)
{
	const struct fdb *fdb = &e->dp->fdb;
	uint32_t end = cursor < fdb->capacity && fdb->capacity - cursor > FDB_SHOW_SCAN_MAX
			   ? cursor + FDB_SHOW_SCAN_MAX
			   : fdb->capacity;
	uint32_t i, n = 0;

	for (i = cursor; (i = fdb_walk_next(fdb->entries, fdb->capacity, i, end - i)) < end; i++) {
		const struct fdb_entry *ent = &fdb->entries[i];
		struct fdb_key key;
		json_t *list;

		fdb_entry_key(ent, &key);
		if (key.network >= n_networks || !lists[2 * key.network])
			continue;
		if (ent->is_static == FDB_ORIGIN_EVPN)
			list = lists[2 * key.network];
		else if (e->exported[i] && fdb_key_word(&e->exported_key[i]) == ent->key)
			list = lists[2 * key.network + 1];
		else
			continue;
		if (n == FDB_SHOW_LIMIT_MAX)
			break; /* the next page starts with this entry */
		json_array_append_new(
		    list, mac_json(key.mac, list == lists[2 * key.network] ? ent->remote : 0));
		n++;
	}
	return i;
}

static const char *shadow_state(const struct evpn_shadow *sh)
{
	if (!sh->active)
		return "failed";
	return if_nametoindex(sh->vx_name) == sh->vx ? "up" : "missing";
}

/* Network n's shadow, flood list and MAC counts; with lists (macs), its
 * remote and local lists, filled later by macs_page. */
static json_t *network_json(const struct evpn *e, uint16_t n, json_t **lists)
{
	const struct datapath *dp = e->dp;
	const struct evpn_shadow *sh = &e->nets[n];
	json_t *o = json_pack(
	    "{s:s, s:i, s:s, s:s, s:s, s:s, s:o}", "network", dp->desired.cfg.networks[n].name,
	    "vni", dp->desired.cfg.networks[n].vni, "bridge", sh->br_name, "vxlan", sh->vx_name,
	    "port", sh->vm_name, "state", shadow_state(sh), "flood", flood_json(dp, n));

	/* Counted by the export pass (once a second): no walk here. */
	json_object_set_new(o, "remote_macs", json_integer(sh->n_remote));
	json_object_set_new(o, "local_macs", json_integer(sh->n_exported));
	if (lists) {
		lists[2 * n] = json_array();
		lists[2 * n + 1] = json_array();
		json_object_set_new(o, "remote", lists[2 * n]);
		json_object_set_new(o, "local", lists[2 * n + 1]);
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
	uint16_t n_networks = ctl->dp->desired.cfg.n_networks;
	json_t *nets, *result, **lists = NULL;
	uint32_t cursor = 0, next;
	int only = -1;

	if (!e) {
		rpc_fail(err, RPC_FAILED, "this sluice runs without EVPN");
		return NULL;
	}
	if (macs && !json_is_boolean(macs)) {
		rpc_fail(err, RPC_INVALID_PARAMS, "param 'macs': true or false");
		return NULL;
	}
	if (params && json_object_get(params, "cursor") &&
	    params_uint(params, "cursor", 0, UINT32_MAX, &cursor, err) < 0)
		return NULL;
	if (name && (only = lookup_network(ctl->dp, name, err)) < 0)
		return NULL;
	if (json_is_true(macs) && !(lists = calloc(2 * (size_t)n_networks + 1, sizeof(*lists)))) {
		rpc_fail(err, RPC_FAILED, "out of memory");
		return NULL;
	}
	nets = json_array();
	for (uint16_t n = 0; n < n_networks; n++) {
		const struct network_config *nc = &ctl->dp->desired.cfg.networks[n];

		if (!nc->name[0] || !nc->evpn || (only >= 0 && n != only))
			continue;
		json_array_append_new(nets, network_json(e, n, lists));
	}
	result = json_pack("{s:o, s:o}", "networks", nets, "counters", counters_json(&e->c));
	json_object_set_new(result, "last_resync",
			    e->last_resync ? json_integer((json_int_t)e->last_resync)
					   : json_null());
	/* The MAC lists a page at a time, as fdb.show: "next" while there is
	 * more of the table to look at. */
	if (lists) {
		next = macs_page(e, lists, n_networks, cursor);
		if (next < ctl->dp->fdb.capacity)
			json_object_set_new(result, "next", json_integer(next));
		free(lists);
	}
	return result;
}
