/* The network MTU on the PMD: what stands between the bridge and the
 * tunnel. A frame for a remote VTEP has its TCP MSS clamped (SYN, SYN-ACK);
 * one over the network MTU is answered with ICMP "fragmentation needed" or
 * ICMPv6 "packet too big" (IPv4 with DF, IPv6), fragmented (IPv4 without DF)
 * or dropped, so the outer packet never needs fragmenting (RFC 7348 section
 * 4.3). Decapsulated frames going to VMs have their MSS clamped too. */
#ifndef SLUICE_MTU_GUARD_H
#define SLUICE_MTU_GUARD_H

#include "datapath.h"
#include "wire.h"

/* Most fragments one IPv4 packet may become (a 9000-byte packet over a
 * 576-byte MTU makes 17). */
#define MTU_GUARD_MAX_FRAGMENTS 64
/* Too-big answers per port and core: a sustained rate and a burst. */
#define MTU_GUARD_ICMP_RATE 100
#define MTU_GUARD_ICMP_BURST 50

/* m, from in_port, for remote: onto the encap vector (encap_push) when it
 * passes, answered, fragmented or dropped when not. Takes m. */
void mtu_guard_output(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		      uint16_t in_port, uint32_t remote, struct rte_mbuf *m);

/* m for every remote VTEP of network: replicas onto the encap vector
 * (tunnel_flood) when it passes. m stays the caller's, unchanged (a SYN's MSS
 * is clamped in a copy for the VTEPs; when too big, they get nothing). */
void mtu_guard_flood(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		     uint16_t in_port, struct rte_mbuf *m);

/* A frame decapsulated from network: clamps its MSS (counted on in_port). */
/* Whether m, within the network's MTU with its Ethernet header. */
static inline bool mtu_guard_fits(const struct tunnel_view *t, const struct rte_mbuf *m)
{
	return rte_pktmbuf_pkt_len(m) <= (uint32_t)t->mtu + sizeof(struct wire_ether);
}

/* Whether the guard passes flood frame m to every VTEP as it is (it fits,
 * has no offload to complete, no SYN to clamp), traced as mtu_guard_flood()
 * would. The replicate stage then makes the replicas itself; any other
 * frame goes through mtu_guard_flood() on the tunnel vector. */
bool mtu_guard_flood_passes(struct pmd *pmd, const struct tunnel_view *t, uint16_t in_port,
			    struct rte_mbuf *m);

/* The MTU guard stage: empties the tunnel vector (pipe_vec.h) in order,
 * each frame to mtu_guard_output(), each flood frame (remote 0) to
 * mtu_guard_flood(); what passes goes to the encap vector. */
void mtu_guard_stage(struct pmd *pmd, const struct fwd_view *view);

void mtu_guard_input(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		     uint16_t in_port, struct rte_mbuf *m);

#endif
