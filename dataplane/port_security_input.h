/* The ingress hook of port security: one predictable branch for a port
 * without it, the rules of port_security.c for each packet of one with it. */
#ifndef SLUICE_PORT_SECURITY_INPUT_H
#define SLUICE_PORT_SECURITY_INPUT_H

#include <rte_branch_prediction.h>
#include <rte_mbuf.h>

#include "datapath.h"

/* Drops (and counts) what ps forbids; returns how many of pkts remain,
 * packed at the front in their order. */
uint16_t port_security_filter(struct pmd *pmd, const struct port_security *ps, uint16_t in_port,
			      struct rte_mbuf **pkts, uint16_t n);

static inline uint16_t port_security_input(struct pmd *pmd, const struct fwd_view *view,
					   uint16_t in_port, struct rte_mbuf **pkts, uint16_t n)
{
	if (likely(!view->port_security[in_port].enabled))
		return n;
	return port_security_filter(pmd, &view->port_security[in_port], in_port, pkts, n);
}

#endif
