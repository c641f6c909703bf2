#include "rxq_move.h"

#include <stdio.h>
#include <stdlib.h>

#include <rte_malloc.h>

#include "lifecycle.h"
#include "stats.h"
#include "view_publish.h"

int datapath_rxq_apply(struct datapath *dp, const struct rxq_plan *plan, char *err, size_t errlen)
{
	struct fwd_view *view = view_build(dp, plan);

	if (!view) {
		snprintf(err, errlen, "out of memory for the forwarding view");
		return -1;
	}
	return view_publish(dp, view, err, errlen);
}

uint64_t datapath_rxq_cycles(const struct datapath *dp, uint16_t port, uint16_t queue)
{
	uint64_t sum = 0;

	for (uint32_t w = 0; w < dp->n_pmds; w++)
		sum += dp->pmds[w]->counters.ports[port].rx_cycles[queue];
	return sum;
}

int datapath_rxq_rebalance(struct datapath *dp, uint32_t *moved, char *err, size_t errlen)
{
	static uint64_t cycles[SLUICE_PORTS_CEILING][SLUICE_MAX_QUEUES];
	static rxq_worker_map before, after;
	struct rxq_plan *plan = rxq_plan_create(dp->n_pmds);
	int rc;

	if (!plan) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* Cycles since the last stats.reset: what the queues cost lately. */
	for (uint16_t p = 0; p < SLUICE_MAX_PORTS; p++) {
		struct port_counters pc;

		stats_port(dp, p, &pc);
		memcpy(cycles[p], pc.rx_cycles, sizeof(cycles[p]));
	}
	rxq_assign_balanced(&dp->desired.cfg, dp->desired.rxq_pin, cycles, plan);
	rxq_plan_to_map(&dp->view->plan, before);
	rxq_plan_to_map(plan, after);
	*moved = 0;
	for (uint16_t p = 0; p < SLUICE_MAX_PORTS; p++)
		for (uint16_t q = 0; q < SLUICE_MAX_QUEUES; q++)
			*moved += before[p][q] >= 0 && before[p][q] != after[p][q];
	rc = datapath_rxq_apply(dp, plan, err, errlen);
	free(plan);
	if (rc < 0)
		*moved = 0;
	return rc;
}
