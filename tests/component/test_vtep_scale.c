/* The VTEP at the sizes [vtep] max-flood-vteps and max-neighbours allow
 * (issue 15): a VXLAN network flooding to 1,000 remote VTEPs, each getting
 * exactly one replica of a broadcast; the 1,001st refused and counted; and
 * 10,000 resolved neighbours with traffic to the last one. Remote VTEPs and
 * MACs arrive as zebra's FDB entries would (control/evpn_remote.c), without
 * netlink: the EVPN state is made by hand around the datapath. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>

#include "../../control/commands.h"
#include "../../control/evpn.h"
#include "../../control/evpn_msg.h"
#include "../../dataplane/vtep_arp.h"
#include "../../dataplane/wire.h"
#include "harness.h"

#define N_FLOOD 1000		  /* max-flood-vteps */
#define N_NEIGH 10000		  /* max-neighbours */
#define VX_IFINDEX 4242		  /* slvx100 as zebra would name it */
#define MAC_L "02:00:00:00:00:01" /* a VM behind vm0 */
#define MAC_R "02:00:00:00:00:99" /* a VM behind the last neighbour */
#define BCAST "ff:ff:ff:ff:ff:ff"

static struct ring_port vm0, vm1, u;
static struct datapath *dp;
static struct evpn *evpn;
static struct control ctl;

/* Neighbour i: 198.18.1.1 and up (250 per /24), MAC 02:00:00:01:hi:lo. */
static uint32_t neighbour_ip(uint32_t i)
{
	return htonl(0xc6120000u | (1 + i / 250) << 8 | (1 + i % 250));
}

static void neighbour_mac(uint32_t i, uint8_t mac[6])
{
	memcpy(mac, (uint8_t[]){0x02, 0, 0, 0x01, (uint8_t)(i >> 8), (uint8_t)i}, 6);
}

static int setup(void **state)
{
	char text[2048];

	(void)state;
	if (harness_eal_init("test_vtep_scale") < 0 || harness_ring_port(&vm0, "vm0", 64) < 0 ||
	    harness_ring_port(&vm1, "vm1", 64) < 0 || harness_ring_port(&u, "u", 4096) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nmain-core = 0\nworker-cores = 1\nmbufs = 16384\n"
		 "[network ov]\ntype = vxlan\nvni = 100\n"
		 "[port vm0]\ntype = phy\ndevargs = %s\nnetwork = ov\n"
		 "[port vm1]\ntype = phy\ndevargs = %s\nnetwork = ov\n"
		 "[port u]\ntype = phy\ndevargs = %s\n"
		 "[vtep]\naddress = 198.18.0.1/15\nport = u\n"
		 "max-flood-vteps = %d\nmax-neighbours = %d\n",
		 vm0.devargs, vm1.devargs, u.devargs, N_FLOOD, N_NEIGH);
	dp = harness_datapath(text);
	evpn = calloc(1, sizeof(*evpn));
	if (!dp || !evpn)
		return -1;
	ctl.dp = dp;
	evpn->dp = dp;
	evpn->nets = calloc(SLUICE_MAX_NETWORKS, sizeof(*evpn->nets)); /* as evpn_create */
	evpn->flood_changed = calloc(SLUICE_MAX_NETWORKS, sizeof(*evpn->flood_changed));
	if (!evpn->nets || !evpn->flood_changed)
		return -1;
	evpn->nets[0].active = true; /* network ov, shadowed by slvx100 */
	evpn->nets[0].vni = 100;
	evpn->nets[0].vx = VX_IFINDEX;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (evpn) {
		free(evpn->nets);
		free(evpn->flood_changed);
	}
	free(evpn);
	datapath_destroy(dp);
	harness_eal_cleanup();
	return 0;
}

/* Neighbours 0..n-1, static as neighbour.add makes them. */
static void add_neighbours(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		uint8_t mac[6];

		neighbour_mac(i, mac);
		assert_int_equal(vtep_neighbour_add(dp, neighbour_ip(i), mac), 0);
	}
}

/* What zebra writes on slvx100: `MAC dst VTEP` (00:..:00 for flooding). */
static void zebra_fdb(const uint8_t mac[6], uint32_t vtep)
{
	struct evpn_fdb_msg m = {.ifindex = VX_IFINDEX, .has_dst = true, .dst = vtep};

	memcpy(m.mac, mac, 6);
	evpn_remote_apply(evpn, &m);
}

static void zebra_fdb_del(const uint8_t mac[6], uint32_t vtep)
{
	struct evpn_fdb_msg m = {.del = true, .ifindex = VX_IFINDEX, .has_dst = true, .dst = vtep};

	memcpy(m.mac, mac, 6);
	evpn_remote_apply(evpn, &m);
}

/* The remote VTEP an output on u goes to (outer IPv4 destination), and its
 * outer destination MAC. */
static uint32_t outer_dst(const struct rte_mbuf *o, uint8_t mac[6])
{
	struct wire_ipv4 ip;

	memcpy(mac, rte_pktmbuf_mtod(o, const uint8_t *), 6);
	memcpy(&ip, rte_pktmbuf_mtod_offset(o, const uint8_t *, sizeof(struct wire_ether)),
	       sizeof(ip));
	return ip.dst;
}

