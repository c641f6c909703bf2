#include "vtep_arp.h"

#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "arp.h"
#include "ctl_tx.h"
#include "kernel_tap.h"
#include "tunnel_output.h"
#include "vtep_tables.h"

/* The neighbour table's grace period (neighbour.h): every PMD has passed a
 * quiescent state, so none still holds a slot it found before. */
static void neigh_quiesce(void *arg)
{
	struct datapath *dp = arg;

	rte_rcu_qsbr_synchronize(dp->qsv, RTE_QSBR_THRID_INVALID);
}

void vtep_port_mac(const struct datapath *dp, uint16_t port, uint32_t addr, uint8_t mac[6])
{
	struct rte_ether_addr a = {{0}};

	if (rte_eth_macaddr_get(dp->ports[port].eth_port, &a) == 0)
		memcpy(mac, a.addr_bytes, 6);
	/* Some virtual devices (net_ring) have no address; ARP and tunnel
	 * packets need a unicast one: a locally administered MAC from the
	 * VTEP address, 02:00:a.b.c.d, stable across restarts. */
	if (!rte_is_valid_assigned_ether_addr(&a)) {
		mac[0] = 0x02;
		mac[1] = 0x00;
		memcpy(&mac[2], &addr, 4);
	}
}

/* [vtep] kernel-tap = yes: slvtep with the VTEP's address and MAC. */
static int kernel_tap_start(struct datapath *dp, char *err, size_t errlen)
{
	const struct vtep_config *vc = &dp->desired.cfg.vtep;
	int port = datapath_find_port(dp, vc->port);
	uint8_t mac[6];

	if (!vc->kernel_tap || port < 0)
		return 0;
	vtep_port_mac(dp, (uint16_t)port, vc->address.addr, mac);
	dp->vtep_ctl->tap =
	    kernel_tap_create(dp->vtep_ctl->pool, mac, vc->address.addr, (uint8_t)vc->address.len,
			      (uint16_t)vc->vlan, err, errlen);
	if (!dp->vtep_ctl->tap) {
		vtep_arp_destroy(dp);
		return -1;
	}
	return 0;
}

int vtep_arp_create(struct datapath *dp, char *err, size_t errlen)
{
	struct vtep_ctl *c;

	if (!dp->desired.cfg.vtep.present)
		return 0;
	c = rte_zmalloc("vtep_ctl", sizeof(*c), RTE_CACHE_LINE_SIZE);
	if (!c) {
		snprintf(err, errlen, "cannot allocate the VTEP's state");
		return -1;
	}
	c->pool = datapath_pool(dp, (int)rte_socket_id(), err, errlen);
	if (!c->pool || ctl_tx_create(dp, err, errlen) < 0) {
		rte_free(c);
		return -1;
	}
	if (vtep_tables_create(dp, c, err, errlen) < 0) {
		ctl_tx_destroy(dp);
		rte_free(c);
		return -1;
	}
	/* arp_limit starts full (rate_limit.h): a burst of ARP right away. */
	dp->vtep_ctl = c;
	/* PMDs read the table: a slot changes owner only after a grace period. */
	dp->neigh.quiesce = neigh_quiesce;
	dp->neigh.quiesce_arg = dp;
	/* [vtep] neighbours: static, as if added with neighbour.add, so the
	 * first packet to them leaves without ARP. */
	for (uint32_t i = 0; i < dp->desired.cfg.vtep.neighbours.n; i++) {
		const uint8_t *mac = dp->desired.cfg.vtep.neighbours.entries[i].mac;

		if (neigh_set(&dp->neigh, dp->desired.cfg.vtep.neighbours.entries[i].ip, mac, true,
			      datapath_now(dp)) < 0) {
			snprintf(err, errlen, "the neighbour table is full (%u slots)",
				 dp->neigh.n_slots);
			vtep_arp_destroy(dp);
			return -1;
		}
	}
	return kernel_tap_start(dp, err, errlen);
}

static void free_waiting(struct vtep_ctl *c, struct neigh_slot *s, uint32_t slot)
{
	rte_pktmbuf_free_bulk(c->waiting[slot], s->n_waiting);
	s->n_waiting = 0;
}

