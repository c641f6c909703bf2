/* The limits of the forwarding view, from dp->desired.cfg at every publish: so a
 * changed port_config takes effect by republishing (port.set, reload). */
#include "port_limits.h"

#include <string.h>

#include <rte_log.h>

#include "../common/ingress_burst.h"
#include "datapath.h"

/* The PMDs that poll a queue of port in view's plan: each gets its share. */
static uint32_t pollers(const struct fwd_view *view, uint16_t port)
{
	uint32_t n = 0;

	for (uint32_t w = 0; w < view->plan.n_pmds; w++)
		for (uint32_t j = 0; j < view->plan.n[w]; j++)
			if (view->plan.rxq[w][j].port == port) {
				n++;
				break;
			}
	return n ? n : 1;
}

static uint64_t share(uint64_t value, uint32_t n)
{
	uint64_t s = (value + n - 1) / n;

	return value && !s ? 1 : s;
}

static void build_port(const struct port_config *pc, uint32_t n, struct port_limits_view *lv)
{
	const uint32_t rates[STORM_CLASS_COUNT] = {
	    [STORM_BROADCAST] = pc->storm_broadcast,
	    [STORM_MULTICAST] = pc->storm_multicast,
	    [STORM_UNKNOWN] = pc->storm_unknown,
	};

	lv->mac_flood = pc->mac_limit_action == MAC_LIMIT_FLOOD;
	for (int c = 0; c < STORM_CLASS_COUNT; c++) {
		lv->storm_rate[c] = (uint32_t)share(rates[c], n);
		lv->storm_burst[c] = storm_burst(lv->storm_rate[c]);
		lv->active = lv->active || rates[c] != 0;
	}
	if (pc->ingress_rate) {
		struct rte_meter_srtcm_params p = {
		    .cir = share((uint64_t)pc->ingress_rate * 125000, n), /* Mbit/s -> bytes/s */
		    .cbs = share(port_ingress_burst_bytes(pc), n),
		    .ebs = 0, /* no yellow: over the committed burst is red */
		};

		if (rte_meter_srtcm_profile_config(&lv->meter, &p) == 0)
			lv->police = lv->active = true;
		else
			RTE_LOG(ERR, USER1, "port %s: cannot configure its policer\n", pc->name);
	}
}

/* Settings equal to the published view's keep its generation, so a publish
 * for another reason does not refill every bucket. */
static void set_generation(const struct fwd_view *old, uint16_t port, struct port_limits_view *lv)
{
	static uint32_t next_gen;
	struct port_limits_view prev;

	if (old) {
		prev = old->limits.ports[port];
		prev.gen = 0;
		if (memcmp(&prev, lv, sizeof(prev)) == 0) {
			lv->gen = old->limits.ports[port].gen;
			return;
		}
	}
	lv->gen = ++next_gen ? next_gen : ++next_gen; /* 0 is a PMD's "never set up" */
}

struct fwd_view *limits_publish(struct datapath *dp, struct fwd_view *view)
{
	struct limits_view *lim;

	if (!view)
		return NULL;
	lim = &view->limits;
	memset(lim->ports, 0, SLUICE_MAX_PORTS * sizeof(*lim->ports));
	memset(lim->net_flood, 0, SLUICE_MAX_NETWORKS * sizeof(*lim->net_flood));
	for (uint16_t i = 0; i < SLUICE_MAX_PORTS; i++) {
		const struct port_config *pc = &dp->desired.cfg.ports[i];
		bool used = datapath_port_in_use(dp, i);

		if (used)
			build_port(pc, pollers(view, i), &lim->ports[i]);
		set_generation(dp->view, i, &lim->ports[i]);
		fdb_limit_set_port(&dp->fdb.limits, i, used ? pc->mac_limit : 0);
	}
	for (uint16_t n = 0; n < SLUICE_MAX_NETWORKS; n++) {
		const struct network_config *nc = &dp->desired.cfg.networks[n];
		bool used = n < dp->desired.cfg.n_networks && nc->name[0];

		lim->net_flood[n] = used && nc->mac_limit_action == MAC_LIMIT_FLOOD;
		fdb_limit_set_network(&dp->fdb.limits, n, used ? nc->mac_limit : 0);
	}
	return view;
}
