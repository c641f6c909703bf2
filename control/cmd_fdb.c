/* fdb.show, fdb.add, fdb.del, fdb.flush */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <rte_ether.h>

#include "commands.h"
#include "params.h"

static json_t *entry_to_json(const struct datapath *dp, const struct fdb_key *key,
			     const struct fdb_entry *e, uint32_t now)
{
	char mac[RTE_ETHER_ADDR_FMT_SIZE];
	struct rte_ether_addr addr;

	memcpy(addr.addr_bytes, key->mac, 6);
	rte_ether_format_addr(mac, sizeof(mac), &addr);
	json_t *entry = json_pack(
	    "{s:s, s:s, s:s, s:b, s:i}", "network", dp->desired.cfg.networks[key->network].name,
	    "mac", mac, "port", e->port < SLUICE_MAX_PORTS ? dp->ports[e->port].name : "", "static",
	    e->is_static == FDB_ORIGIN_STATIC, "age", e->is_static ? 0 : (int)(now - e->last_seen));

	/* Installed by FRR's zebra (evpn = yes): neither learned nor the operator's. */
	if (e->is_static == FDB_ORIGIN_EVPN)
		json_object_set_new(entry, "origin", json_string("evpn"));

	/* Behind a remote VTEP: port is the VTEP's, remote says which VTEP. */
	if (e->remote) {
		struct in_addr a = {.s_addr = e->remote};
		char text[INET_ADDRSTRLEN];

		json_object_set_new(entry, "remote",
				    json_string(inet_ntop(AF_INET, &a, text, sizeof(text))));
	}
	return entry;
}

/* An optional uint param: def when absent. */
static int optional_uint(json_t *params, const char *name, uint32_t min, uint32_t max, uint32_t def,
			 uint32_t *out, struct rpc_error *err)
{
	*out = def;
	if (!params || !json_object_get(params, name))
		return 0;
	return params_uint(params, name, min, max, out, err);
}

/* One page of the table: up to limit entries from cursor (an index in the
 * FDB's entries array, 0 for the start), and "next", the cursor of the
 * following page, when there is more to look at. Entries never move in that
 * array, so pages cover every entry present throughout exactly once, however
 * the table changes between them. A page looks at no more than
 * FDB_SHOW_SCAN_MAX slots: a sparse 4 M table or a network filter matching
 * little never holds the control thread, and such a page may hold fewer
 * than limit entries (even none) with a "next". */
json_t *cmd_fdb_show(struct control *ctl, json_t *params, struct rpc_error *err)
{
	const char *name = params_string(params, "network", false, err);
	const struct fdb *fdb = &ctl->dp->fdb;
	int net = -1;
	json_t *entries, *result;
	uint32_t limit, cursor, end, i, n = 0, now = datapath_now(ctl->dp);

	if (params && json_object_get(params, "network") &&
	    (net = lookup_network(ctl->dp, name, err)) < 0)
		return NULL;
	if (optional_uint(params, "limit", 1, FDB_SHOW_LIMIT_MAX, FDB_SHOW_LIMIT_MAX, &limit, err) <
		0 ||
	    optional_uint(params, "cursor", 0, UINT32_MAX, 0, &cursor, err) < 0)
		return NULL;
	end = cursor < fdb->capacity && fdb->capacity - cursor > FDB_SHOW_SCAN_MAX
		  ? cursor + FDB_SHOW_SCAN_MAX
		  : fdb->capacity;
	entries = json_array();
	for (i = cursor; (i = fdb_walk_next(fdb->entries, fdb->capacity, i, end - i)) < end; i++) {
		struct fdb_key key;

		fdb_entry_key(&fdb->entries[i], &key);
		if (net >= 0 && key.network != net)
			continue;
		if (n == limit)
			break; /* the next page starts with this entry */
		json_array_append_new(entries, entry_to_json(ctl->dp, &key, &fdb->entries[i], now));
		n++;
	}
	result = json_pack("{s:o}", "entries", entries);
	if (i < fdb->capacity)
		json_object_set_new(result, "next", json_integer(i));
	return result;
}

/* network and mac params to a key; returns 0 or -1 with err. */
static int key_from_params(struct control *ctl, json_t *params, struct fdb_key *key,
			   struct rpc_error *err)
{
	int net = lookup_network(ctl->dp, params_string(params, "network", true, err), err);
	const char *mac = net < 0 ? NULL : params_string(params, "mac", true, err);
	uint8_t bytes[6];
	char why[128];

	if (!mac)
		return -1;
	if (schema_parse_mac(mac, bytes, why, sizeof(why)) < 0) {
		rpc_fail(err, RPC_INVALID_PARAMS, "param 'mac': %s", why);
		return -1;
	}
	fdb_key_set(key, bytes, (uint16_t)net);
	return 0;
}