void vtep_arp_destroy(struct datapath *dp)
{
	struct vtep_ctl *c = dp->vtep_ctl;

	vtep_flood_free(dp);
	if (!c)
		return;
	for (uint32_t i = 0; i < dp->neigh.n_slots; i++)
		free_waiting(c, &dp->neigh.slot[i], i);
	kernel_tap_destroy(c->tap);
	ctl_tx_destroy(dp);
	vtep_tables_free(dp, c);
	rte_free(c);
	dp->vtep_ctl = NULL;
}

void vtep_arp_drain_free(struct rte_ring *punt_ring)
{
	struct vtep_punt p;

	while (punt_ring && rte_ring_dequeue_elem(punt_ring, &p, sizeof(p)) == 0)
		rte_pktmbuf_free(p.m);
}

/* Hands m to PMD 0, which sends it on its own tx queue of the VTEP's port
 * and counts it there (ctl_tx.h). */
void vtep_ctl_send(struct datapath *dp, const struct fwd_view *view, struct rte_mbuf *m)
{
	if (!ctl_tx_send(dp, view->vtep.port, m))
		dp->vtep_ctl->stats.tx_failed++;
}

/* dst_mac NULL: a broadcast request; else a unicast one to confirm a neighbour. */
static void send_request(struct datapath *dp, const struct fwd_view *view, uint32_t target,
			 const uint8_t *dst_mac)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(dp->vtep_ctl->pool);
	uint8_t *out;
	int len;

	if (!m) {
		dp->vtep_ctl->stats.tx_failed++;
		return;
	}
	out = (uint8_t *)rte_pktmbuf_append(m, ARP_FRAME_VLAN_LEN);
	len = out ? arp_request_write(view->vtep.mac, view->vtep.addr, target, dst_mac,
				      view->vtep.vlan, out, ARP_FRAME_VLAN_LEN)
		  : -1;
	if (len < 0) {
		rte_pktmbuf_free(m);
		return;
	}
	rte_pktmbuf_trim(m, (uint16_t)(ARP_FRAME_VLAN_LEN - len));
	dp->vtep_ctl->stats.requests_sent++;
	vtep_ctl_send(dp, view, m);
}

/* The MAC came: everything waiting for it leaves, completed. */
static void release_waiting(struct datapath *dp, const struct fwd_view *view, struct neigh_slot *s)
{
	struct vtep_ctl *c = dp->vtep_ctl;
	uint32_t slot = (uint32_t)(s - dp->neigh.slot);
	uint8_t mac[6];

	if (!neigh_lookup(&dp->neigh, s->ip, mac))
		return;
	for (uint16_t i = 0; i < s->n_waiting; i++) {
		memcpy(rte_pktmbuf_mtod(c->waiting[slot][i], uint8_t *), mac, 6);
		c->stats.resolved_sent++;
		vtep_ctl_send(dp, view, c->waiting[slot][i]);
	}
	s->n_waiting = 0;
}

static bool rate_limited(struct datapath *dp)
{
	return !rate_limit_take(&dp->vtep_ctl->arp_limit, rte_rdtsc(), dp->tsc_hz, VTEP_ARP_RATE,
				VTEP_ARP_BURST);
}

