/* The forwarding view from the desired state, and its publication: the
 * control thread builds a whole new view, publishes it with one store and
 * frees the old one after an RCU grace period. */
#include "view_publish.h"

#include <stdio.h>
#include <string.h>

#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_malloc.h>

#include "flood_union.h"
#include "lifecycle.h"
#include "mtu_view.h"
#include "port_limits.h"
#include "tunnel_kind.h"
#include "vtep_arp.h"

/* vlan networks: their trunk joins their members, and tagged frames on it
 * find them through view->vlans. A network whose trunk is not (or no longer)
 * a port keeps only its vhost members until the port comes back. */
static void view_build_vlans(const struct datapath *dp, struct fwd_view *view)
{
	for (uint16_t n = 0; n < dp->desired.cfg.n_networks; n++) {
		const struct network_config *nc = &dp->desired.cfg.networks[n];
		struct network_view *nv = &view->networks[n];
		int port;

		if (!nc->name[0] || nc->type != NETWORK_TYPE_VLAN)
			continue;
		port = datapath_find_port(dp, nc->port);
		if (port < 0 || !datapath_port_in_use(dp, (uint16_t)port))
			continue;
		nv->trunk = (uint16_t)port;
		nv->vid = (uint16_t)nc->vid;
		nv->members[nv->n_members++] = (uint16_t)port;
		view->port_is_trunk[port] = 1;
		view->vlans[view->n_vlans++] = (struct vlan_map_entry){
		    .port = (uint16_t)port, .vid = (uint16_t)nc->vid, .network = n};
	}
}

/* Network t's outer header: the VTEP's fields, its kind and VNI or key. */
static int view_build_template(const struct vtep_view *v, struct tunnel_view *t)
{
	struct tunnel_encap_params p = {
	    .kind = (enum tunnel_kind)t->kind,
	    .src_ip = v->addr,
	    .ttl = v->ttl,
	    .df = v->df,
	    .vni = t->id,
	    .udp_dst_port = v->udp_port,
	    .vlan = v->vlan,
	};

	memcpy(p.src_mac, v->mac, 6);
	return tunnel_template_build(&t->tmpl, &p);
}

/* The VTEP and the tunnel networks, for PMDs: from dp->desired.cfg. */
static void view_build_vtep(const struct datapath *dp, struct fwd_view *view)
{
	const struct vtep_config *vc = &dp->desired.cfg.vtep;
	struct vtep_view *v = &view->vtep;
	int port = vc->present ? datapath_find_port(dp, vc->port) : -1;
	uint32_t *flood = view->flood_area; /* view_flood_bytes() of room */

	for (uint32_t i = 0; i < TUNNEL_MAP_SLOTS; i++)
		view->tunnel_map[i].network = TUNNEL_MAP_EMPTY;
	if (port < 0 || !datapath_port_in_use(dp, (uint16_t)port))
		return;
	v->enabled = true;
	v->port = (uint16_t)port;
	v->addr = vc->address.addr;
	v->prefix_len = (uint8_t)vc->address.len;
	v->gateway = vc->gateway;
	v->ttl = (uint8_t)vc->ttl;
	v->df = vc->df != 0;
	v->udp_port = (uint16_t)vc->vxlan_port;
	v->vlan = (uint16_t)vc->vlan;
	v->kernel_tap = vc->kernel_tap != 0;
	vtep_port_mac(dp, (uint16_t)port, v->addr, v->mac);
	for (uint16_t n = 0; n < dp->desired.cfg.n_networks; n++) {
		const struct network_config *nc = &dp->desired.cfg.networks[n];
		struct tunnel_view *t = &view->tunnels[n];
		uint64_t key;
		uint32_t h;

		if (!nc->name[0] || !network_is_tunnel(nc))
			continue;
		t->kind = nc->type == NETWORK_TYPE_VXLAN ? TUNNEL_VXLAN : TUNNEL_GRE;
		t->id = nc->type == NETWORK_TYPE_VXLAN ? nc->vni : nc->key;
		/* The config checks make this fail only on a bug; the network
		 * then stays local only (its VNI or key unknown on input, no
		 * copies to remotes) rather than sending malformed headers. */
		if (view_build_template(v, t) < 0) {
			RTE_LOG(ERR, USER1, "network %s: cannot build its outer header\n",
				nc->name);
			continue;
		}
		t->enabled = true;
		t->flood = flood;
		t->n_flood = flood_union(&nc->flood, &dp->desired.evpn_flood[n], t->flood,
					 vc->max_flood_vteps);
		flood += t->n_flood;
		t->mtu = mtu_view_network_mtu(dp, n);
		t->mss_clamp = nc->mss_clamp != 0;
		key = (uint64_t)t->kind << 32 | t->id;
		for (h = tunnel_map_hash(key); view->tunnel_map[h].network != TUNNEL_MAP_EMPTY;
		     h = (h + 1) % TUNNEL_MAP_SLOTS)
			;
		view->tunnel_map[h].key = key;
		view->tunnel_map[h].network = n;
	}
}

