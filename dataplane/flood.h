/* The replicate stage (pipeline.c): every frame in the flood vector goes
 * to each member of its network but the one it came in on, and to every
 * remote VTEP of a tunnel network (replicate.h: a private header each, the
 * frame shared). */
#ifndef SLUICE_FLOOD_H
#define SLUICE_FLOOD_H

#include "datapath.h"

/* Empties the flood vector, in order: local outputs into their tx buffers
 * or the trunk vector, replicas for remote VTEPs into the encap vector, a
 * frame the MTU guard must judge first into the tunnel vector. */
void replicate_stage(struct pmd *pmd, const struct fwd_view *view);

#endif
