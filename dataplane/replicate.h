/* Replication without payload copies (issue 15): a replica of a frame is a
 * private header mbuf, with room in front for the largest outer header,
 * chained to the frame's own bytes by reference. Head-end replication and
 * the flood's tagged outputs write only in front of the frame (and, for a
 * VLAN tag, its first 12 bytes), so that is all a replica holds of its own;
 * the payload stays one buffer for every output, freed when the last
 * output is sent (the reference count of each segment). */
#ifndef SLUICE_REPLICATE_H
#define SLUICE_REPLICATE_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "tunnel_encap.h"
#include "wire.h"

/* What a writer may put in front of a replica: the largest outer header
 * (VXLAN on a tagged underlay) plus a VLAN tag. */
#define REPLICATE_HEADROOM (TUNNEL_MAX_OVERHEAD + sizeof(struct wire_vlan))
_Static_assert(RTE_PKTMBUF_HEADROOM >= REPLICATE_HEADROOM,
	       "a fresh mbuf's headroom takes any outer header and a tag");

/* The most bytes of the frame a replica may hold privately (rewritable):
 * enough for the MAC addresses a VLAN tag push moves. */
#define REPLICATE_PRIVATE_MAX (2 * WIRE_ETHER_ADDR_LEN)

/* A replica of m from pool: a header mbuf holding a copy of m's first
 * private_len bytes (at most REPLICATE_PRIVATE_MAX, within m's first
 * segment) with REPLICATE_HEADROOM free in front, chained to the rest of m
 * by reference: m's segments gain one reference each (the first, when
 * private_len > 0, through an indirect mbuf that starts after those bytes).
 * The replica carries m's metadata (offload flags, lengths, dynamic
 * fields) and is freed as any packet. m stays the caller's, unchanged.
 * NULL when pool is empty or private_len does not fit. */
struct rte_mbuf *replicate_clone(struct rte_mempool *pool, struct rte_mbuf *m,
				 uint16_t private_len);

/* Most replicas replicate_clones() makes in one call. */
#define REPLICATE_CLONES_MAX 1024

/* n replicas of m from pool into out, none of them with private bytes
 * (as replicate_clone(pool, m, 0)), all or none: n, or 0 when pool has
 * not n mbufs (out then holds nothing). m's segments gain their n
 * references in one update. */
unsigned replicate_clones(struct rte_mempool *pool, struct rte_mbuf *m, struct rte_mbuf **out,
			  unsigned n);

/* The frame's bytes that start at offset 0 and are contiguous, past any
 * empty header segment of a replica that nothing was written into yet:
 * what a reader of the inner headers (the VXLAN source-port hash) looks
 * at. *len: how many. */
static inline const uint8_t *replicate_frame_start(const struct rte_mbuf *m, uint32_t *len)
{
	while (rte_pktmbuf_data_len(m) == 0 && m->next)
		m = m->next;
	*len = rte_pktmbuf_data_len(m);
	return rte_pktmbuf_mtod(m, const uint8_t *);
}

/* Can a phy device send a replica (a chain)? Those that offer
 * RTE_ETH_TX_OFFLOAD_MULTI_SEGS, and net_ring and net_null, which hand
 * the mbuf on (or free it) without reading its segments into descriptors. */
bool replicate_device_takes_chains(const char *driver_name, uint64_t tx_offload_capa);

#endif
