#include "cmd_port_limits.h"

#include "../dataplane/drops.h"
#include "../dataplane/stats.h"
#include "limits_config.h"

static const enum drop_reason limit_drops[] = {
    DROP_MAC_LIMIT, DROP_STORM_BROADCAST, DROP_STORM_MULTICAST, DROP_STORM_UNKNOWN, DROP_POLICED,
};

json_t *port_limits_json(const struct datapath *dp, uint16_t index)
{
	const struct port_config *pc = &dp->desired.cfg.ports[index];
	const struct fdb_limits *fl = &dp->fdb.limits;
	struct port_counters counters;
	json_t *drops = json_object();

	stats_port(dp, index, &counters);
	for (size_t i = 0; i < sizeof(limit_drops) / sizeof(limit_drops[0]); i++)
		json_object_set_new(drops, drop_table[limit_drops[i]].name,
				    json_integer((json_int_t)counters.drops[limit_drops[i]]));
	return json_pack(
	    "{s:i, s:s, s:i, s:I, s:i, s:i, s:i, s:i, s:I, s:o}", "mac_limit", (int)pc->mac_limit,
	    "mac_limit_action", pc->mac_limit_action == MAC_LIMIT_FLOOD ? "flood" : "drop",
	    "macs_learned", (int)fl->port_count[index], "macs_refused",
	    (json_int_t)fl->port_refused[index], "storm_broadcast", (int)pc->storm_broadcast,
	    "storm_multicast", (int)pc->storm_multicast, "storm_unknown", (int)pc->storm_unknown,
	    "ingress_rate", (int)pc->ingress_rate, "ingress_burst_bytes",
	    (json_int_t)port_ingress_burst_bytes(pc), "drops", drops);
}
