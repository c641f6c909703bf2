/* The forwarding view's memory: one rte_zmalloc holding the struct and every
 * array, each as long as [dataplane] max-ports or max-networks (not the
 * ceilings), so a view costs what the configured limits need, one rte_free
 * frees it and a copy is one memcpy plus re-pointing. */
#include "view.h"

#include <string.h>

#include <rte_common.h>
#include <rte_malloc.h>

/* The arrays in the order they follow the struct; each cache-line aligned. */
struct view_layout {
	size_t members, port_network, networks, port_is_trunk, vlans, vhost_txq, tunnels,
	    tunnel_map, port_security, limit_ports, net_flood, plan, flood, end;
};

static size_t take(size_t *at, size_t bytes)
{
	size_t here = *at;

	*at = RTE_ALIGN_CEIL(here + bytes, RTE_CACHE_LINE_SIZE);
	return here;
}

static void layout(struct view_layout *l, uint32_t n_pmds, size_t flood_bytes)
{
	size_t ports = SLUICE_MAX_PORTS, nets = SLUICE_MAX_NETWORKS;
	size_t at = RTE_ALIGN_CEIL(sizeof(struct fwd_view), RTE_CACHE_LINE_SIZE);

	l->members = take(&at, nets * ports * sizeof(uint16_t));
	l->port_network = take(&at, ports * sizeof(uint16_t));
	l->networks = take(&at, nets * sizeof(struct network_view));
	l->port_is_trunk = take(&at, ports);
	l->vlans = take(&at, nets * sizeof(struct vlan_map_entry));
	l->vhost_txq = take(&at, ports * sizeof(vhost_txq_row));
	l->tunnels = take(&at, nets * sizeof(struct tunnel_view));
	l->tunnel_map = take(&at, TUNNEL_MAP_SLOTS * sizeof(struct tunnel_map_slot));
	l->port_security = take(&at, ports * sizeof(struct port_security));
	l->limit_ports = take(&at, ports * sizeof(struct port_limits_view));
	l->net_flood = take(&at, nets * sizeof(bool));
	l->plan = take(&at, rxq_plan_bytes(n_pmds));
	l->flood = take(&at, flood_bytes);
	l->end = at;
}

/* Points v's arrays into its own block (v->bytes already set). */
static void point(struct fwd_view *v, const struct view_layout *l)
{
	char *base = (char *)v;
	uint16_t *members = (uint16_t *)(base + l->members);

	v->port_network = (uint16_t *)(base + l->port_network);
	v->networks = (struct network_view *)(base + l->networks);
	for (uint32_t n = 0; n < SLUICE_MAX_NETWORKS; n++)
		v->networks[n].members = members + (size_t)n * SLUICE_MAX_PORTS;
	v->port_is_trunk = (uint8_t *)(base + l->port_is_trunk);
	v->vlans = (struct vlan_map_entry *)(base + l->vlans);
	v->vhost_txq = (vhost_txq_row *)(base + l->vhost_txq);
	v->tunnels = (struct tunnel_view *)(base + l->tunnels);
	v->tunnel_map = (struct tunnel_map_slot *)(base + l->tunnel_map);
	v->port_security = (struct port_security *)(base + l->port_security);
	v->limits.ports = (struct port_limits_view *)(base + l->limit_ports);
	v->limits.net_flood = (bool *)(base + l->net_flood);
	v->flood_area = (uint32_t *)(base + l->flood);
}

struct fwd_view *view_alloc(uint32_t n_pmds, size_t flood_bytes)
{
	struct view_layout l;
	struct fwd_view *v;

	layout(&l, n_pmds, flood_bytes);
	v = rte_zmalloc("fwd_view", l.end, RTE_CACHE_LINE_SIZE);
	if (!v)
		return NULL;
	v->bytes = l.end;
	point(v, &l);
	rxq_plan_attach(&v->plan, (char *)v + l.plan, n_pmds);
	return v;
}

struct fwd_view *view_copy(const struct fwd_view *src)
{
	struct view_layout l;
	struct fwd_view *v;
	struct rxq_plan counts = src->plan;

	layout(&l, src->plan.n_workers, src->flood_bytes);
	v = rte_malloc("fwd_view", l.end, RTE_CACHE_LINE_SIZE);
	if (!v)
		return NULL;
	/* Same limits, same layout: the block byte for byte, then every
	 * pointer re-aimed at the copy's own arrays. */
	memcpy(v, src, l.end);
	point(v, &l);
	/* The tunnels' flood lists sit in the flood area: same offsets. */
	for (uint32_t n = 0; n < SLUICE_MAX_NETWORKS; n++)
		if (src->tunnels[n].flood)
			v->tunnels[n].flood =
			    v->flood_area + (src->tunnels[n].flood - src->flood_area);
	rxq_plan_attach(&v->plan, (char *)v + l.plan, counts.n_workers);
	v->plan.n_pmds = counts.n_pmds;
	memcpy(v->plan.n, counts.n, sizeof(v->plan.n));
	return v;
}
