/* The VTEP's receive side on the PMD: what arrives on the VTEP's port. */
#ifndef SLUICE_TUNNEL_INPUT_H
#define SLUICE_TUNNEL_INPUT_H

#include "datapath.h"

/* Classify for the VTEP's port: tunnel packets to the VTEP are
 * decapsulated in place and tagged (pkt_meta) with their network and the
 * remote VTEP they came from; ARP goes to the control thread; anything else
 * is dropped and counted. pkts is compacted to the decapsulated packets, in
 * order: returns how many. */
uint16_t tunnel_input_classify(struct pmd *pmd, const struct fwd_view *view, uint16_t in_port,
			       struct rte_mbuf **pkts, uint16_t n);

#endif
