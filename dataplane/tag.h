/* The tag stage (pipeline.c): every frame in the trunk vector gets its
 * network's VLAN tag and goes into its trunk port's tx buffer. */
#ifndef SLUICE_TAG_H
#define SLUICE_TAG_H

#include <rte_mbuf.h>

#include "datapath.h"

/* Tags m with vid and queues it on port. Takes ownership of m; one that
 * others share (a flood) or without headroom becomes a replica first. */
void vlan_output(struct pmd *pmd, uint16_t port, uint16_t vid, struct rte_mbuf *m);

/* Empties the trunk vector, in order. */
void tag_stage(struct pmd *pmd, const struct fwd_view *view);

#endif
