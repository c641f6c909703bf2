/* stats.ports, stats.cores, stats.stages, stats.drops, stats.reset */
#include "../dataplane/drops.h"
#include "../dataplane/stats.h"
#include "commands.h"
#include "params.h"

static json_t *port_stats_json(const struct datapath *dp, uint16_t index)
{
	struct port_counters pc;
	struct queue_counters rx, tx;
	uint64_t drops;
	json_t *queues = json_array(), *reasons = json_object(), *mtu = json_object();

	stats_port(dp, index, &pc);
	stats_port_totals(&pc, &rx, &tx, &drops);
	for (int q = 0; q < SLUICE_MAX_QUEUES; q++) {
		if (!pc.rx[q].packets && !pc.tx[q].packets)
			continue;
		json_array_append_new(queues, json_pack("{s:i, s:I, s:I, s:I, s:I}", "queue", q,
							"rx_packets", (json_int_t)pc.rx[q].packets,
							"rx_bytes", (json_int_t)pc.rx[q].bytes,
							"tx_packets", (json_int_t)pc.tx[q].packets,
							"tx_bytes", (json_int_t)pc.tx[q].bytes));
	}
	for (int d = 0; d < DROP_REASON_COUNT; d++)
		if (pc.drops[d])
			json_object_set_new(reasons, drop_table[d].name,
					    json_integer((json_int_t)pc.drops[d]));
	for (int e = 0; e < MTU_EVENT_COUNT; e++)
		if (pc.mtu[e])
			json_object_set_new(mtu, mtu_event_table[e].name,
					    json_integer((json_int_t)pc.mtu[e]));
	return json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o}", "name",
			 dp->ports[index].name, "rx_packets", (json_int_t)rx.packets, "rx_bytes",
			 (json_int_t)rx.bytes, "tx_packets", (json_int_t)tx.packets, "tx_bytes",
			 (json_int_t)tx.bytes, "drops_total", (json_int_t)drops, "drops", reasons,
			 "mtu", mtu, "queues", queues);
}

json_t *cmd_stats_ports(struct control *ctl, json_t *params, struct rpc_error *err)
{
	json_t *ports;

	if (params && json_object_get(params, "name")) {
		int index = lookup_port(ctl->dp, params_string(params, "name", true, err), err);

		if (index < 0)
			return NULL;
		return json_pack("{s:[o]}", "ports", port_stats_json(ctl->dp, (uint16_t)index));
	}
	ports = json_array();
	for (uint16_t i = 0; i < ctl->dp->n_ports; i++)
		if (datapath_port_in_use(ctl->dp, i))
			json_array_append_new(ports, port_stats_json(ctl->dp, i));
	return json_pack("{s:o}", "ports", ports);
}

json_t *cmd_stats_cores(struct control *ctl, json_t *params, struct rpc_error *err)
{
	json_t *cores = json_array();

	(void)params;
	(void)err;
	for (uint32_t c = 0; c < ctl->dp->n_pmds; c++) {
		struct core_totals t;
		uint64_t total;

		stats_core(ctl->dp, c, &t);
		total = t.busy_cycles + t.idle_cycles;
		json_array_append_new(
		    cores, json_pack("{s:i, s:i, s:i, s:f, s:I, s:I, s:I, s:I, s:I, s:I}", "pmd", c,
				     "core", ctl->dp->pmds[c]->lcore, "lcore",
				     ctl->dp->pmds[c]->lcore, "busy_percent",
				     total ? 100.0 * (double)t.busy_cycles / (double)total : 0.0,
				     "busy_cycles", (json_int_t)t.busy_cycles, "idle_cycles",
				     (json_int_t)t.idle_cycles, "packets", (json_int_t)t.packets,
				     "cycles_per_packet",
				     (json_int_t)(t.packets ? t.busy_cycles / t.packets : 0),
				     "sleeps", (json_int_t)ctl->dp->pmds[c]->counters.sleeps,
				     "sleep_us", (json_int_t)ctl->dp->pmds[c]->counters.sleep_us));
	}
	return json_pack("{s:o}", "cores", cores);
}

json_t *cmd_stats_stages(struct control *ctl, json_t *params, struct rpc_error *err)
{
	json_t *stages = json_array();
	struct stage_counters sc;

	(void)params;
	(void)err;
	stats_stages(ctl->dp, &sc);
	for (int st = 0; st < STAGE_COUNT; st++)
		json_array_append_new(
		    stages,
		    json_pack("{s:s, s:I, s:I, s:I}", "stage", stage_names[st], "packets",
			      (json_int_t)sc.packets[st], "cycles", (json_int_t)sc.cycles[st],
			      "cycles_per_packet",
			      (json_int_t)(sc.packets[st] ? sc.cycles[st] / sc.packets[st] : 0)));
	return json_pack("{s:o}", "stages", stages);
}

json_t *cmd_stats_drops(struct control *ctl, json_t *params, struct rpc_error *err)
{
	json_t *drops = json_array(), *reasons = json_array();

	(void)params;
	(void)err;
	for (uint16_t i = 0; i < ctl->dp->n_ports; i++) {
		struct port_counters pc;

		if (!datapath_port_in_use(ctl->dp, i))
			continue;
		stats_port(ctl->dp, i, &pc);
		for (int d = 0; d < DROP_REASON_COUNT; d++)
			if (pc.drops[d])
				json_array_append_new(drops,
						      json_pack("{s:s, s:s, s:I}", "port",
								ctl->dp->ports[i].name, "reason",
								drop_table[d].name, "count",
								(json_int_t)pc.drops[d]));
	}
	for (int d = 0; d < DROP_REASON_COUNT; d++)
		json_array_append_new(reasons, json_pack("{s:s, s:s}", "reason", drop_table[d].name,
							 "help", drop_table[d].help));
	return json_pack("{s:o, s:o}", "drops", drops, "reasons", reasons);
}

json_t *cmd_stats_reset(struct control *ctl, json_t *params, struct rpc_error *err)
{
	(void)params;
	(void)err;
	stats_reset(ctl->dp);
	return json_object();
}
