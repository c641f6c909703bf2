/* The L2 bridge stage: learn sources, look up destinations, forward or flood. */
#ifndef SLUICE_BRIDGE_H
#define SLUICE_BRIDGE_H

#include "datapath.h"

/* Takes ownership of pkts: each is queued for transmit or dropped and counted. */
void bridge_input(struct pmd *pmd, const struct fwd_view *view, uint16_t in_port,
		  struct rte_mbuf **pkts, uint16_t n);

#endif