/* A static entry behind a remote VTEP: port must be the VTEP's, the network
 * a tunnel network. */
static json_t *add_remote(struct control *ctl, json_t *params, const struct fdb_key *key, int port,
			  struct rpc_error *err)
{
	const struct datapath *dp = ctl->dp;
	const char *text = params_string(params, "remote", true, err);
	uint32_t remote;
	char why[128];

	if (!text)
		return NULL;
	if (schema_parse_ipv4(text, &remote, why, sizeof(why)) < 0) {
		rpc_fail(err, RPC_INVALID_PARAMS, "param 'remote': %s", why);
		return NULL;
	}
	if (!dp->view->vtep.enabled || port != dp->view->vtep.port) {
		rpc_fail(err, RPC_INVALID_PARAMS, "port '%s' is not the VTEP's port",
			 dp->ports[port].name);
		return NULL;
	}
	if (!network_is_tunnel(&dp->desired.cfg.networks[key->network])) {
		rpc_fail(err, RPC_INVALID_PARAMS, "network '%s' is not a vxlan or gre network",
			 dp->desired.cfg.networks[key->network].name);
		return NULL;
	}
	if (remote == dp->view->vtep.addr) {
		rpc_fail(err, RPC_INVALID_PARAMS, "param 'remote': the VTEP's own address");
		return NULL;
	}
	if (fdb_learn(&ctl->dp->fdb, key, (uint16_t)port, remote, true, datapath_now(ctl->dp)) <
	    0) {
		rpc_fail(err, RPC_FAILED, "the FDB is full (fdb-entries = %u)",
			 ctl->dp->desired.cfg.dataplane.fdb_entries);
		return NULL;
	}
	return entry_to_json(ctl->dp, key, fdb_find(&ctl->dp->fdb, key), datapath_now(ctl->dp));
}

json_t *cmd_fdb_add(struct control *ctl, json_t *params, struct rpc_error *err)
{
	struct fdb_key key;
	int port;

	if (key_from_params(ctl, params, &key, err) < 0)
		return NULL;
	port = lookup_port(ctl->dp, params_string(params, "port", true, err), err);
	if (port < 0)
		return NULL;
	if (params && json_object_get(params, "remote"))
		return add_remote(ctl, params, &key, port, err);
	if (ctl->dp->ports[port].network != key.network) {
		rpc_fail(err, RPC_INVALID_PARAMS, "port '%s' is not in network '%s'",
			 ctl->dp->ports[port].name,
			 ctl->dp->desired.cfg.networks[key.network].name);
		return NULL;
	}
	if (fdb_learn(&ctl->dp->fdb, &key, (uint16_t)port, 0, true, datapath_now(ctl->dp)) < 0) {
		rpc_fail(err, RPC_FAILED, "the FDB is full (fdb-entries = %u)",
			 ctl->dp->desired.cfg.dataplane.fdb_entries);
		return NULL;
	}
	return entry_to_json(ctl->dp, &key, fdb_find(&ctl->dp->fdb, &key), datapath_now(ctl->dp));
}

json_t *cmd_fdb_del(struct control *ctl, json_t *params, struct rpc_error *err)
{
	struct fdb_key key;

	if (key_from_params(ctl, params, &key, err) < 0)
		return NULL;
	if (fdb_delete(&ctl->dp->fdb, &key) < 0) {
		rpc_fail(err, RPC_NOT_FOUND, "no entry for %s in network '%s'",
			 json_string_value(json_object_get(params, "mac")),
			 ctl->dp->desired.cfg.networks[key.network].name);
		return NULL;
	}
	return json_object();
}

json_t *cmd_fdb_flush(struct control *ctl, json_t *params, struct rpc_error *err)
{
	int net = -1, port = -1;
	uint32_t removed = 0;

	if (params && json_object_get(params, "network") &&
	    (net = lookup_network(ctl->dp, params_string(params, "network", true, err), err)) < 0)
		return NULL;
	if (params && json_object_get(params, "port") &&
	    (port = lookup_port(ctl->dp, params_string(params, "port", true, err), err)) < 0)
		return NULL;
	if (port >= 0 && net >= 0 && ctl->dp->ports[port].network != net)
		removed = 0; /* the port learns only in its own network */
	else if (port >= 0)
		removed = fdb_flush_port(&ctl->dp->fdb, (uint16_t)port);
	else if (net >= 0)
		removed = fdb_flush_network(&ctl->dp->fdb, (uint16_t)net);
	else
		for (uint16_t n = 0; n < ctl->dp->desired.cfg.n_networks; n++)
			removed += fdb_flush_network(&ctl->dp->fdb, n);
	return json_pack("{s:i}", "removed", removed);
}