/* Room for every tunnel network's flood list, each capped at
 * max-flood-vteps: allocated with the view, so it is freed with it. */
static size_t view_flood_bytes(const struct datapath *dp)
{
	uint32_t max = dp->desired.cfg.vtep.max_flood_vteps;
	size_t n = 0;

	for (uint16_t i = 0; i < dp->desired.cfg.n_networks; i++) {
		const struct network_config *nc = &dp->desired.cfg.networks[i];
		uint32_t k = flood_union_count(&nc->flood, &dp->desired.evpn_flood[i]);

		if (nc->name[0] && network_is_tunnel(nc))
			n += k < max ? k : max;
	}
	return n * sizeof(uint32_t);
}

/* Queues stay on the PMD that polls them now (prev), unless pinned. */
struct fwd_view *view_build(const struct datapath *dp, const struct rxq_plan *placement)
{
	size_t flood_bytes = view_flood_bytes(dp);
	struct fwd_view *view = view_alloc(dp->n_pmds, flood_bytes);
	static rxq_worker_map prev;

	if (!view)
		return NULL;
	view->flood_bytes = flood_bytes;
	view->n_ports = dp->n_ports;
	view->pmd_sleep_max =
	    __atomic_load_n(&dp->desired.cfg.dataplane.pmd_sleep_max, __ATOMIC_RELAXED);
	view->vhost_tx_retries = dp->desired.cfg.dataplane.vhost_tx_retries;
	for (uint16_t i = 0; i < SLUICE_MAX_PORTS; i++) {
		uint16_t net = dp->ports[i].network;

		view->port_network[i] = PORT_NO_NETWORK;
		if (!datapath_port_in_use(dp, i))
			continue;
		view->port_network[i] = net;
		port_security_build(&view->port_security[i], &dp->desired.cfg.ports[i]);
		if (net != PORT_NO_NETWORK) {
			struct network_view *nv = &view->networks[net];

			nv->members[nv->n_members++] = i;
		}
	}
	view_build_vlans(dp, view);
	view_build_vtep(dp, view);
	if (placement) {
		rxq_plan_copy(&view->plan, placement);
	} else {
		if (dp->view)
			rxq_plan_to_map(&dp->view->plan, prev);
		else
			memset(prev, -1, sizeof(prev));
		rxq_assign_stable(&dp->desired.cfg, dp->desired.rxq_pin, prev, &view->plan);
	}
	vhost_txq_build(&view->plan, view->vhost_txq);
	return view;
}

/* A PMD polling a phy queue of a device on another NUMA node works, but pays
 * a cross-node access per packet: say so once per placement. */
void view_warn_cross_numa(const struct datapath *dp, const struct fwd_view *view)
{
	for (uint32_t w = 0; w < view->plan.n_pmds; w++) {
		unsigned node = rte_lcore_to_socket_id(dp->pmds[w]->lcore);

		for (uint32_t j = 0; j < view->plan.n[w]; j++) {
			const struct port *port = &dp->ports[view->plan.rxq[w][j].port];

			if (port->type == PORT_TYPE_PHY && (unsigned)port->numa_node != node)
				RTE_LOG(WARNING, USER1,
					"port %s queue %u (NUMA node %d) is polled by core %u on "
					"node %u: move it with sluicectl rxq set\n",
					port->name, view->plan.rxq[w][j].queue, port->numa_node,
					dp->pmds[w]->lcore, node);
		}
	}
}

