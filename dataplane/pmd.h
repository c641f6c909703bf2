/* A poll-mode core: what it owns (tx buffers, rings to the control thread,
 * its FDB cache, rate limiters, counters); its loop is in pmd_loop.h. One per worker core,
 * written only by its own lcore, read by the control thread for counters. */
#ifndef SLUICE_PMD_H
#define SLUICE_PMD_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "../common/sizes.h"
#include "counters.h"
#include "fdb_cache.h"
#include "pipe_vec.h"
#include "port_limits_types.h"
#include "rate_limit.h"
#include "rxq_live.h"

#define BURST_SIZE 32
_Static_assert(BURST_SIZE == PIPE_VEC_BURST, "a pipeline vector holds a burst");

struct txbuf {
	uint16_t n;
	bool listed; /* on the PMD's dirty list this burst (tx.h) */
	struct rte_mbuf *pkts[BURST_SIZE];
};

struct datapath;
struct trace_buf;

/* The encap stage's run (tunnel_output.c): the last remote VTEP's next hop
 * and MAC, and the last flow's VXLAN source port. Emptied every burst. */
struct encap_run {
	uint32_t remote; /* 0: empty */
	uint32_t next_hop;
	bool routed;   /* the remote has a next hop (vtep_next_hop) */
	bool resolved; /* and its MAC is known: mac */
	uint8_t mac[6];
	bool has_flow; /* flow_hash (the receive hash) gives src_port */
	uint32_t flow_hash;
	uint16_t src_port;
};

struct pmd {
	uint32_t index; /* position in worker-cores; also its RCU thread id */
	uint32_t lcore;
	uint16_t tx_queue; /* the tx queue it owns on every phy port */
	struct datapath *dp;
	struct rte_mempool *pool; /* of its own NUMA node, for vhost dequeue */
	struct rte_ring *learn_ring;
	/* Packets for the control thread: ARP to the VTEP, and tunnel packets
	 * waiting for their next hop's MAC (mbuf pointers). */
	struct rte_ring *punt_ring;
	uint16_t ip_id; /* outer IPv4 identification when [vtep] df = no */
	uint32_t now;	/* seconds since start, for FDB ages */
	uint64_t next_second_tsc;
	uint32_t sleep_us;  /* the last idle sleep (pmd_sleep.h) */
	uint32_t sleep_max; /* the view's pmd_sleep_max, read each poll */
	/* The view of the poll under way, NULL between polls: what egress
	 * (flush_vhost) reads instead of loading dp->view again. */
	const struct fwd_view *view;
	uint16_t n_dirty;
	/* Arrays of SLUICE_MAX_PORTS on the PMD's node (pmd_tables.c). */
	uint16_t *dirty; /* ports with packets this burst, each once (tx.h) */
	struct txbuf *tx;
	struct fdb_cache fdb_cache;
	struct encap_run encap_run;
	struct rxq_live live;	 /* the queues it polls (rxq_live.h) */
	struct pipe_vectors vec; /* between the stages of one burst; empty between bursts */
	/* Too-big answers, per port the sender is on (mtu_guard.c). */
	struct rate_limit *icmp_limit;
	/* A trace is armed (trace.h): read from the datapath once per poll. */
	bool tracing;
	struct trace_buf *trace;  /* allocated by the first trace.start */
	struct limits_pmd limits; /* its storm buckets and meters, per port (port_limits.h) */
	struct core_counters counters;
} __rte_cache_aligned;

#endif
