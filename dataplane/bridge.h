/* The L2 bridge stage: learn sources, look up destinations, forward or flood. */
#ifndef SLUICE_BRIDGE_H
#define SLUICE_BRIDGE_H

#include "datapath.h"

/* Takes ownership of pkts: each is queued for transmit or dropped and counted. */
void bridge_input(struct pmd *pmd, const struct fwd_view *view, uint16_t in_port,
		  struct rte_mbuf **pkts, uint16_t n);

/* The bridge proper, for frames of one network that came in on in_port or,
 * decapsulated, from the remote VTEP in_remote (network order, 0: a local
 * port; in_port is then the VTEP's port). Takes ownership of pkts. */
void bridge_forward(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		    uint16_t in_port, uint32_t in_remote, struct rte_mbuf **pkts, uint16_t n);

#endif
