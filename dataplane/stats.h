/* Sums of the per-core counters, and their text form (SIGUSR1, exit). */
#ifndef SLUICE_STATS_H
#define SLUICE_STATS_H

#include <stdio.h>

#include "datapath.h"

/* Sum of every core's counters for one port. */
void stats_port(const struct datapath *dp, uint16_t port, struct port_counters *out);
/* Totals of a port over its queues. */
void stats_port_totals(const struct port_counters *pc, struct queue_counters *rx,
		       struct queue_counters *tx, uint64_t *drops);
/* Busy and idle cycles and packets of one PMD since the last reset. */
void stats_core(const struct datapath *dp, uint32_t core, struct core_totals *out);
/* Packets and cycles of each pipeline stage, summed over the PMDs, since
 * the last reset (stats.stages). */
void stats_stages(const struct datapath *dp, struct stage_counters *out);
/* From now on every counter reads zero (a baseline, PMDs are not touched). */
void stats_reset(struct datapath *dp);
void stats_print(const struct datapath *dp, FILE *out);

#endif
