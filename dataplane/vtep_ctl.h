/* The control-thread state of the VTEP (vtep_arp.c), apart from its
 * functions: vtep_tables.c sizes its wait state without including vtep_arp.h,
 * which includes the tables back. */
#ifndef SLUICE_VTEP_CTL_H
#define SLUICE_VTEP_CTL_H

#include <stdint.h>

#include "rate_limit.h"

#define VTEP_WAIT_MAX 8 /* packets queued per unresolved neighbour */

struct vtep_ctl_stats {
	uint64_t arp_received, arp_malformed, arp_rate_limited;
	uint64_t requests_sent, refreshes_sent, replies_sent, conflicts;
	uint64_t resolved_sent;	  /* waiting packets sent once their MAC came */
	uint64_t wait_queue_full; /* dropped: VTEP_WAIT_MAX already waiting */
	uint64_t unresolved;	  /* dropped: no answer after VTEP_ARP_TRIES */
	uint64_t tx_failed;	  /* the ring to PMD 0 (ctl_tx.h) was full */
	uint64_t neighbours_aged;
	uint64_t learn_refused; /* ARP senders not learned: max-neighbours live */
};

struct kernel_tap;
struct rte_mbuf;
struct rte_mempool;

struct vtep_ctl {
	struct kernel_tap *tap; /* [vtep] kernel-tap = yes, else NULL */
	struct rte_mempool *pool;
	struct rate_limit arp_limit; /* of ARP handling: VTEP_ARP_RATE, VTEP_ARP_BURST */
	uint32_t last_age;
	/* Per neighbour slot (dp->neigh.n_slots, vtep_tables.c), the packets
	 * queued for its MAC. */
	struct rte_mbuf *(*waiting)[VTEP_WAIT_MAX];
	struct vtep_ctl_stats stats;
};

#endif
