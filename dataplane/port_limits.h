/* Per-port limits on what a port may send into the switch (issue 13): MAC
 * learning limits, storm control of broadcast, multicast and unknown
 * unicast, and an srTCM policer (rte_meter).
 *
 * The settings are part of the forwarding view, rebuilt from port_config at
 * every publish (port_limits_view.c); the buckets and meters are the PMD's own,
 * one set per port per PMD, so nothing is shared and nothing locks. A port
 * polled by several PMDs has its rates and bursts split evenly between them:
 * each PMD enforces its share, which is exact when traffic spreads evenly
 * over the port's queues and stricter than configured when it does not. */
#ifndef SLUICE_PORT_LIMITS_H
#define SLUICE_PORT_LIMITS_H

#include <stdbool.h>
#include <stdint.h>

#include "port_limits_types.h"

struct fdb_entry;
struct fdb_key;
struct fwd_view;
struct datapath;
struct pmd;
struct rte_mbuf;

/* Control thread, before view is published (and copied for a queue move):
 * fills its limits from dp->desired.cfg and sets the FDB's mac-limits. Returns view
 * (NULL for NULL). */
struct fwd_view *limits_publish(struct datapath *dp, struct fwd_view *view);

/* PMD, after the bridge looked up a burst of one network: polices it,
 * applies storm control and mac-limits, frees and counts what they drop.
 * keys holds (destination, source) pairs, dst and src the lookups; all four
 * arrays are compacted to what passes. A source that must not be learned
 * (mac-limit-action = flood) gets src[i] = &limits_not_learned. Returns the
 * packets left. */
uint32_t limits_burst(struct pmd *pmd, const struct fwd_view *view, uint16_t network,
		      uint16_t in_port, uint32_t in_remote, struct rte_mbuf **pkts,
		      struct fdb_key *keys, struct fdb_entry **dst, struct fdb_entry **src,
		      uint32_t n);

/* A static-looking entry the bridge never learns over nor refreshes. */
extern struct fdb_entry limits_not_learned;

#endif
