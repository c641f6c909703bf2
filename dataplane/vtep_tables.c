/* The VTEP's tables sized at start: by [vtep] max-neighbours the neighbour
 * table PMDs read (DPDK memory, one block) and the packets waiting per slot
 * for their next hop's MAC (control thread only); by max-flood-vteps the
 * EVPN flood lists (control/evpn_remote.c allocates them on first use). */
#include <stdlib.h>

#include <rte_malloc.h>

#include "datapath.h"
#include "vtep_ctl.h"
#include "vtep_tables.h"

int vtep_tables_create(struct datapath *dp, struct vtep_ctl *c, char *err, size_t errlen)
{
	uint32_t max = dp->desired.cfg.vtep.max_neighbours;
	struct neigh_slot *slots =
	    rte_zmalloc("neigh_table", neigh_table_bytes(max), RTE_CACHE_LINE_SIZE);

	if (!slots) {
		snprintf(err, errlen,
			 "cannot allocate the neighbour table for max-neighbours = %u: lower "
			 "[vtep] max-neighbours or raise [dataplane] socket-mem",
			 max);
		return -1;
	}
	neigh_table_init(&dp->neigh, slots, max);
	c->waiting = calloc(dp->neigh.n_slots, sizeof(*c->waiting));
	if (!c->waiting) {
		snprintf(err, errlen, "cannot allocate the ARP wait state for max-neighbours = %u",
			 max);
		vtep_tables_free(dp, c);
		return -1;
	}
	return 0;
}

void vtep_tables_free(struct datapath *dp, struct vtep_ctl *c)
{
	free(c->waiting);
	c->waiting = NULL;
	rte_free(dp->neigh.slot);
	dp->neigh.slot = NULL;
	dp->neigh.n_slots = 0;
	dp->neigh.mask = 0;
}

size_t vtep_tables_bytes(const struct datapath *dp)
{
	size_t slot = sizeof(struct neigh_slot) + sizeof(((struct vtep_ctl *)0)->waiting[0]);

	return dp->vtep_ctl ? dp->neigh.n_slots * slot : 0;
}

void vtep_flood_free(struct datapath *dp)
{
	for (uint32_t n = 0; n < SLUICE_MAX_NETWORKS; n++)
		flood_vteps_free(&dp->desired.evpn_flood[n]);
}

size_t vtep_flood_bytes(const struct datapath *dp)
{
	size_t lists = 0;

	for (uint32_t n = 0; n < SLUICE_MAX_NETWORKS; n++)
		if (dp->desired.evpn_flood[n].addrs)
			lists++;
	return lists * dp->desired.cfg.vtep.max_flood_vteps * sizeof(uint32_t);
}
