/* The forwarding view: everything a PMD reads to forward a packet, built by
 * the control thread (view_build.c) from the desired state and published
 * whole. PMDs never read the desired state itself. */
#ifndef SLUICE_VIEW_H
#define SLUICE_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/sizes.h"
#include "port_limits_types.h"
#include "port_security.h"
#include "rxq_assign.h"
#include "vhost_txq.h"
#include "tunnel_template.h"

struct network_view {
	uint16_t n_members;
	uint16_t *members; /* port indices, SLUICE_MAX_PORTS of room */
	/* vlan networks: the trunk (one of the members) and the tag frames
	 * carry on it. vid 0: not a vlan network. */
	uint16_t trunk;
	uint16_t vid;
};

/* (trunk port, VLAN id) -> vlan network, for tagged frames received. */
struct vlan_map_entry {
	uint16_t port;
	uint16_t vid;
	uint16_t network;
};

/* The datapath's VTEP as PMDs see it. Addresses in network order. */
struct vtep_view {
	bool enabled;
	uint16_t port; /* the underlay phy port */
	uint32_t addr;
	uint8_t prefix_len;
	uint32_t gateway; /* 0: none */
	uint8_t ttl;
	bool df;
	uint16_t udp_port; /* VXLAN, host order */
	uint16_t vlan;	   /* outer VLAN id, 0: untagged */
	uint8_t mac[6];	   /* the port's, from rte_eth_macaddr_get */
	bool kernel_tap;   /* punt IPv4 to addr that is no tunnel (kernel_tap.h) */
};

/* A tunnel network: how its packets are wrapped and where floods go. */
struct tunnel_view {
	bool enabled;
	uint8_t kind; /* enum tunnel_kind */
	uint32_t id;  /* VNI or GRE key */
	uint16_t n_flood;
	/* n_flood remote VTEPs (at most max-flood-vteps): in the view's own
	 * block, after the struct (view_build.c), freed with it. */
	uint32_t *flood;
	/* The outer header with this network's fixed fields, built with the
	 * view: tunnel_output() patches a copy per packet. */
	struct tunnel_template tmpl;
	uint16_t mtu;	/* IP MTU inside the network (mtu_view.c): bigger is too big */
	bool mss_clamp; /* lower the MSS of SYNs to fit mtu, both directions */
};

/* (kind, VNI or key) -> network: open addressing, twice the networks. */
#define TUNNEL_MAP_SLOTS (2u * SLUICE_MAX_NETWORKS)
#define TUNNEL_MAP_EMPTY UINT16_MAX

struct tunnel_map_slot {
	uint64_t key; /* kind << 32 | id */
	uint16_t network;
};

/* Immutable once published: a change builds a new view, publishes it with
 * one atomic store and frees the old one after an RCU grace period.
 * One allocation (view_alloc.c): the arrays, SLUICE_MAX_PORTS or
 * SLUICE_MAX_NETWORKS long, follow the struct in the same block, so one
 * rte_free frees it and a copy is view_copy, never an assignment. */
struct fwd_view {
	size_t bytes; /* the whole block */
	uint16_t n_ports;
	uint16_t *port_network; /* PORT_NO_NETWORK: none */
	struct network_view *networks;
	uint8_t *port_is_trunk; /* carries at least one vlan network */
	uint16_t n_vlans;
	struct vlan_map_entry *vlans;
	struct rxq_plan plan;
	vhost_txq_row *vhost_txq; /* guest queue slot per (port, PMD), from plan */
	struct vtep_view vtep;
	struct tunnel_view *tunnels;
	struct tunnel_map_slot *tunnel_map;  /* TUNNEL_MAP_SLOTS */
	struct port_security *port_security; /* what each VM may send */
	struct limits_view limits; /* mac-limit, storm control, policing (port_limits.h) */
	size_t flood_bytes;	   /* the tunnels' flood lists, in flood_area */
	uint32_t *flood_area;	   /* in the view's own block (view_alloc.c) */
	/* [dataplane] values PMDs use, copied at build: a PMD reads no desired
	 * state (dp->desired belongs to the control thread). */
	uint32_t pmd_sleep_max;	   /* idle naps up to this, microseconds (pmd_loop.c) */
	uint32_t vhost_tx_retries; /* enqueue retries to a full guest ring (egress_vhost.c) */
};

/* A zeroed view whose arrays point into its own block; NULL: no memory. */
struct fwd_view *view_alloc(uint32_t n_pmds, size_t flood_bytes);
/* A new view with src's contents (its arrays its own); NULL: no memory. */
struct fwd_view *view_copy(const struct fwd_view *src);

static inline uint32_t tunnel_map_hash(uint64_t key)
{
	return (uint32_t)((key * 0x9E3779B97F4A7C15ULL) >> 57) % TUNNEL_MAP_SLOTS;
}

/* The network of a tunnel (kind, id), or TUNNEL_MAP_EMPTY. */
static inline uint16_t tunnel_map_find(const struct fwd_view *view, uint8_t kind, uint32_t id)
{
	uint64_t key = (uint64_t)kind << 32 | id;
	uint32_t h = tunnel_map_hash(key);

	for (uint32_t i = 0; i < TUNNEL_MAP_SLOTS; i++, h = (h + 1) % TUNNEL_MAP_SLOTS) {
		const struct tunnel_map_slot *s = &view->tunnel_map[h];

		if (s->network == TUNNEL_MAP_EMPTY)
			return TUNNEL_MAP_EMPTY;
		if (s->key == key)
			return s->network;
	}
	return TUNNEL_MAP_EMPTY;
}

#endif
