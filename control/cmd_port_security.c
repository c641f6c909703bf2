/* port.set, and the "security" object of port.show. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "../dataplane/lifecycle.h"
#include "../dataplane/stats.h"
#include "commands.h"
#include "params.h"
#include "port_live.h"

static const enum drop_reason security_drops[] = {
    DROP_SPOOFED_SOURCE, DROP_SPOOFED_IP,	 DROP_SPOOFED_ARP,
    DROP_SPOOFED_ND,	 DROP_DHCP_SERVER_GUARD, DROP_RA_GUARD,
};

static json_t *ips_json(const struct ip_prefix_list *ips)
{
	json_t *list = json_array();

	for (uint32_t i = 0; i < ips->n; i++) {
		char text[INET6_ADDRSTRLEN + 4];

		ip_prefix_text(&ips->items[i], text, sizeof(text));
		json_array_append_new(list, json_string(text));
	}
	return list;
}

json_t *port_security_json(const struct datapath *dp, uint16_t index)
{
	const struct port_config *pc = &dp->desired.cfg.ports[index];
	struct port_counters counters;
	json_t *drops = json_object();

	stats_port(dp, index, &counters);
	for (size_t i = 0; i < sizeof(security_drops) / sizeof(security_drops[0]); i++)
		json_object_set_new(drops, drop_table[security_drops[i]].name,
				    json_integer((json_int_t)counters.drops[security_drops[i]]));
	return json_pack("{s:b, s:o, s:b, s:b, s:o}", "enabled", port_config_security_on(pc), "ips",
			 ips_json(&pc->ips), "dhcp_server", pc->dhcp_server == 1, "router",
			 pc->router == 1, "drops", drops);
}

json_t *cmd_port_set(struct control *ctl, json_t *params, struct rpc_error *err)
{
	int index = lookup_port(ctl->dp, params_string(params, "name", true, err), err);
	struct port_config pc;
	const char *key;
	json_t *value;
	char why[512];

	if (index < 0)
		return NULL;
	if (json_object_size(params) < 2) {
		rpc_fail(err, RPC_INVALID_PARAMS, "nothing to set: give KEY: VALUE pairs");
		return NULL;
	}
	/* Refused before anything is parsed: nothing half applied. */
	json_object_foreach(params, key, value)
	{
		if (port_key_is_fixed(key)) {
			rpc_fail(err, RPC_INVALID_PARAMS,
				 "key '%s' cannot change on a running port: delete and re-add "
				 "the port",
				 key);
			return NULL;
		}
	}
	pc = ctl->dp->desired.cfg.ports[index];
	if (params_update_port(params, &pc, err) < 0)
		return NULL;
	if (config_check_port_update(&ctl->dp->desired.cfg, &ctl->dp->desired.host, (uint32_t)index,
				     &pc, why, sizeof(why)) < 0) {
		rpc_fail(err, RPC_INVALID_PARAMS, "%s", why);
		return NULL;
	}
	if (datapath_port_update(ctl->dp, (uint16_t)index, &pc, why, sizeof(why)) < 0) {
		rpc_fail(err, RPC_FAILED, "%s", why);
		return NULL;
	}
	return port_to_json(ctl->dp, (uint16_t)index);
}
