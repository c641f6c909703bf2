/* The datapath's and each PMD's arrays indexed by port or network, sized at
 * start by [dataplane] max-ports and max-networks (common/sluice_limits.h): one
 * DPDK allocation each, so `stats memory` measures them. */
#ifndef SLUICE_DATAPATH_TABLES_H
#define SLUICE_DATAPATH_TABLES_H

#include <stddef.h>

#include "../common/config_types.h"

struct datapath;
struct pmd;

/* Fixes the limits from cfg and allocates dp's tables (ports, counters,
 * captures, aging, EVPN flood lists); aging holds cfg's network values.
 * -1 with err: no memory. */
int datapath_tables_create(struct datapath *dp, const struct sluice_config *cfg, char *err,
			   size_t errlen);
void datapath_tables_free(struct datapath *dp);
/* A PMD's tx buffers, dirty list, ICMP limiters, limit state and port
 * counters, on its NUMA node. -1: no memory. */
int pmd_tables_create(struct pmd *pmd, int node);
/* Frees what pmd still buffers, its rings, its tables and pmd itself. */
void pmd_free(struct pmd *pmd);
/* What they take, as DPDK's allocator measured it. */
size_t datapath_tables_bytes(const struct datapath *dp);
size_t pmd_tables_bytes(const struct pmd *pmd);

#endif
