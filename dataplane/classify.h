/* The classify stage: which network each received packet belongs to, and
 * where it came from (pkt_meta.h). Three kinds of input port: the VTEP's
 * (decap, tunnel_input.c), a trunk (vlan.c) and a port of one flat network. */
#ifndef SLUICE_CLASSIFY_H
#define SLUICE_CLASSIFY_H

#include <stdint.h>

#include <rte_mbuf.h>

#include "pkt_meta.h"
#include "pmd.h"
#include "view.h"

/* Classifies a burst received on in_port: drops (counted) what belongs to no
 * network, punts what is the control thread's, and compacts pkts to the
 * rest, in order, each with its metadata: bm's one for all when bm->uniform,
 * else each packet's pkt_meta. Returns how many are left. */
uint16_t classify_burst(struct pmd *pmd, const struct fwd_view *view, uint16_t in_port,
			struct rte_mbuf **pkts, uint16_t n, struct burst_meta *bm);

#endif
