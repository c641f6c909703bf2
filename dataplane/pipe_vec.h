/* The vectors dispatch sorts a looked-up burst into (pipeline.c): each
 * later stage takes one vector whole, in order, and fills the next. A
 * known local output needs no vector of its own: it goes straight into its
 * port's tx buffer, which is already a vector per port (tx.h).
 *
 *   trunk   a frame to tag for a trunk port        -> tag (tag.c)
 *   tunnel  a frame for a remote VTEP, or a flood
 *           frame for every VTEP (remote 0)        -> mtu guard (mtu_guard.c)
 *   flood   a frame for every member of its network -> replicate (flood.c)
 *   encap   a guarded frame for one remote VTEP    -> encap (tunnel_output.c)
 *
 * Each packet of a burst puts at most one entry in trunk, tunnel and flood
 * (a flood frame has one trunk output at most: a network has one trunk),
 * so a burst's worth is their size. Encap takes a replica per remote VTEP
 * of every flood and every fragment: when it is full, the encap stage runs
 * early on what it holds (encap_push), so its order is kept. */
#ifndef SLUICE_PIPE_VEC_H
#define SLUICE_PIPE_VEC_H

#include <stdint.h>

#include <rte_mbuf.h>

/* A burst's most packets: BURST_SIZE (pmd.h asserts they agree). */
#define PIPE_VEC_BURST 32
/* Room for a burst of 32 floods to 16 remote VTEPs before an early run. */
#define PIPE_ENCAP_MAX 512

struct pipe_item {
	struct rte_mbuf *m;
	uint32_t
	    remote; /* tunnel, encap: the remote VTEP (0: every one); flood: where m came from */
	uint16_t network; /* m's network */
	uint16_t port;	  /* trunk: the output port; tunnel, flood: the input port */
};

struct pipe_vectors {
	uint16_t n_trunk, n_tunnel, n_flood, n_encap;
	struct pipe_item trunk[PIPE_VEC_BURST];
	struct pipe_item tunnel[PIPE_VEC_BURST];
	struct pipe_item flood[PIPE_VEC_BURST];
	struct pipe_item encap[PIPE_ENCAP_MAX];
};

static inline void pipe_item_set(struct pipe_item *it, struct rte_mbuf *m, uint16_t network,
				 uint16_t port, uint32_t remote)
{
	it->m = m;
	it->network = network;
	it->port = port;
	it->remote = remote;
}

#endif
