/* The VTEP's transmit side on the PMD: a frame of a tunnel network headed
 * for a remote VTEP is wrapped in VXLAN or GRE and sent on the VTEP's port. */
#ifndef SLUICE_TUNNEL_OUTPUT_H
#define SLUICE_TUNNEL_OUTPUT_H

#include "datapath.h"

/* What a PMD hands the control thread on its punt ring. */
struct vtep_punt {
	struct rte_mbuf *m;
	/* 0: a frame received on the VTEP's port (ARP). Else an encapsulated
	 * packet whose outer destination MAC is still to be filled in: the MAC
	 * of this next hop (network order), once ARP resolves it. */
	uint32_t next_hop;
	/* A packet for the kernel tap (kernel_tap.h), next_hop 0. */
	bool to_kernel;
	uint8_t pad[3];
};

/* Hands m to the control thread, or drops and counts reason on port when its
 * ring is full: the ring bounds what a flood of ARP or of unresolved packets
 * can cost. */
void vtep_punt(struct pmd *pmd, uint16_t port, struct rte_mbuf *m, uint32_t next_hop,
	       enum drop_reason reason);

/* Hands m, addressed to the VTEP but no tunnel, to the control thread for
 * the kernel tap; drops and counts DROP_KERNEL_TAP_QUEUE_FULL when the ring is
 * full. */
void vtep_punt_to_kernel(struct pmd *pmd, uint16_t port, struct rte_mbuf *m);

/* Encapsulates m for remote (network order) in network and queues it on the
 * VTEP's port. Takes ownership of m. */
/* The encap stage's work on one packet, at once: m gets the network's
 * outer header for remote and goes into the VTEP port's tx buffer (or
 * waits on the punt ring for its next hop's MAC). Takes m. */
void tunnel_output(struct pmd *pmd, const struct fwd_view *view, uint16_t network, uint32_t remote,
		   struct rte_mbuf *m);

/* The encap stage (pipeline.c): empties the encap vector, in order. */
void encap_stage(struct pmd *pmd, const struct fwd_view *view);

/* m for remote onto the encap vector; a full vector is encapsulated first,
 * so the order holds however many replicas a burst makes. Takes m. */
static inline void encap_push(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
			      uint32_t remote, struct rte_mbuf *m)
{
	struct pipe_vectors *v = &pmd->vec;

	if (unlikely(v->n_encap == PIPE_ENCAP_MAX))
		encap_stage(pmd, view);
	pipe_item_set(&v->encap[v->n_encap++], m, network, 0, remote);
}

/* A replica of m for every remote VTEP of network onto the encap vector
 * (replicate.h: the frame shared, the headers private). m stays the
 * caller's. */
void tunnel_flood(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		  struct rte_mbuf *m);

#endif
