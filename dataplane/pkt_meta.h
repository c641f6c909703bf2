/* Per-packet metadata the pipeline's stages hand each other (pipeline.c):
 * kept in an mbuf dynamic field, so a burst moves between stages as plain
 * mbuf pointers. Written by classify, read by l2 and the egress stages. */
#ifndef SLUICE_PKT_META_H
#define SLUICE_PKT_META_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>

struct pkt_meta {
	uint32_t remote;   /* the remote VTEP it came from (network order), 0: a local port */
	uint16_t network;  /* the network classify found for it */
	uint16_t in_port;  /* where it was received */
	uint16_t out_port; /* where dispatch sends it (a local port or the VTEP's) */
};

/* The field's offset in every mbuf, set by pkt_meta_register(). */
extern int pkt_meta_offset;

/* Registers the dynamic field (idempotent: the same offset every time).
 * After rte_eal_init; 0, or -1 with rte_errno when the mbuf has no room. */
int pkt_meta_register(void);

static inline struct pkt_meta *pkt_meta(struct rte_mbuf *m)
{
	return RTE_MBUF_DYNFIELD(m, pkt_meta_offset, struct pkt_meta *);
}

/* Classify's verdict for m: its network and where it came from. */
static inline void pkt_meta_set_input(struct rte_mbuf *m, uint16_t network, uint16_t in_port,
				      uint32_t remote)
{
	struct pkt_meta *pm = pkt_meta(m);

	pm->network = network;
	pm->in_port = in_port;
	pm->remote = remote;
	pm->out_port = UINT16_MAX;
}

/* A burst's metadata when every packet shares it (a flat port's always
 * do): classify then writes no packet's own field and l2 and dispatch read
 * none. The field lives in the mbuf's second cache line; touching it three
 * times per packet cost a flat known unicast 13 cycles of 56 (capture_cost). */
struct burst_meta {
	bool uniform; /* every packet's is `one`; their own fields are unset */
	struct pkt_meta one;
};

/* Packet m's metadata, in a burst described by bm. */
static inline const struct pkt_meta *burst_pkt_meta(const struct burst_meta *bm, struct rte_mbuf *m)
{
	return likely(bm->uniform) ? &bm->one : pkt_meta(m);
}

#endif
