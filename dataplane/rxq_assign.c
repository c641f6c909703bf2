#include "rxq_assign.h"

#include <stdlib.h>
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

uint32_t rxq_port_queues(const struct port_config *port)
{
	return port->type == PORT_TYPE_PHY ? port->rx_queues : port->max_queues;
}

static void place(struct rxq_plan *plan, uint32_t w, uint32_t port, uint32_t queue)
{
	plan->rxq[w][plan->n[w]].port = (uint16_t)port;
	plan->rxq[w][plan->n[w]].queue = (uint16_t)queue;
	plan->n[w]++;
}

static uint32_t least(const uint64_t *load, uint32_t workers)
{
	uint32_t best = 0;

	for (uint32_t w = 1; w < workers; w++)
		if (load[w] < load[best])
			best = w;
	return best;
}

void rxq_assign_stable(const struct sluice_config *cfg, const rxq_worker_map pin,
		       const rxq_worker_map prev, struct rxq_plan *plan)
{
	uint32_t workers = cfg->dataplane.worker_cores.n;
	uint64_t count[SLUICE_MAX_WORKERS] = {0};

	memset(plan->n, 0, sizeof(plan->n));
	plan->n_pmds = workers;
	if (workers == 0)
		return;
	/* Two passes: queues with a home first, so new ones see the real counts. */
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t p = 0; p < cfg->n_ports; p++) {
			if (!cfg->ports[p].name[0])
				continue;
			for (uint32_t q = 0; q < rxq_port_queues(&cfg->ports[p]); q++) {
				int w = pin[p][q] >= 0 ? pin[p][q] : prev[p][q];

				if (w >= (int)workers)
					w = -1;
				if ((pass == 0) != (w >= 0))
					continue;
				if (w < 0)
					w = (int)least(count, workers);
				place(plan, (uint32_t)w, p, q);
				count[w]++;
			}
		}
	}
}

struct weighted_rxq {
	uint64_t cycles;
	uint16_t port, queue;
};

static int heavier_first(const void *a, const void *b)
{
	const struct weighted_rxq *x = a, *y = b;

	return x->cycles < y->cycles ? 1 : x->cycles > y->cycles ? -1 : 0;
}

void rxq_assign_balanced(const struct sluice_config *cfg, const rxq_worker_map pin,
			 const uint64_t cycles[SLUICE_PORTS_CEILING][SLUICE_MAX_QUEUES],
			 struct rxq_plan *plan)
{
	static struct weighted_rxq free_rxqs[RXQ_QUEUES_CEILING];
	uint32_t workers = cfg->dataplane.worker_cores.n;
	uint64_t load[SLUICE_MAX_WORKERS] = {0};
	uint32_t n = 0;

	memset(plan->n, 0, sizeof(plan->n));
	plan->n_pmds = workers;
	if (workers == 0)
		return;
	for (uint32_t p = 0; p < cfg->n_ports; p++) {
		if (!cfg->ports[p].name[0])
			continue;
		for (uint32_t q = 0; q < rxq_port_queues(&cfg->ports[p]); q++) {
			if (pin[p][q] >= 0 && pin[p][q] < (int)workers) {
				place(plan, (uint32_t)pin[p][q], p, q);
				load[pin[p][q]] += cycles[p][q];
			} else {
				free_rxqs[n].cycles = cycles[p][q];
				free_rxqs[n].port = (uint16_t)p;
				free_rxqs[n].queue = (uint16_t)q;
				n++;
			}
		}
	}
	qsort(free_rxqs, n, sizeof(free_rxqs[0]), heavier_first);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t w = least(load, workers);

		place(plan, w, free_rxqs[i].port, free_rxqs[i].queue);
		/* An idle queue still counts a little, so idle queues spread too. */
		load[w] += free_rxqs[i].cycles + 1;
	}
}

void rxq_plan_to_map(const struct rxq_plan *plan, rxq_worker_map map)
{
	memset(map, -1, sizeof(rxq_worker_map));
	for (uint32_t w = 0; w < plan->n_pmds; w++)
		for (uint32_t i = 0; i < plan->n[w]; i++)
			map[plan->rxq[w][i].port][plan->rxq[w][i].queue] = (int8_t)w;
}
