/* Which guest rx queue each PMD enqueues to on each vhost port: placement as
 * data in the view, so PMDs share a queue (and rte_vhost's per-virtqueue
 * lock) only when more of them poll than the guest has queues. */
#ifndef SLUICE_VHOST_TXQ_H
#define SLUICE_VHOST_TXQ_H

#include <stdint.h>

#include "rxq_assign.h"

/* Per (port, PMD): a slot; the PMD enqueues to the port's enabled queue
 * number slot % n_enq (how many the guest enabled is a run-time fact). */
typedef uint8_t vhost_txq_row[SLUICE_MAX_WORKERS];
/* SLUICE_MAX_PORTS rows (the view's block). */
typedef vhost_txq_row *vhost_txq_table;

/* Slots for one port: the PMDs that poll any queue (they are the ones that
 * transmit) take slots 0, 1, ... before idle ones, so k busy PMDs on a port
 * with k queues or more never share one; the order starts at a different
 * busy PMD per port, so where they must share, they share on other queues
 * of other ports. slot[w] for w < n_pmds is a permutation of 0..n_pmds-1. */
void vhost_txq_assign(uint32_t n_pmds, const uint32_t *n_rxq, uint16_t port, uint8_t *slot);

/* The table for every port slot, from a plan. */
void vhost_txq_build(const struct rxq_plan *plan, vhost_txq_table table);

#endif
