/* Per-stage cycle and packet counters of the pipeline (pipeline.c): one
 * rdtsc per stage per burst, never per packet, none for a stage whose
 * vector is empty. Kept per PMD in its
 * core_counters, summed by stats_stages() (stats.stages). */
#ifndef SLUICE_STAGE_H
#define SLUICE_STAGE_H

#include <stdint.h>

/* The stages in the order a burst passes them. */
enum pipeline_stage {
	STAGE_RX,	 /* receive, count, capture, trace */
	STAGE_CLASSIFY,	 /* decap / trunk / flat: each packet's network */
	STAGE_L2,	 /* validate, one bulk FDB lookup, limits, learn */
	STAGE_DISPATCH,	 /* sort into vectors: local (tx buffers), trunk, tunnel, flood */
	STAGE_REPLICATE, /* the flood vector: local outputs, a replica per remote VTEP */
	STAGE_MTU_GUARD, /* the tunnel vector: clamp, fits, too big, fragment */
	STAGE_ENCAP,	 /* the encap vector: outer header, into the VTEP's tx buffer */
	STAGE_TAG,	 /* the trunk vector: VLAN tag, into the trunk's tx buffer */
	STAGE_TX,	 /* flush every port's tx buffer through its egress ops */
	STAGE_COUNT
};

struct stage_counters {
	uint64_t packets[STAGE_COUNT]; /* packets that entered the stage */
	uint64_t cycles[STAGE_COUNT];
};

/* "rx", "classify", ...: the names stats.stages reports. */
extern const char *const stage_names[STAGE_COUNT];

#endif
