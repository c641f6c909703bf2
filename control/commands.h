/* The control socket's methods: one table of (method, handler, params, help)
 * and the dispatcher that turns a request line into a reply line. */
#ifndef SLUICE_COMMANDS_H
#define SLUICE_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "../dataplane/datapath.h"
#include "jsonrpc.h"

/* What main() decided before the datapath existed, for system.show. */
struct control_facts {
	const char *config_file;
	const char *hugepages; /* the page size in use: "none", "2M" or "1G" */
	const char *huge_dir;  /* its hugetlbfs mount, "" with none */
};

struct evpn;

struct control {
	struct datapath *dp;
	struct evpn *evpn;	     /* the EVPN shadow (evpn.h); NULL in tests without one */
	struct rebalance *rebalance; /* the rxq rebalancer's timer; NULL in tests without one */
	bool shutdown_requested;
	const struct control_facts *facts; /* NULL in tests without a main() */
};

typedef json_t *(*command_fn)(struct control *ctl, json_t *params, struct rpc_error *err);

struct command {
	const char *method;
	command_fn fn;
	const char *const *params; /* allowed params; NULL for port.add and network.add (schema) */
	const char *help;
};

const struct command *command_find(const char *method);
extern const struct command command_table[];

/* Decodes, runs and encodes: always returns a reply line (malloc'd). */
char *command_dispatch(struct control *ctl, const char *line, size_t len);

/* Handlers, by object (cmd_*.c). */
json_t *cmd_version(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_system_show(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_shutdown(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_log_level(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_port_add(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_port_del(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_port_set(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_port_show(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_network_add(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_network_del(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_network_show(struct control *ctl, json_t *params, struct rpc_error *err);
/* fdb.show answers at most this many entries per request, and this many when
 * no limit is given: at about 160 bytes an entry a page stays well below
 * sluicectl's 1 MiB reply line and the socket's 4 MiB reply cap. */
#define FDB_SHOW_LIMIT_MAX 4096
/* Slots of the FDB's entries array one fdb.show page looks at, at most. */
#define FDB_SHOW_SCAN_MAX 65536
json_t *cmd_fdb_show(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_fdb_add(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_fdb_del(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_fdb_flush(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_stats_ports(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_stats_cores(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_stats_memory(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_stats_stages(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_stats_drops(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_stats_reset(struct control *ctl, json_t *params, struct rpc_error *err);
/* rxq.auto (cmd_rebalance.c), and the rebalancer's part of rxq.show. */
json_t *cmd_rxq_auto(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_rebalance_json(const struct control *ctl);
json_t *cmd_rxq_show(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_rxq_set(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_vtep_show(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_neighbour_show(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_neighbour_add(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_neighbour_del(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_rxq_rebalance(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_reload(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_capture_start(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_capture_status(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_capture_stop(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_trace_start(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_trace_show(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_trace_clear(struct control *ctl, json_t *params, struct rpc_error *err);
json_t *cmd_evpn_show(struct control *ctl, json_t *params, struct rpc_error *err);

/* Shared by handlers: the port's JSON (as in port.show). */
json_t *port_to_json(const struct datapath *dp, uint16_t index);
/* A port's security settings and drops by reason (port.show "security"). */
json_t *port_security_json(const struct datapath *dp, uint16_t index);
int lookup_port(const struct datapath *dp, const char *name, struct rpc_error *err);
int lookup_network(const struct datapath *dp, const char *name, struct rpc_error *err);

#endif