static void handle_arp(struct datapath *dp, const struct fwd_view *view, struct rte_mbuf *m)
{
	struct vtep_ctl *c = dp->vtep_ctl;
	struct arp_info info;
	struct arp_action act;
	struct neigh_slot *s;
	uint8_t *out;
	int len;

	c->stats.arp_received++;
	if (rate_limited(dp)) {
		c->stats.arp_rate_limited++;
		rte_pktmbuf_free(m);
		return;
	}
	if (arp_parse(rte_pktmbuf_mtod(m, const uint8_t *), rte_pktmbuf_data_len(m), &info) !=
	    ARP_PARSE_OK) {
		c->stats.arp_malformed++;
		/* A drop like any other: in the port's drops by reason too. */
		dp->ctl_counters[view->vtep.port].drops[DROP_ARP_MALFORMED]++;
		rte_pktmbuf_free(m);
		return;
	}
	s = neigh_find(&dp->neigh, info.sender_ip);
	act = arp_decide(&info, view->vtep.addr,
			 s && s->state != NEIGH_DELETED && s->state != NEIGH_FREE);
	c->stats.conflicts += act.conflict;
	/* A sender new to us is learned only while the table has room beyond
	 * what next hops and static entries need (learn_max). */
	if (act.learn) {
		if (neigh_learn(&dp->neigh, info.sender_ip, info.sender_mac, datapath_now(dp)) == 0)
			release_waiting(dp, view, neigh_find(&dp->neigh, info.sender_ip));
		else
			c->stats.learn_refused++;
	}
	/* The kernel resolves its own neighbours through the tap: it sees
	 * the answers to its requests (sent with our address and MAC). */
	if (c->tap && info.op == WIRE_ARP_OP_REPLY && arp_is_for_us(&info, view->vtep.addr)) {
		c->tap->stats.arp_mirrored++;
		kernel_tap_to_kernel(c->tap, m);
		return;
	}
	/* The reply is a fresh mbuf: the request may be a chain (a jumbo
	 * frame's segments) or shared, and goes back to the pool whole. */
	rte_pktmbuf_free(m);
	if (!act.reply)
		return;
	m = rte_pktmbuf_alloc(c->pool);
	if (!m) {
		c->stats.tx_failed++;
		return;
	}
	out = (uint8_t *)rte_pktmbuf_append(m, ARP_FRAME_VLAN_LEN);
	len = out ? arp_reply_write(&info, view->vtep.mac, view->vtep.addr, out, ARP_FRAME_VLAN_LEN)
		  : -1;
	if (len < 0) {
		rte_pktmbuf_free(m);
		return;
	}
	rte_pktmbuf_trim(m, (uint16_t)(ARP_FRAME_VLAN_LEN - len));
	c->stats.replies_sent++;
	vtep_ctl_send(dp, view, m);
}

/* An encapsulated packet whose next hop had no MAC when the PMD sent it. */
static void handle_waiting(struct datapath *dp, const struct fwd_view *view, struct rte_mbuf *m,
			   uint32_t next_hop)
{
	struct vtep_ctl *c = dp->vtep_ctl;
	struct neigh_slot *s = neigh_slot_get(&dp->neigh, next_hop);
	uint32_t slot;

	if (!s || s->n_waiting == VTEP_WAIT_MAX) {
		c->stats.wait_queue_full++;
		rte_pktmbuf_free(m);
		return;
	}
	slot = (uint32_t)(s - dp->neigh.slot);
	c->waiting[slot][s->n_waiting++] = m;
	if (s->state == NEIGH_REACHABLE) {
		/* Resolved between the PMD's look and now. */
		release_waiting(dp, view, s);
		return;
	}
	if (s->state != NEIGH_INCOMPLETE || s->tries == 0) {
		s->state = NEIGH_INCOMPLETE;
		s->tries = 1;
		s->next_try = rte_rdtsc() + dp->tsc_hz * VTEP_ARP_FIRST_RETRY_MS / 1000;
		send_request(dp, view, next_hop, NULL);
	}
}

/* Retries with back-off; after the last one the waiting packets are dropped
 * and the next packet starts over. */
static uint32_t retry(struct datapath *dp, const struct fwd_view *view)
{
	struct vtep_ctl *c = dp->vtep_ctl;
	uint64_t now = rte_rdtsc();
	uint32_t work = 0;

	for (uint32_t i = 0; i < dp->neigh.n_slots; i++) {
		struct neigh_slot *s = &dp->neigh.slot[i];

		if (s->state != NEIGH_INCOMPLETE || s->tries == 0 || now < s->next_try)
			continue;
		work++;
		if (s->tries >= VTEP_ARP_TRIES) {
			c->stats.unresolved += s->n_waiting;
			free_waiting(c, s, i);
			/* Its slot is free for another address: next hops that
			 * never answer must not fill the table. */
			neigh_del(&dp->neigh, s->ip);
			continue;
		}
		s->next_try = now + (dp->tsc_hz * VTEP_ARP_FIRST_RETRY_MS / 1000 << s->tries);
		s->tries++;
		send_request(dp, view, s->ip, NULL);
	}
	return work;
}

