/* trace.start, trace.show, trace.clear: the next packets received on a port
 * followed stage by stage (dataplane/trace.c). */
#include <arpa/inet.h>
#include <string.h>

#include "../dataplane/drops.h"
#include "../dataplane/icmp_too_big.h"
#include "../dataplane/mss_clamp.h"
#include "../dataplane/trace.h"
#include "commands.h"
#include "params.h"

static const char *const mss_names[] = {
    [MSS_NOT_SYN] = "not a SYN",
    [MSS_UNCHANGED] = "within the MTU",
    [MSS_CLAMPED] = "clamped",
    [MSS_MALFORMED] = "malformed",
};

static const char *const mtu_names[] = {
    [MTU_FITS] = "fits",
    [MTU_FRAGMENT] = "fragment",
    [MTU_TOO_BIG] = "too big: ICMP answer",
    [MTU_TOO_BIG_SILENT] = "too big: dropped",
    [MTU_MALFORMED] = "malformed",
};

static const char *port_name(const struct datapath *dp, uint16_t port)
{
	return port < SLUICE_MAX_PORTS && datapath_port_in_use(dp, port) ? dp->ports[port].name
									 : "?";
}

static json_t *ip_json(uint32_t addr_be)
{
	char text[INET_ADDRSTRLEN];
	struct in_addr a = {.s_addr = addr_be};

	return json_string(inet_ntop(AF_INET, &a, text, sizeof(text)) ? text : "?");
}

static const char *name_of(const char *const *names, size_t n, uint32_t v)
{
	return v < n && names[v] ? names[v] : "?";
}

/* One record as the stage it is. */
static json_t *record_json(const struct datapath *dp, const struct trace_record *r)
{
	const char *port = port_name(dp, r->port);

	switch ((enum trace_stage)r->stage) {
	case TRACE_RX:
		return json_pack("{s:s, s:s, s:i, s:i}", "stage", "rx", "port", port, "queue",
				 (int)r->value, "length", (int)r->value2);
	case TRACE_VLAN:
		return json_pack("{s:s, s:s, s:i}", "stage", "vlan", "port", port, "vid",
				 (int)r->value);
	case TRACE_NETWORK: {
		json_t *j = json_pack(
		    "{s:s, s:s}", "stage", "network", "network",
		    r->value < SLUICE_MAX_NETWORKS ? dp->desired.cfg.networks[r->value].name : "?");

		json_object_set_new(j, "from", r->value2 ? ip_json(r->value2) : json_string(port));
		return j;
	}
	case TRACE_FDB_HIT: {
		json_t *j =
		    json_pack("{s:s, s:s, s:s}", "stage", "fdb", "result", "hit", "port", port);

		if (r->value)
			json_object_set_new(j, "remote", ip_json(r->value));
		return j;
	}
	case TRACE_FLOOD:
		return json_pack("{s:s, s:s, s:i, s:i}", "stage", "fdb", "result", "flood",
				 "local_outputs", (int)r->value, "remote_vteps", (int)r->value2);
	case TRACE_MSS:
		return json_pack("{s:s, s:s, s:i}", "stage", "mss-clamp", "result",
				 name_of(mss_names, RTE_DIM(mss_names), r->value), "mtu",
				 (int)r->value2);
	case TRACE_MTU:
		return json_pack("{s:s, s:s, s:i}", "stage", "mtu", "verdict",
				 name_of(mtu_names, RTE_DIM(mtu_names), r->value), "mtu",
				 (int)r->value2);
	case TRACE_ENCAP:
		return json_pack("{s:s, s:s, s:o, s:s}", "stage", "encap", "port", port, "remote",
				 ip_json(r->value), "next_hop",
				 r->value2 ? "resolved" : "unresolved: waits for ARP");
	case TRACE_OUTPUT:
		return json_pack("{s:s, s:s}", "stage", "output", "port", port);
	case TRACE_DROP:
		return json_pack("{s:s, s:s, s:s}", "stage", "drop", "port", port, "reason",
				 r->value < DROP_REASON_COUNT ? drop_table[r->value].name : "?");
	case TRACE_STAGE_COUNT:
		break;
	}
	return json_pack("{s:s}", "stage", "?");
}

json_t *cmd_trace_start(struct control *ctl, json_t *params, struct rpc_error *err)
{
	int port = lookup_port(ctl->dp, params_string(params, "port", true, err), err);
	uint32_t count;
	char why[256];

	if (port < 0 || params_uint(params, "count", 1, TRACE_MAX_PACKETS, &count, err) < 0)
		return NULL;
	if (trace_start(ctl->dp, (uint16_t)port, count, why, sizeof(why)) < 0) {
		rpc_fail(err, RPC_FAILED, "%s", why);
		return NULL;
	}
	return json_pack("{s:s, s:i}", "port", ctl->dp->ports[port].name, "count", (int)count);
}

json_t *cmd_trace_show(struct control *ctl, json_t *params, struct rpc_error *err)
{
	const struct datapath *dp = ctl->dp;
	const struct trace_ctl *t = dp->trace;
	json_t *packets = json_array(), *by_id[TRACE_MAX_PACKETS + 1] = {NULL};
	uint64_t overflow = 0;
	uint32_t marked;

	(void)params;
	(void)err;
	if (!t)
		return json_pack("{s:n, s:i, s:i, s:b, s:i, s:o}", "port", "count", 0, "marked", 0,
				 "armed", 0, "overflow", 0, "packets", packets);
	marked = __atomic_load_n(&t->next_id, __ATOMIC_ACQUIRE);
	for (uint32_t p = 0; p < dp->n_pmds; p++) {
		const struct trace_buf *b = dp->pmds[p]->trace;
		uint32_t n = b ? __atomic_load_n(&b->n, __ATOMIC_ACQUIRE) : 0;

		if (b)
			overflow += b->overflow;
		for (uint32_t i = 0; i < n; i++) {
			const struct trace_record *r = &b->rec[i];

			if (r->packet == 0 || r->packet > TRACE_MAX_PACKETS)
				continue;
			if (!by_id[r->packet]) {
				by_id[r->packet] = json_array();
				json_array_append_new(
				    packets, json_pack("{s:i, s:i, s:o}", "id", (int)r->packet,
						       "pmd", (int)p, "stages", by_id[r->packet]));
			}
			json_array_append_new(by_id[r->packet], record_json(dp, r));
		}
	}
	return json_pack("{s:s, s:i, s:i, s:b, s:I, s:o}", "port", port_name(dp, t->port), "count",
			 (int)t->wanted, "marked", (int)marked, "armed",
			 __atomic_load_n(&t->armed, __ATOMIC_ACQUIRE), "overflow",
			 (json_int_t)overflow, "packets", packets);
}

json_t *cmd_trace_clear(struct control *ctl, json_t *params, struct rpc_error *err)
{
	(void)params;
	(void)err;
	trace_clear(ctl->dp);
	return json_object();
}
