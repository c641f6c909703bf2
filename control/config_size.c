#include "config_size.h"

#include <stdio.h>

bool config_size_exceeded(const struct sluice_config *cfg, struct config_excess *x)
{
	const struct dataplane_config *dp = &cfg->dataplane;

	if (cfg->n_ports > dp->max_ports) {
		*x = (struct config_excess){"ports", "max-ports", cfg->n_ports, dp->max_ports,
					    cfg->ports[dp->max_ports].origin.section_line};
		return true;
	}
	if (cfg->n_networks > dp->max_networks) {
		*x = (struct config_excess){"networks", "max-networks", cfg->n_networks,
					    dp->max_networks,
					    cfg->networks[dp->max_networks].origin.section_line};
		return true;
	}
	return false;
}

void config_size_describe(const struct config_excess *x, char *err, size_t errlen)
{
	snprintf(err, errlen,
		 "the config declares %u %s but [dataplane] %s = %u: set %s = %u (or more) in "
		 "[dataplane]",
		 x->count, x->what, x->key, x->limit, x->key, x->count);
}

void config_limit_full(char *err, size_t errlen, const char *what, const char *key, uint32_t limit,
		       uint32_t ceiling)
{
	if (limit >= ceiling)
		snprintf(err, errlen,
			 "sluice has its maximum of %u %s ([dataplane] %s = %u), its ceiling: "
			 "delete one first",
			 limit, what, key, limit);
	else
		snprintf(err, errlen,
			 "sluice has its maximum of %u %s ([dataplane] %s = %u): raise %s (at most "
			 "%u) in the config file and restart sluice",
			 limit, what, key, limit, key, ceiling);
}