static void publish_one(struct datapath *dp, struct fwd_view *view)
{
	struct fwd_view *old = dp->view;

	__atomic_store_n(&dp->view, view, __ATOMIC_RELEASE);
	rxq_ready_changed(&dp->rx_ready_gen); /* after the store: the PMDs' lists follow it */
	rte_rcu_qsbr_synchronize(dp->qsv, RTE_QSBR_THRID_INVALID);
	rte_free(old);
}

/* What rte_vhost's thread needs of the network MTU, one integer per port. */
static void publish_network_mtus(struct datapath *dp)
{
	for (uint16_t i = 0; i < SLUICE_MAX_PORTS; i++) {
		uint16_t net = dp->ports[i].network;
		uint16_t mtu = 0;

		if (datapath_port_in_use(dp, i) && net != PORT_NO_NETWORK)
			mtu = mtu_view_network_mtu(dp, net);
		__atomic_store_n(&dp->ports[i].network_mtu, mtu, __ATOMIC_RELAXED);
	}
}

/* A queue that moves from one PMD to another must never be polled by both
 * (a driver's rx queue has one reader). So a move takes two publishes: first
 * a view where moved queues are polled by nobody, then the new one.
 *
 * This is that view between: view's plan without the queues that change
 * PMD. NULL when nothing moves; *fail set when something moves but there is
 * no memory for the step. */
static struct fwd_view *view_between(const struct datapath *dp, const struct fwd_view *view,
				     bool *fail)
{
	static rxq_worker_map before;
	struct fwd_view *mid;
	bool moves = false;

	*fail = false;
	if (!dp->view)
		return NULL;
	rxq_plan_to_map(&dp->view->plan, before);
	for (uint32_t w = 0; w < view->plan.n_pmds && !moves; w++)
		for (uint32_t j = 0; j < view->plan.n[w] && !moves; j++) {
			const struct rxq_ref *r = &view->plan.rxq[w][j];
			int8_t was = before[r->port][r->queue];

			moves = was >= 0 && was != (int8_t)w;
		}
	if (!moves)
		return NULL;
	mid = view_copy(view);
	if (!mid) {
		*fail = true;
		return NULL;
	}
	for (uint32_t w = 0; w < mid->plan.n_pmds; w++) {
		uint32_t k = 0;

		for (uint32_t j = 0; j < mid->plan.n[w]; j++) {
			const struct rxq_ref *r = &mid->plan.rxq[w][j];

			if (before[r->port][r->queue] == (int8_t)w)
				mid->plan.rxq[w][k++] = *r;
		}
		mid->plan.n[w] = k;
	}
	return mid;
}

/* Makes view the one PMDs read; once every PMD has passed a quiescent state
 * none holds the old one, and it is freed (publish_one). Publishes view, or fails before anything
 * is published: then view is freed, the PMDs keep the old one and the caller rolls its desired
 * state back, so a request applies whole or fails whole. Everything that can fail (the intermediate
 * view) is allocated before the first store. */
int view_publish(struct datapath *dp, struct fwd_view *view, char *err, size_t errlen)
{
	bool fail;
	struct fwd_view *mid = view_between(dp, limits_publish(dp, view), &fail);

	if (fail) {
		rte_free(view);
		snprintf(err, errlen, "out of memory for the forwarding view; nothing changed");
		return -1;
	}
	publish_network_mtus(dp);
	if (mid)
		publish_one(dp, mid);
	publish_one(dp, view);
	view_warn_cross_numa(dp, view);
	return 0;
}

int datapath_view_refresh(struct datapath *dp, char *err, size_t errlen)
{
	struct fwd_view *view = view_build(dp, NULL);

	if (!view) {
		snprintf(err, errlen, "out of memory for a new forwarding view");
		return -1;
	}
	return view_publish(dp, view, err, errlen);
}
