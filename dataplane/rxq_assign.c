#include "rxq_assign.h"

#include <string.h>

int rxq_worker_index(const struct sluice_config *cfg, uint32_t core)
{
	for (uint32_t i = 0; i < cfg->dataplane.worker_cores.n; i++)
		if (cfg->dataplane.worker_cores.cores[i] == core)
			return (int)i;
	return -1;
}

static int pinned_core(const struct port_config *port, uint32_t queue)
{
	if (port->type != PORT_TYPE_PHY)
		return -1;
	for (uint32_t i = 0; i < port->rxq_affinity.n; i++)
		if (port->rxq_affinity.map[i].queue == queue)
			return (int)port->rxq_affinity.map[i].core;
	return -1;
}

void rxq_assign(const struct sluice_config *cfg, struct rxq_plan *plan)
{
	uint32_t workers = cfg->dataplane.worker_cores.n;
	uint32_t next = 0;

	memset(plan->n, 0, sizeof(plan->n));
	plan->n_pmds = workers;
	if (workers == 0)
		return;
	for (uint32_t p = 0; p < cfg->n_ports; p++) {
		const struct port_config *port = &cfg->ports[p];
		uint32_t queues = port->type == PORT_TYPE_PHY ? port->rx_queues : port->max_queues;

		for (uint32_t q = 0; q < queues; q++) {
			int core = pinned_core(port, q);
			int w = core >= 0 ? rxq_worker_index(cfg, (uint32_t)core) : -1;

			if (w < 0)
				w = (int)(next++ % workers);
			plan->rxq[w][plan->n[w]].port = (uint16_t)p;
			plan->rxq[w][plan->n[w]].queue = (uint16_t)q;
			plan->n[w]++;
		}
	}
}
