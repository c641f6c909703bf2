#include "fdb_aging.h"

#include <rte_cycles.h>

#include "datapath.h"

uint32_t fdb_aging_period(const struct datapath *dp)
{
	uint32_t period = 0;

	for (uint16_t i = 0; i < dp->desired.cfg.n_networks; i++)
		if (dp->desired.cfg.networks[i].name[0] != '\0' &&
		    (period == 0 || dp->aging[i] < period))
			period = dp->aging[i];
	return period ? period : 1;
}

uint32_t fdb_aging_tick(struct datapath *dp)
{
	uint64_t cycles = rte_rdtsc() - dp->start_tsc;
	uint64_t ms_hz = dp->tsc_hz / 1000 ? dp->tsc_hz / 1000 : 1;

	return fdb_age_slice(&dp->fdb, (uint32_t)(cycles / dp->tsc_hz), cycles / ms_hz, dp->aging,
			     fdb_aging_period(dp));
}
