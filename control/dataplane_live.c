#include "dataplane_live.h"

#include <string.h>

bool dataplane_key_live(const char *key)
{
	static const char *const live[] = {"rebalance", "rebalance-interval", "rebalance-threshold",
					   "pmd-sleep-max"};

	for (size_t i = 0; i < sizeof(live) / sizeof(live[0]); i++)
		if (strcmp(key, live[i]) == 0)
			return true;
	return false;
}

void dataplane_live_apply(struct dataplane_config *running, const struct dataplane_config *from)
{
	running->rebalance = from->rebalance;
	running->rebalance_interval = from->rebalance_interval;
	running->rebalance_threshold = from->rebalance_threshold;
	/* PMDs read it once per idle poll. */
	__atomic_store_n(&running->pmd_sleep_max, from->pmd_sleep_max, __ATOMIC_RELAXED);
}
