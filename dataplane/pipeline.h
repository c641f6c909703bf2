/* The pipeline (pipeline.c): what a PMD does with one receive queue's burst. */
#ifndef SLUICE_PIPELINE_H
#define SLUICE_PIPELINE_H

#include <stdint.h>

#include "pmd.h"
#include "rxq_assign.h"
#include "view.h"

/* One burst from queue ref through every stage to the tx buffers, flushed.
 * Returns the packets received (0: the queue was empty). *tsc: the clock
 * when the burst starts (the PMD loop's own read); afterwards, when packets
 * came, the clock when the tx stage ended (unchanged for an empty queue):
 * the loop and the stage counters share their clock reads. */
uint16_t pipeline_run(struct pmd *pmd, const struct fwd_view *view, const struct rxq_ref *ref,
		      uint64_t *tsc);

#endif