/* Learned neighbours near their end are asked again, by unicast: the answer
 * confirms them (handle_arp), so one in use never ages out under traffic. */
static void refresh(struct datapath *dp, const struct fwd_view *view, uint32_t now)
{
	struct vtep_ctl *c = dp->vtep_ctl;
	uint64_t tsc = rte_rdtsc();

	for (uint32_t i = 0; i < dp->neigh.n_slots; i++) {
		struct neigh_slot *s = &dp->neigh.slot[i];
		uint8_t mac[6];

		if (!neigh_refresh_due(s, now, VTEP_NEIGH_AGING, VTEP_NEIGH_REFRESH) ||
		    tsc < s->next_try || !neigh_lookup(&dp->neigh, s->ip, mac))
			continue;
		s->next_try = tsc + dp->tsc_hz * VTEP_NEIGH_REFRESH_EVERY;
		c->stats.refreshes_sent++;
		send_request(dp, view, s->ip, mac);
	}
}

/* What the kernel wrote to slvtep leaves on the VTEP's port. */
static uint32_t from_kernel(struct datapath *dp, const struct fwd_view *view)
{
	struct rte_mbuf *m[32];
	uint16_t n;

	if (!dp->vtep_ctl->tap)
		return 0;
	n = kernel_tap_from_kernel(dp->vtep_ctl->tap, m, 32);
	for (uint16_t i = 0; i < n; i++)
		vtep_ctl_send(dp, view, m[i]);
	return n;
}

uint32_t vtep_arp_tick(struct datapath *dp)
{
	struct vtep_ctl *c = dp->vtep_ctl;
	const struct fwd_view *view = dp->view;
	uint32_t work = 0, now;

	if (!c || !view || !view->vtep.enabled)
		return 0;
	for (uint32_t i = 0; i < dp->n_pmds; i++) {
		struct vtep_punt p[32];
		uint32_t n =
		    rte_ring_dequeue_burst_elem(dp->pmds[i]->punt_ring, p, sizeof(p[0]), 32, NULL);

		for (uint32_t k = 0; k < n; k++) {
			if (p[k].to_kernel && c->tap)
				kernel_tap_to_kernel(c->tap, p[k].m);
			else if (p[k].to_kernel)
				rte_pktmbuf_free(p[k].m);
			else if (p[k].next_hop == 0)
				handle_arp(dp, view, p[k].m);
			else
				handle_waiting(dp, view, p[k].m, p[k].next_hop);
		}
		work += n;
	}
	work += from_kernel(dp, view);
	work += retry(dp, view);
	now = datapath_now(dp);
	if (now != c->last_age) {
		c->last_age = now;
		refresh(dp, view, now);
		c->stats.neighbours_aged += neigh_age(&dp->neigh, now, VTEP_NEIGH_AGING);
	}
	return work;
}

int vtep_neighbour_add(struct datapath *dp, uint32_t ip, const uint8_t mac[6])
{
	struct neigh_slot *s;

	if (neigh_set(&dp->neigh, ip, mac, true, datapath_now(dp)) < 0)
		return -1;
	s = neigh_find(&dp->neigh, ip);
	if (dp->vtep_ctl && dp->view && dp->view->vtep.enabled)
		release_waiting(dp, dp->view, s);
	return 0;
}

int vtep_neighbour_del(struct datapath *dp, uint32_t ip)
{
	struct neigh_slot *s = neigh_find(&dp->neigh, ip);

	/* What waits for it goes now: the slot may go to another address. */
	if (s && dp->vtep_ctl) {
		dp->vtep_ctl->stats.unresolved += s->n_waiting;
		free_waiting(dp->vtep_ctl, s, (uint32_t)(s - dp->neigh.slot));
	}
	return neigh_del(&dp->neigh, ip);
}
