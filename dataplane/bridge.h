/* The L2 bridge stage: learn sources, look up destinations, forward or flood. */
#ifndef SLUICE_BRIDGE_H
#define SLUICE_BRIDGE_H

#include "datapath.h"
#include "pkt_meta.h"

/* What l2 hands dispatch: the packets that passed, each with its
 * destination's FDB entry, NULL for a flood. */
struct l2_burst {
	uint32_t n;
	struct rte_mbuf *pkts[BURST_SIZE];
	struct fdb_entry *dst[BURST_SIZE];
};

/* The l2 stage: a classified burst (each packet's network, in port and
 * remote VTEP in bm, or in its pkt_meta, pkt_meta.h) is validated, looked up in the FDB
 * in one bulk lookup, limited and learned from. The remote is 0 for a local
 * port; for a decapsulated packet it is the VTEP it came from and in_port
 * the VTEP's port. Drops (counted) or hands every packet to out. */
void bridge_l2(struct pmd *pmd, const struct fwd_view *view, uint16_t in_port,
	       const struct burst_meta *bm, struct rte_mbuf **pkts, uint16_t n,
	       struct l2_burst *out);

#endif
