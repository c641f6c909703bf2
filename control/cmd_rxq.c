/* rxq.show, rxq.set, rxq.rebalance */
#include <rte_lcore.h>

#include "../dataplane/lifecycle.h"
#include "../dataplane/rxq_assign.h"
#include "../dataplane/stats.h"
#include "commands.h"
#include "params.h"

json_t *cmd_rxq_show(struct control *ctl, json_t *params, struct rpc_error *err)
{
	const struct datapath *dp = ctl->dp;
	const struct fwd_view *view = dp->view;
	json_t *rxqs = json_array();

	(void)params;
	(void)err;
	for (uint32_t w = 0; w < view->plan.n_pmds; w++) {
		struct core_totals t;

		stats_core(dp, w, &t);
		for (uint32_t i = 0; i < view->plan.n[w]; i++) {
			const struct rxq_ref *r = &view->plan.rxq[w][i];
			struct port_counters pc;
			uint64_t cycles;
			bool numa_local;

			stats_port(dp, r->port, &pc);
			cycles = pc.rx_cycles[r->queue];
			/* A PMD on another node than the device (or the guest's
			 * memory) pays a cross-node access per packet. */
			numa_local = rte_lcore_to_socket_id(dp->pmds[w]->lcore) ==
				     (unsigned)dp->ports[r->port].numa_node;
			json_array_append_new(
			    rxqs,
			    json_pack("{s:s, s:i, s:i, s:i, s:i, s:b, s:b, s:I, s:f}", "port",
				      dp->ports[r->port].name, "queue", r->queue, "pmd", w, "core",
				      dp->pmds[w]->lcore, "lcore", dp->pmds[w]->lcore, "numa_local",
				      numa_local, "pinned",
				      dp->desired.rxq_pin[r->port][r->queue] >= 0, "cycles",
				      (json_int_t)cycles, "share_percent",
				      t.busy_cycles ? 100.0 * (double)cycles / (double)t.busy_cycles
						    : 0.0));
		}
	}
	return json_pack("{s:o, s:o}", "rxqs", rxqs, "rebalance", cmd_rebalance_json(ctl));
}

json_t *cmd_rxq_set(struct control *ctl, json_t *params, struct rpc_error *err)
{
	int port = lookup_port(ctl->dp, params_string(params, "port", true, err), err);
	uint32_t queue, core;
	int worker;
	char why[256];

	if (port < 0 ||
	    params_uint(params, "queue", 0, rxq_port_queues(&ctl->dp->desired.cfg.ports[port]) - 1,
			&queue, err) < 0 ||
	    params_uint(params, "core", 0, SLUICE_MAX_CPUS - 1, &core, err) < 0)
		return NULL;
	worker = rxq_worker_index(&ctl->dp->desired.cfg, core);
	if (worker < 0) {
		rpc_fail(err, RPC_INVALID_PARAMS, "param 'core': CPU %u is not a worker core",
			 core);
		return NULL;
	}
	if (datapath_rxq_pin(ctl->dp, (uint16_t)port, (uint16_t)queue, (uint32_t)worker, why,
			     sizeof(why)) < 0) {
		rpc_fail(err, RPC_FAILED, "%s", why);
		return NULL;
	}
	return json_object();
}

json_t *cmd_rxq_rebalance(struct control *ctl, json_t *params, struct rpc_error *err)
{
	uint32_t moved = 0;
	char why[256];

	(void)params;
	if (datapath_rxq_rebalance(ctl->dp, &moved, why, sizeof(why)) < 0) {
		rpc_fail(err, RPC_FAILED, "%s", why);
		return NULL;
	}
	return json_pack("{s:i}", "moved", moved);
}
