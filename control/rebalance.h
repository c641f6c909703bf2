/* The automatic rx-queue rebalancer's timer, on the control thread: once a
 * second it samples every queue's cycles into a ring, once per
 * rebalance-interval it asks rxq_balance_decide() about the last window and
 * applies and logs what it says. */
#ifndef SLUICE_REBALANCE_H
#define SLUICE_REBALANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "../dataplane/datapath.h"
#include "../dataplane/rxq_balance.h"

/* Seconds of samples a decision looks back at most (the window is the
 * interval when shorter). */
#define REBALANCE_WINDOW_MAX 10

/* The last decision, for rxq.show. */
struct rebalance_report {
	bool taken;	 /* false until the first decision */
	uint64_t at;	 /* datapath seconds */
	uint32_t window; /* seconds it looked back */
	uint32_t n_pmds;
	bool applied; /* queues moved (d.move and the publish worked) */
	struct rxq_balance_decision d;
};

struct rebalance;

/* now: the datapath's clock at the start; the first decision comes one
 * interval later. */
struct rebalance *rebalance_create(uint64_t now);
void rebalance_destroy(struct rebalance *rb);
/* Call often with the datapath's clock (datapath_now()); does its work at
 * most once a second. Returns the queues it moved. */
uint32_t rebalance_tick(struct rebalance *rb, struct datapath *dp, uint64_t now);
const struct rebalance_report *rebalance_last(const struct rebalance *rb);

#endif
