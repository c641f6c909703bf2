/* The receive queues a PMD actually polls: its share of the view's plan
 * without the queues of vhost-user ports that have no guest, or whose guest
 * has not enabled the queue. A host with a thousand vhost ports, most of them
 * idle, otherwise spends every poll asking each of them (a port struct and a
 * clock read apiece): measured, 1,024 ports with two busy cut the pair's rate
 * to 0.12 of testpmd's (docs/performance.md).
 *
 * The list is rebuilt by the PMD itself when dp->rx_ready_gen moves: every
 * view publish and every change of a vhost port's readiness bumps it. The
 * generation is read before the view, so a poll that sees a new view with the
 * old generation polls the old list for that one poll: the queues of a view
 * the RCU grace period of that publish still covers, as with any old view.
 * rx.c keeps its own readiness checks: a list may name a port that went down
 * a moment ago. */
#ifndef SLUICE_RXQ_LIVE_H
#define SLUICE_RXQ_LIVE_H

#include <stdint.h>

#include "rxq_assign.h"

struct fwd_view;
struct port;

struct rxq_live {
	uint32_t gen; /* dp->rx_ready_gen it was built at */
	uint32_t n;
	struct rxq_ref *ref; /* RXQ_PER_PMD_MAX long (datapath_tables.c) */
};

/* Rebuilds live from view's plan for PMD pmd_index, as of generation gen;
 * ports is the datapath's (dp->ports). */
void rxq_live_build(struct rxq_live *live, const struct port *ports, const struct fwd_view *view,
		    uint32_t pmd_index, uint32_t gen);

/* Tells the PMDs to rebuild their lists: a view was published, or a vhost
 * port's guest came, went or changed its enabled queues. gen is the
 * datapath's dp->rx_ready_gen. */
void rxq_ready_changed(uint32_t *gen);

#endif
