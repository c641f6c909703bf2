#include "telemetry.h"

#include <pthread.h>
#include <string.h>

#include <rte_telemetry.h>

#include "../dataplane/drops.h"
#include "../dataplane/stats.h"

/* Telemetry callbacks carry no context. They run on DPDK's telemetry thread
 * and only read: counters are plain per-core words, a value one burst old is
 * fine. Port slots (names) change under the control thread, so handlers hold
 * dp->ports_lock; telemetry_dp is cleared (under telemetry_lock) before the
 * datapath is freed, and a late request then fails cleanly. */
static pthread_mutex_t telemetry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct datapath *telemetry_dp;

/* The datapath with its ports locked, or NULL once sluice is stopping. */
static struct datapath *telemetry_begin(void)
{
	pthread_mutex_lock(&telemetry_lock);
	if (!telemetry_dp) {
		pthread_mutex_unlock(&telemetry_lock);
		return NULL;
	}
	pthread_mutex_lock(&telemetry_dp->ports_lock);
	return telemetry_dp;
}

static void telemetry_end(struct datapath *dp)
{
	pthread_mutex_unlock(&dp->ports_lock);
	pthread_mutex_unlock(&telemetry_lock);
}

static int list_ports(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct datapath *dp = telemetry_begin();

	(void)cmd;
	(void)params;
	if (!dp)
		return -1;
	rte_tel_data_start_array(d, RTE_TEL_STRING_VAL);
	for (uint16_t i = 0; i < dp->n_ports; i++)
		if (datapath_port_in_use(dp, i))
			rte_tel_data_add_array_string(d, dp->ports[i].name);
	telemetry_end(dp);
	return 0;
}

static int port_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct port_counters pc;
	struct queue_counters rx, tx;
	struct datapath *dp;
	uint64_t drops;
	int i;

	(void)cmd;
	if (!params)
		return -1;
	dp = telemetry_begin();
	if (!dp)
		return -1;
	i = datapath_find_port(dp, params);
	if (i >= 0)
		stats_port(dp, (uint16_t)i, &pc);
	telemetry_end(dp);
	if (i < 0)
		return -1;
	stats_port_totals(&pc, &rx, &tx, &drops);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "rx_packets", rx.packets);
	rte_tel_data_add_dict_u64(d, "rx_bytes", rx.bytes);
	rte_tel_data_add_dict_u64(d, "tx_packets", tx.packets);
	rte_tel_data_add_dict_u64(d, "tx_bytes", tx.bytes);
	rte_tel_data_add_dict_u64(d, "drops_total", drops);
	for (int r = 0; r < DROP_REASON_COUNT; r++) {
		char name[64];

		snprintf(name, sizeof(name), "drop_%s", drop_table[r].name);
		/* DPDK telemetry refuses (-EINVAL) a dict name with other than
		 * letters, digits, '_' and '/': "drop_bad-source-mac" would be
		 * left out silently. */
		for (char *p = name; *p; p++)
			if (*p == '-')
				*p = '_';
		rte_tel_data_add_dict_u64(d, name, pc.drops[r]);
	}
	return 0;
}

static int core_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct datapath *dp = telemetry_begin();

	(void)cmd;
	(void)params;
	if (!dp)
		return -1;
	rte_tel_data_start_dict(d);
	for (uint32_t c = 0; c < dp->n_pmds; c++) {
		struct rte_tel_data *core = rte_tel_data_alloc();
		struct core_totals t;
		char name[32];

		if (!core) {
			telemetry_end(dp);
			return -1;
		}
		stats_core(dp, c, &t);
		rte_tel_data_start_dict(core);
		rte_tel_data_add_dict_u64(core, "lcore", dp->pmds[c]->lcore);
		rte_tel_data_add_dict_u64(core, "busy_cycles", t.busy_cycles);
		rte_tel_data_add_dict_u64(core, "idle_cycles", t.idle_cycles);
		rte_tel_data_add_dict_u64(core, "packets", t.packets);
		snprintf(name, sizeof(name), "pmd%u", c);
		rte_tel_data_add_dict_container(d, name, core, 0);
	}
	telemetry_end(dp);
	return 0;
}

void sluice_telemetry_detach(void)
{
	pthread_mutex_lock(&telemetry_lock);
	telemetry_dp = NULL;
	pthread_mutex_unlock(&telemetry_lock);
}

int sluice_telemetry_register(struct datapath *dp)
{
	pthread_mutex_lock(&telemetry_lock);
	telemetry_dp = dp;
	pthread_mutex_unlock(&telemetry_lock);
	if (rte_telemetry_register_cmd("/sluice/ports", list_ports, "sluice's port names") < 0 ||
	    rte_telemetry_register_cmd(
		"/sluice/port", port_stats,
		"one port's counters and drops by reason. Parameters: name") < 0 ||
	    rte_telemetry_register_cmd("/sluice/cores", core_stats,
				       "per PMD core busy and idle cycles and packets") < 0)
		return -1;
	return 0;
}
