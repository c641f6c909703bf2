#include "commands.h"

#include <string.h>

#include "params.h"

static const char *const none[] = {NULL};
static const char *const name_only[] = {"name", NULL};
static const char *const log_params[] = {"level", "pattern", NULL};
static const char *const fdb_show_params[] = {"network", "limit", "cursor", NULL};
static const char *const fdb_add_params[] = {"network", "mac", "port", "remote", NULL};
static const char *const fdb_del_params[] = {"network", "mac", NULL};
static const char *const fdb_flush_params[] = {"network", "port", NULL};
static const char *const rxq_set_params[] = {"port", "queue", "core", NULL};
static const char *const rxq_auto_params[] = {"rebalance", "rebalance-interval",
					      "rebalance-threshold", "pmd-sleep-max", NULL};
static const char *const neighbour_add_params[] = {"address", "mac", NULL};
static const char *const neighbour_del_params[] = {"address", NULL};
static const char *const reload_params[] = {"path", "dry_run", NULL};
static const char *const capture_start_params[] = {"port", "count", "direction", "path", NULL};
static const char *const port_only[] = {"port", NULL};
static const char *const trace_start_params[] = {"port", "count", NULL};
static const char *const evpn_show_params[] = {"network", "macs", "cursor", NULL};

const struct command command_table[] = {
    {"version", cmd_version, none, "sluice and DPDK versions"},
    {"system.show", cmd_system_show, none, "cores, hugepages, config file and PID of this sluice"},
    {"shutdown", cmd_shutdown, none, "stop sluice cleanly, as SIGTERM does"},
    {"log.level", cmd_log_level, log_params, "set the DPDK log level of types matching pattern"},
    {"port.add", cmd_port_add, NULL, "add a port: name, type and any [port] key"},
    {"port.del", cmd_port_del, name_only, "delete a port"},
    {"port.set", cmd_port_set, NULL,
     "change keys of a running port (mac, port security, ...): name and KEY: VALUE"},
    {"port.show", cmd_port_show, name_only, "ports with state, queues, vhost details"},
    {"network.add", cmd_network_add, NULL, "add a network: name, type and any [network] key"},
    {"network.del", cmd_network_del, name_only, "delete a network without ports"},
    {"network.show", cmd_network_show, name_only, "networks with members and FDB size"},
    {"fdb.show", cmd_fdb_show, fdb_show_params, "MAC table entries"},
    {"fdb.add", cmd_fdb_add, fdb_add_params, "add a static MAC entry"},
    {"fdb.del", cmd_fdb_del, fdb_del_params, "delete a MAC entry"},
    {"fdb.flush", cmd_fdb_flush, fdb_flush_params, "delete entries of a network and/or port"},
    {"stats.ports", cmd_stats_ports, name_only, "per port and queue packets, bytes, drops"},
    {"stats.cores", cmd_stats_cores, none, "per PMD core busy %, packets, cycles per packet"},
    {"stats.stages", cmd_stats_stages, none, "per pipeline stage packets, cycles, cycles per packet"},
    {"stats.drops", cmd_stats_drops, none, "drops by port and reason"},
    {"stats.memory", cmd_stats_memory, none,
     "bytes each table takes: FDB hash and entries, view, PMD state and rings, pools"},
    {"stats.reset", cmd_stats_reset, none, "counters read zero from now on"},
    {"vtep.show", cmd_vtep_show, none, "the VTEP: address, port, MAC, ARP counters"},
    {"evpn.show", cmd_evpn_show, evpn_show_params,
     "EVPN networks: shadow devices, flood VTEPs by origin, remote and local MACs, counters"},
    {"neighbour.show", cmd_neighbour_show, none, "the VTEP's next hops: address to MAC"},
    {"neighbour.add", cmd_neighbour_add, neighbour_add_params,
     "add a static neighbour: never ages"},
    {"neighbour.del", cmd_neighbour_del, neighbour_del_params, "delete a neighbour"},
    {"rxq.show", cmd_rxq_show, none, "which core polls which queue, and its share of cycles"},
    {"rxq.set", cmd_rxq_set, rxq_set_params, "move a queue to a worker core, and pin it there"},
    {"rxq.rebalance", cmd_rxq_rebalance, none, "spread unpinned queues by measured cycles"},
    {"rxq.auto", cmd_rxq_auto, rxq_auto_params,
     "automatic rebalancing (rebalance, -interval, -threshold) and pmd-sleep-max, live"},
    {"reload", cmd_reload, reload_params,
     "read the config file again and apply the difference, whole or not at all"},
    {"capture.start", cmd_capture_start, capture_start_params,
     "capture a port's packets into a pcapng file: port, count, direction, path"},
    {"capture.status", cmd_capture_status, port_only, "running and finished captures"},
    {"capture.stop", cmd_capture_stop, port_only, "stop a port's capture and close its file"},
    {"trace.start", cmd_trace_start, trace_start_params,
     "follow the next count packets received on port through the pipeline"},
    {"trace.show", cmd_trace_show, none, "the traced packets, stage by stage"},
    {"trace.clear", cmd_trace_clear, none, "stop tracing and forget the records"},
    {NULL, NULL, NULL, NULL},
};

const struct command *command_find(const char *method)
{
	for (const struct command *c = command_table; c->method; c++)
		if (strcmp(c->method, method) == 0)
			return c;
	return NULL;
}

char *command_dispatch(struct control *ctl, const char *line, size_t len)
{
	struct rpc_request req;
	struct rpc_error err = {0};
	const struct command *cmd;
	json_t *result;
	char *reply;

	if (rpc_decode(line, len, &req, &err) < 0) {
		reply = rpc_reply_error(req.id, &err);
		rpc_request_free(&req);
		return reply;
	}
	cmd = command_find(req.method);
	if (!cmd) {
		rpc_fail(&err, RPC_METHOD_NOT_FOUND, "no method '%s'", req.method);
		result = NULL;
	} else if (cmd->params && params_only(req.params, cmd->params, &err) < 0) {
		result = NULL;
	} else {
		result = cmd->fn(ctl, req.params, &err);
	}
	reply = result ? rpc_reply_result(req.id, result) : rpc_reply_error(req.id, &err);
	rpc_request_free(&req);
	return reply;
}

int lookup_port(const struct datapath *dp, const char *name, struct rpc_error *err)
{
	/* "" would match the slot a deleted port left behind. */
	int i = name && name[0] ? datapath_find_port(dp, name) : -1;

	if (i < 0 && name)
		rpc_fail(err, RPC_NOT_FOUND, "no port '%s'", name);
	return i;
}

int lookup_network(const struct datapath *dp, const char *name, struct rpc_error *err)
{
	/* "" would match the slot a deleted network left behind. */
	int i = name && name[0] ? datapath_find_network(dp, name) : -1;

	if (i < 0 && name)
		rpc_fail(err, RPC_NOT_FOUND, "no network '%s'", name);
	return i;
}
