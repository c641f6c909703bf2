/* The dispatch stage (dispatch.c): where each packet of a looked-up burst goes. */
#ifndef SLUICE_DISPATCH_H
#define SLUICE_DISPATCH_H

#include "bridge.h"

/* Sends each packet of b to its destination's port or remote VTEP, or
 * floods it in its network. Takes ownership of the packets. */
void dispatch_burst(struct pmd *pmd, const struct fwd_view *view, uint16_t in_port,
		    const struct burst_meta *bm, const struct l2_burst *b);

#endif
