/* The VTEP's receive side on the PMD: what arrives on the VTEP's port. */
#ifndef SLUICE_TUNNEL_INPUT_H
#define SLUICE_TUNNEL_INPUT_H

#include "datapath.h"

/* Tunnel packets to the VTEP are decapsulated and bridged into their network
 * with the remote VTEP as their source; ARP goes to the control thread;
 * anything else is dropped and counted. Takes ownership of pkts. */
void tunnel_input(struct pmd *pmd, const struct fwd_view *view, uint16_t in_port,
		  struct rte_mbuf **pkts, uint16_t n);

#endif
