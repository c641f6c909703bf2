/* The rx stage: one burst from one receive queue, counted, captured and
 * traced before anything else touches it. */
#ifndef SLUICE_RX_H
#define SLUICE_RX_H

#include <stdint.h>

#include <rte_mbuf.h>

#include "pmd.h"
#include "rxq_assign.h"

/* Up to BURST_SIZE packets from queue ref of a phy or vhost port into pkts;
 * 0 when the port is down or not ready. */
uint16_t rx_burst(struct pmd *pmd, const struct rxq_ref *ref, struct rte_mbuf **pkts);

#endif
