/* The types of a port's limits (port_limits.h) that the view and a PMD hold:
 * view.h and pmd.h include these alone, not the functions, which need the
 * datapath and the tx stage. */
#ifndef SLUICE_PORT_LIMITS_TYPES_H
#define SLUICE_PORT_LIMITS_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_meter.h>

#include "../common/sizes.h"
#include "rate_limit.h"
#include "storm.h"

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

#endif
