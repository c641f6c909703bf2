/* Per-core counters: plain increments by one PMD, summed by the control
 * thread. No atomics on the hot path; a reader may see a value one burst old. */
#ifndef SLUICE_COUNTERS_H
#define SLUICE_COUNTERS_H

#include <stdint.h>

#include "../common/sizes.h"
#include "drops.h"
#include "mtu_counters.h"
#include "stage.h"

struct queue_counters {
	uint64_t packets;
	uint64_t bytes;
};

struct port_counters {
	struct queue_counters rx[SLUICE_MAX_QUEUES];
	struct queue_counters tx[SLUICE_MAX_QUEUES];
	uint64_t rx_cycles[SLUICE_MAX_QUEUES]; /* cycles spent on bursts from that rxq */
	uint64_t drops[DROP_REASON_COUNT];
	uint64_t mtu[MTU_EVENT_COUNT]; /* what the MTU guard did (clamped, answered, split) */
	uint64_t vhost_tx_retries;     /* enqueues repeated to a guest whose ring was full */
};

struct core_counters {
	uint64_t busy_cycles;	   /* polls that received packets, and their processing */
	uint64_t idle_cycles;	   /* polls that received nothing */
	uint64_t packets;	   /* received by this core */
	uint64_t learn_queue_full; /* learn requests lost: the control thread was behind */
	uint64_t sleeps, sleep_us; /* idle sleeps ([dataplane] pmd-sleep-max) and their length */
	uint64_t fdb_bulk_lookups; /* rte_hash bulk lookups: at most one per burst (l2.c) */
	struct stage_counters stages;
	struct port_counters *ports; /* SLUICE_MAX_PORTS (pmd_tables.c) */
};

#endif
