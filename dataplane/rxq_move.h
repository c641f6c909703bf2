/* Moving receive queues between PMDs at run time: by hand (rxq set, rxq
 * rebalance) and by the automatic rebalancer (control/rebalance.c). */
#ifndef SLUICE_RXQ_MOVE_H
#define SLUICE_RXQ_MOVE_H

#include "datapath.h"

/* Publishes plan as the placement (queues that change PMD are polled by
 * nobody for one grace period in between, view_publish()). */
int datapath_rxq_apply(struct datapath *dp, const struct rxq_plan *plan, char *err, size_t errlen);
/* Cycles every PMD together spent on bursts from (port, queue) since the
 * start: grows monotonically, stats.reset does not touch it. */
uint64_t datapath_rxq_cycles(const struct datapath *dp, uint16_t port, uint16_t queue);

#endif