static void test_flood_to_1000_vteps(void **state)
{
	static const uint8_t zero[6];
	static uint8_t seen[N_FLOOD];
	uint64_t applied = evpn->c.applied;
	struct rte_mbuf *o;
	uint32_t n = 0;

	(void)state;
	add_neighbours(N_FLOOD); /* every VTEP resolved: replicas leave at once */
	for (uint32_t i = 0; i < N_FLOOD; i++)
		zebra_fdb(zero, neighbour_ip(i));
	assert_int_equal(evpn->c.applied, applied + N_FLOOD);
	assert_int_equal(evpn->c.refused_flood, 0);
	assert_int_equal(dp->desired.evpn_flood[0].n, N_FLOOD);
	assert_int_equal(dp->view->tunnels[0].n_flood, N_FLOOD);

	harness_inject(&vm0, harness_frame(BCAST, MAC_L, 80));
	harness_poll(dp);
	assert_int_equal(harness_drain(&vm1), 1);
	while ((o = harness_take(&u)) != NULL) {
		uint8_t mac[6], want[6];
		uint32_t dst = outer_dst(o, mac), i;

		for (i = 0; i < N_FLOOD && neighbour_ip(i) != dst; i++)
			;
		assert_true(i < N_FLOOD);
		neighbour_mac(i, want);
		assert_memory_equal(mac, want, 6);
		seen[i]++;
		n++;
		rte_pktmbuf_free(o);
	}
	assert_int_equal(n, N_FLOOD);
	for (uint32_t i = 0; i < N_FLOOD; i++)
		assert_int_equal(seen[i], 1); /* exactly one replica each */
}

/* The list is full: one VTEP more is refused, counted, and floods nothing. */
static void test_flood_vtep_beyond_max_refused(void **state)
{
	static const uint8_t zero[6];
	uint64_t refused = evpn->c.refused_flood;

	(void)state;
	assert_int_equal(dp->desired.evpn_flood[0].n, N_FLOOD);
	zebra_fdb(zero, neighbour_ip(N_FLOOD));
	assert_int_equal(evpn->c.refused_flood, refused + 1);
	assert_int_equal(dp->desired.evpn_flood[0].n, N_FLOOD);
	assert_int_equal(dp->view->tunnels[0].n_flood, N_FLOOD);
	/* One that is already there is no news, not a refusal. */
	zebra_fdb(zero, neighbour_ip(0));
	assert_int_equal(evpn->c.refused_flood, refused + 1);
	/* Once zebra withdraws one, there is room again. */
	zebra_fdb_del(zero, neighbour_ip(0));
	assert_int_equal(dp->desired.evpn_flood[0].n, N_FLOOD - 1);
	zebra_fdb(zero, neighbour_ip(N_FLOOD));
	assert_int_equal(evpn->c.refused_flood, refused + 1);
	assert_int_equal(dp->view->tunnels[0].n_flood, N_FLOOD);
}

/* 10,000 next hops in the table at once, and a unicast to a MAC behind the
 * last one leaves with that neighbour's MAC. */
static void test_10000_neighbours(void **state)
{
	uint8_t mac[6], want[6];
	struct rte_mbuf *o;
	uint8_t remote_mac[6] = {0x02, 0, 0, 0, 0, 0x99};

	(void)state;
	add_neighbours(N_NEIGH);
	assert_true(dp->neigh.live >= N_NEIGH);
	for (uint32_t i = 0; i < N_NEIGH; i++)
		assert_true(neigh_lookup(&dp->neigh, neighbour_ip(i), mac));
	zebra_fdb(remote_mac, neighbour_ip(N_NEIGH - 1));
	assert_int_equal(harness_fdb_port(dp, "ov", MAC_R), 2); /* behind u */

	harness_drain(&u);
	harness_inject(&vm0, harness_frame(MAC_R, MAC_L, 80));
	harness_poll(dp);
	o = harness_take(&u);
	assert_non_null(o);
	assert_int_equal(outer_dst(o, mac), neighbour_ip(N_NEIGH - 1));
	neighbour_mac(N_NEIGH - 1, want);
	assert_memory_equal(mac, want, 6);
	rte_pktmbuf_free(o);
	assert_null(harness_take(&u));
	assert_int_equal(harness_drain(&vm1), 0);
}

static json_int_t num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

/* stats.memory: the tables max-neighbours and max-flood-vteps sized. */
static void test_stats_memory_reports_vtep_tables(void **state)
{
	const char *line = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"stats.memory\"}";
	char *text = command_dispatch(&ctl, line, strlen(line));
	json_t *reply = json_loads(text, 0, NULL);
	json_t *vtep = json_object_get(json_object_get(reply, "result"), "vtep");
	json_t *neigh = json_object_get(vtep, "neighbours"),
	       *flood = json_object_get(vtep, "flood");

	(void)state;
	free(text);
	assert_non_null(neigh);
	assert_int_equal(num(neigh, "max"), N_NEIGH);
	assert_int_equal(num(neigh, "slots"), 16384);
	assert_int_equal(num(neigh, "live"), dp->neigh.live);
	assert_true(num(neigh, "bytes") >= 16384 * (json_int_t)(sizeof(struct neigh_slot) +
								sizeof(*dp->vtep_ctl->waiting)));
	assert_non_null(flood);
	assert_int_equal(num(flood, "max_vteps"), N_FLOOD);
	/* One EVPN list, and the view's copy of the union. */
	assert_int_equal(num(flood, "evpn_bytes"), N_FLOOD * 4);
	assert_int_equal(num(flood, "view_bytes"), N_FLOOD * 4);
	assert_int_equal(num(flood, "bytes"), 2 * N_FLOOD * 4);
	json_decref(reply);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_flood_to_1000_vteps),
	    cmocka_unit_test(test_flood_vtep_beyond_max_refused),
	    cmocka_unit_test(test_10000_neighbours),
	    cmocka_unit_test(test_stats_memory_reports_vtep_tables),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
