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

#include <rte_meter.h>

#include "../common/sizes.h"
#include "rate_limit.h"
#include "storm.h"

struct fdb_entry;
struct fdb_key;
struct fwd_view;
struct datapath;
struct pmd;
struct rte_mbuf;

/* One port's limits as one PMD applies them (its share of each rate). */
struct port_limits_view {
	uint32_t gen;	/* new whenever a setting below changes: PMD state restarts */
	bool active;	/* storm control or policing on: the per-burst check runs */
	bool mac_flood; /* mac-limit-action = flood */
	bool police;	/* ingress-rate set */
	uint32_t storm_rate[STORM_CLASS_COUNT]; /* packets/s, 0: off */
	uint32_t storm_burst[STORM_CLASS_COUNT];
	struct rte_meter_srtcm_profile meter;
};

struct limits_view {
	/* SLUICE_MAX_PORTS and SLUICE_MAX_NETWORKS, in the view's block (view_alloc.c) */
	struct port_limits_view *ports;
	bool *net_flood; /* the network's mac-limit-action = flood */
};

/* A PMD's buckets and meter for one port. */
struct port_limits_state {
	uint32_t gen; /* of the settings it was set up for */
	struct rate_limit storm[STORM_CLASS_COUNT];
	struct rte_meter_srtcm meter;
};

struct limits_pmd {
	struct port_limits_state *ports; /* SLUICE_MAX_PORTS (pmd_tables.c) */
};

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
