/* Automatic rx-queue rebalancing, the decision alone: from the cycles each
 * queue used over the last window, a new placement or "no move". Pure (no
 * DPDK, no clock), so every rule is unit-tested on made-up loads; the timer
 * that samples and applies lives on the control side (control/rebalance.c). */
#ifndef SLUICE_RXQ_BALANCE_H
#define SLUICE_RXQ_BALANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/sizes.h"

#define RXQ_BALANCE_MAX (SLUICE_PORTS_CEILING * SLUICE_MAX_QUEUES)

/* One polled queue: where it is and what it cost. */
struct rxq_load {
	uint16_t port, queue;
	int8_t pmd;	 /* worker index polling it now */
	int8_t node;	 /* NUMA node of its device (or guest memory), -1: unknown */
	bool pinned;	 /* rxq-affinity or rxq set: never moved */
	uint64_t cycles; /* spent on its bursts during the window */
	int8_t to;	 /* out: the worker index that polls it after the decision */
};

struct rxq_balance_params {
	uint32_t n_pmds;
	int8_t pmd_node[SLUICE_MAX_WORKERS]; /* NUMA node of each worker's core */
	uint64_t window_cycles;		     /* one PMD's whole window: 100 % load */
	uint32_t threshold_pct;		     /* move only when the gain is above this */
};

struct rxq_balance_decision {
	bool move;	 /* apply the `to` fields; false: nothing changes */
	uint32_t moved;	 /* queues whose PMD changes (0 when !move) */
	double gain_pct; /* how much lower the busiest PMD's load gets, percent of it */
	double busiest_before_pct, busiest_after_pct; /* loads in percent of the window */
	double load_before_pct[SLUICE_MAX_WORKERS];
	double load_after_pct[SLUICE_MAX_WORKERS]; /* estimated, also when !move */
};

/* Places the unpinned queues heaviest first, each on the least loaded PMD of
 * its own NUMA node (any PMD when its node has none), a tie going to where it
 * is; pinned queues stay and count. Moves (d->move) only when that lowers the
 * busiest PMD's load by more than threshold_pct percent of it. Without a move
 * every q[i].to is q[i].pmd. */
void rxq_balance_decide(const struct rxq_balance_params *p, struct rxq_load *q, uint32_t n,
			struct rxq_balance_decision *d);

/* A decision at most once per interval: true when interval_s seconds have
 * passed since the last one (at last_s; the start before the first). */
bool rxq_balance_due(uint64_t now_s, uint64_t last_s, uint32_t interval_s);

#endif
