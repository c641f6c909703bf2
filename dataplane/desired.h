/* The desired state: what the control side asked for (the config file,
 * the control socket, FRR through the EVPN shadow). The control thread owns
 * it; the dataplane builds its view from it (view_build.c) and never lets a
 * PMD read it. */
#ifndef SLUICE_DESIRED_H
#define SLUICE_DESIRED_H

#include "../common/config_types.h"
#include "flood_union.h"
#include "rxq_assign.h"

struct desired_state {
	/* Slots of deleted ports and networks stay as holes (empty name) so
	 * indices held by counters and the FDB never shift. */
	struct sluice_config cfg;
	/* The machine validation checks against (online CPUs). */
	struct config_host host;
	rxq_worker_map rxq_pin; /* worker index a queue is pinned to, or -1 */
	/* Flood VTEPs zebra installed, per network (control/evpn_remote.c);
	 * the view floods to these and the static `flood` list, together at
	 * most [vtep] max-flood-vteps. */
	struct flood_vteps *evpn_flood; /* SLUICE_MAX_NETWORKS (datapath_tables.c) */
};

#endif
