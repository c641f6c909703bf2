/* Per-port limits through the real PMD burst (issue 13): mac-limit with both
 * actions and per network, storm control of broadcast, multicast and
 * unknown unicast, and the srTCM policer, on ring-backed ports of one
 * datapath. Rates are checked against bounds computed from the TSC time the
 * test actually took, never against a fixed duration.
 *
 * Networks: m (a limited to 100 MACs, b, c; the FDB holds 1024 in all),
 * f (fa limited to 50 with action flood, fb), s (sa with storm limits,
 * sb, sc), p (pa policed, pb), n (a network limit of 20: na, nb). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <rte_cycles.h>

#include "../../control/cmd_port_limits.h"
#include "../../control/params.h"
#include "harness.h"

#define MAC_B "02:00:00:00:0b:01"
#define MAC_C "02:00:00:00:0c:01"
#define BCAST "ff:ff:ff:ff:ff:ff"
#define SPRAY 100000

static struct ring_port a, b, c, fa, fb, sa, sb, sc, pa, pb, na, nb, nc;
static struct datapath *dp;

static int setup(void **state)
{
	struct ring_port *all[] = {&a, &b, &c, &fa, &fb, &sa, &sb, &sc, &pa, &pb, &na, &nb};
	const char *names[] = {"la",  "lb",  "lc",  "lfa", "lfb", "lsa",
			       "lsb", "lsc", "lpa", "lpb", "lna", "lnb"};
	char text[4096];

	(void)state;
	if (harness_eal_init("test_limits") < 0)
		return -1;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (harness_ring_port(all[i], names[i], 1024) < 0)
			return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\nfdb-entries = 1024\n"
		 "[network m]\ntype = flat\n[network f]\ntype = flat\n"
		 "[network s]\ntype = flat\n[network p]\ntype = flat\n"
		 "[network n]\ntype = flat\nmac-limit = 20\n"
		 "[port a]\ntype = phy\ndevargs = %s\nnetwork = m\nmac-limit = 100\n"
		 "[port b]\ntype = phy\ndevargs = %s\nnetwork = m\n"
		 "[port c]\ntype = phy\ndevargs = %s\nnetwork = m\n"
		 "[port fa]\ntype = phy\ndevargs = %s\nnetwork = f\nmac-limit = 50\n"
		 "mac-limit-action = flood\n"
		 "[port fb]\ntype = phy\ndevargs = %s\nnetwork = f\n"
		 "[port sa]\ntype = phy\ndevargs = %s\nnetwork = s\nstorm-broadcast = 100\n"
		 "storm-multicast = 100\nstorm-unknown = 100\n"
		 "[port sb]\ntype = phy\ndevargs = %s\nnetwork = s\n"
		 "[port sc]\ntype = phy\ndevargs = %s\nnetwork = s\n"
		 "[port pa]\ntype = phy\ndevargs = %s\nnetwork = p\ningress-rate = 1\n"
		 "ingress-burst = 64\n"
		 "[port pb]\ntype = phy\ndevargs = %s\nnetwork = p\n"
		 "[port na]\ntype = phy\ndevargs = %s\nnetwork = n\n"
		 "[port nb]\ntype = phy\ndevargs = %s\nnetwork = n\n",
		 a.devargs, b.devargs, c.devargs, fa.devargs, fb.devargs, sa.devargs, sb.devargs,
		 sc.devargs, pa.devargs, pb.devargs, na.devargs, nb.devargs);
	dp = harness_datapath(text);
	return dp ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	datapath_destroy(dp);
	harness_eal_cleanup();
	return 0;
}

static uint16_t port_of(const char *name)
{
	return (uint16_t)datapath_find_port(dp, name);
}

static uint16_t net_of(const char *name)
{
	return (uint16_t)datapath_find_network(dp, name);
}

/* A source MAC of its own for every i: 02:5x:xx:xx:xx:xx. */
static void spray_mac(uint32_t i, uint8_t tag, char *out, size_t len)
{
	snprintf(out, len, "02:%02x:%02x:%02x:%02x:%02x", tag, (i >> 24) & 0xff, (i >> 16) & 0xff,
		 (i >> 8) & 0xff, i & 0xff);
}

/* Sends n frames from count different source MACs on rp, in bursts the PMD
 * takes whole, draining every ring of others as it goes. */
static void spray(struct ring_port *rp, uint8_t tag, uint32_t count, const char *dst,
		  struct ring_port *const *others, int n_others)
{
	char mac[18];

	for (uint32_t i = 0; i < count;) {
		for (int k = 0; k < 32 && i < count; k++, i++) {
			spray_mac(i, tag, mac, sizeof(mac));
			harness_inject(rp, harness_frame(dst, mac, 64));
		}
		harness_poll(dp);
		for (int o = 0; o < n_others; o++)
			harness_drain(others[o]);
	}
}

/* One frame from src on `from`: returns how many reached `to` and `other`. */
static void send_one(struct ring_port *from, const char *dst, const char *src, struct ring_port *to,
		     unsigned *got_to, struct ring_port *other, unsigned *got_other)
{
	harness_inject(from, harness_frame(dst, src, 64));
	harness_poll(dp);
	*got_to = harness_drain(to);
	*got_other = harness_drain(other);
}

/* 100,000 source MACs from a: the FDB keeps a's 100, b and c still learn
 * (the table of 1024 never fills) and talk unicast, never flooding to a. */
static void test_mac_limit_spray(void **state)
{
	struct ring_port *const others[] = {&b, &c};
	unsigned to, other;

	(void)state;
	send_one(&b, BCAST, MAC_B, &c, &to, &a, &other);
	assert_int_equal(to, 1);
	spray(&a, 0x51, SPRAY, "02:00:00:00:ee:ee", others, 2);
	assert_int_equal(dp->fdb.limits.port_count[port_of("a")], 100);
	assert_true(dp->fdb.count <= 100 + 1);
	assert_int_equal(harness_drops(dp, "a", DROP_MAC_LIMIT) +
			     dp->fdb.limits.port_refused[port_of("a")],
			 SPRAY - 100);
	/* c speaks only now: learned although a sprayed. */
	send_one(&c, MAC_B, MAC_C, &b, &to, &a, &other);
	assert_int_equal(to, 1);
	assert_int_equal(harness_fdb_port(dp, "m", MAC_C), port_of("c"));
	/* b -> c is unicast: a sees nothing. */
	for (int i = 0; i < 10; i++) {
		send_one(&b, MAC_C, MAC_B, &c, &to, &a, &other);
		assert_int_equal(to, 1);
		assert_int_equal(other, 0);
	}
	/* Learned MACs of a known port are never evicted: a's 100 age out
	 * together when they age, b and c stay. */
	assert_int_equal(harness_fdb_port(dp, "m", MAC_B), port_of("b"));
}

/* flood: frames from MACs over the limit still reach the network, unlearned. */
static void test_mac_limit_flood(void **state)
{
	struct ring_port *const others[] = {&fb};
	uint64_t before = harness_tx_packets(dp, "fb");

	(void)state;
	spray(&fa, 0x52, 1000, BCAST, others, 1);
	assert_int_equal(harness_tx_packets(dp, "fb") - before, 1000);
	assert_int_equal(dp->fdb.limits.port_count[port_of("fa")], 50);
	assert_int_equal(harness_drops(dp, "fa", DROP_MAC_LIMIT), 0);
	assert_true(dp->fdb.limits.port_full[port_of("fa")]);
}

/* The network's limit counts every port's MACs together. */
static void test_network_limit(void **state)
{
	struct ring_port *const others[] = {&nb, &na};

	(void)state;
	spray(&na, 0x53, 15, BCAST, others, 2);
	spray(&nb, 0x54, 15, BCAST, others, 2);
	assert_int_equal(dp->fdb.limits.net_count[net_of("n")], 20);
	assert_int_equal(
	    harness_drops(dp, "nb", DROP_MAC_LIMIT) + dp->fdb.limits.net_refused[net_of("n")], 10);
}

/* fdb_learn of 02:51:00:00:00:LAST (a's MAC number LAST) in network m. */
static int learn_on(uint8_t last, uint16_t port, bool is_static)
{
	uint8_t mac[6] = {0x02, 0x51, 0, 0, 0, last};
	struct fdb_key key;

	fdb_key_set(&key, mac, net_of("m"));
	return fdb_learn(&dp->fdb, &key, port, 0, is_static, datapath_now(dp));
}

static uint16_t port_of_mac(uint8_t last)
{
	uint8_t mac[6] = {0x02, 0x51, 0, 0, 0, last};
	struct fdb_key key;

	fdb_key_set(&key, mac, net_of("m"));
	return fdb_find(&dp->fdb, &key)->port;
}

/* Counts follow moves, static entries, aging and the port leaving. */
static void test_counts_follow_table(void **state)
{
	uint16_t pa_ = port_of("a"), pb_ = port_of("b"), m = net_of("m");
	const struct fdb_limits *l = &dp->fdb.limits;
	uint8_t mac[6] = {0x02, 0x51, 0, 0, 0, 2};
	struct fdb_key key;

	(void)state;
	/* One of a's MACs moves to b: a has room for one more, b counts it. */
	assert_int_equal(learn_on(1, pb_, false), 0);
	assert_int_equal(l->port_count[pa_], 99);
	assert_int_equal(l->port_count[pb_], 2);
	assert_int_equal(l->net_count[m], 102); /* and c */
	/* And back while a has room. */
	assert_int_equal(learn_on(1, pa_, false), 0);
	assert_int_equal(l->port_count[pa_], 100);
	/* Another moves to b, a new one fills a: the move back is refused. */
	assert_int_equal(learn_on(2, pb_, false), 0);
	assert_int_equal(learn_on(0xf0, pa_, false), 0);
	assert_int_equal(l->port_count[pa_], 100);
	assert_int_equal(learn_on(2, pa_, false), -EDQUOT);
	assert_int_equal(port_of_mac(2), pb_);
	/* A static entry is the operator's: it never counts. */
	assert_int_equal(learn_on(2, pa_, true), 0);
	assert_int_equal(l->port_count[pa_], 100);
	assert_int_equal(l->port_count[pb_], 1);
	fdb_key_set(&key, mac, m);
	assert_int_equal(fdb_delete(&dp->fdb, &key), 0);
	assert_int_equal(l->port_count[pa_], 100);
	/* Everything ages: every count returns to zero, network too. */
	fdb_age(&dp->fdb, datapath_now(dp) + 100000, dp->aging);
	assert_int_equal(l->port_count[pa_], 0);
	assert_int_equal(l->port_count[pb_], 0);
	assert_int_equal(l->net_count[m], 0);
	assert_false(l->port_full[pa_]);
	/* The port leaving flushes its MACs and its count. */
	spray(&na, 0x55, 5, BCAST, (struct ring_port *const[]){&nb}, 1);
	assert_int_equal(l->port_count[port_of("na")], 5);
	assert_int_equal(datapath_port_del(dp, port_of("na")), 0);
	assert_int_equal(l->net_count[net_of("n")], 0);
}

/* Sends count frames to dst from sa in bursts of 32 and returns how many
 * sb received; *seconds is how long that took. */
static uint64_t storm_from_sa(const char *dst, uint32_t count, double *seconds)
{
	uint64_t got = 0, t0 = rte_rdtsc();

	for (uint32_t i = 0; i < count;) {
		for (int k = 0; k < 32 && i < count; k++, i++)
			harness_inject(&sa, harness_frame(dst, "02:00:00:00:5a:01", 64));
		harness_poll(dp);
		got += harness_drain(&sb);
		harness_drain(&sc);
	}
	*seconds = (double)(rte_rdtsc() - t0) / (double)rte_get_tsc_hz();
	return got;
}

/* At most the bucket (32 at 100/s) plus 100 a second of what the test took. */
static uint64_t storm_bound(double seconds)
{
	return 32 + (uint64_t)(100 * seconds) + 1;
}

static void test_storm_control(void **state)
{
	double s;
	uint64_t got;
	unsigned to, other;

	(void)state;
	got = storm_from_sa(BCAST, 2000, &s);
	print_message("broadcast: %lu of 2000 passed in %.6f s\n", (unsigned long)got, s);
	assert_true(got <= storm_bound(s));
	assert_true(got >= 32);
	assert_int_equal(harness_drops(dp, "sa", DROP_STORM_BROADCAST), 2000 - got);

	got = storm_from_sa("01:00:5e:00:00:01", 2000, &s);
	assert_true(got <= storm_bound(s));
	assert_int_equal(harness_drops(dp, "sa", DROP_STORM_MULTICAST), 2000 - got);

	got = storm_from_sa("02:00:00:00:99:99", 2000, &s);
	assert_true(got <= storm_bound(s));
	assert_int_equal(harness_drops(dp, "sa", DROP_STORM_UNKNOWN), 2000 - got);

	/* sb's traffic meanwhile: all of it, unicast to the learned sa. */
	for (int i = 0; i < 100; i++) {
		send_one(&sb, "02:00:00:00:5a:01", "02:00:00:00:5b:01", &sa, &to, &sc, &other);
		assert_int_equal(to, 1);
		assert_int_equal(other, 0);
	}
	/* Known unicast from sa is not limited. */
	got = storm_from_sa("02:00:00:00:5b:01", 2000, &s);
	assert_int_equal(got, 2000);
}

/* 1000 frames of 1000 bytes as fast as the test sends them against 1 Mbit/s
 * (125,000 bytes/s) with a 64 KiB burst: the excess is dropped. */
static void test_policer(void **state)
{
	uint64_t got = 0, t0 = rte_rdtsc(), bound;
	double s;

	(void)state;
	for (int i = 0; i < 1000;) {
		for (int k = 0; k < 32 && i < 1000; k++, i++)
			harness_inject(
			    &pa, harness_frame("02:00:00:00:9b:01", "02:00:00:00:9a:01", 1000));
		harness_poll(dp);
		got += harness_drain(&pb);
	}
	s = (double)(rte_rdtsc() - t0) / (double)rte_get_tsc_hz();
	bound = (65536 + (uint64_t)(125000 * s)) / 1000 + 1;
	print_message("policer: %lu of 1000 passed in %.6f s (bound %lu)\n", (unsigned long)got, s,
		      (unsigned long)bound);
	assert_true(got <= bound);
	assert_true(got >= 65536 / 1000);
	assert_int_equal(harness_drops(dp, "pa", DROP_POLICED), 1000 - got);
}

/* A port added at run time (port.add's path) gets its limits from its
 * port_config at publish, and port.show reports them with its drops. */
static void test_port_add_and_show(void **state)
{
	struct port_config pc;
	struct rpc_error rpc_err;
	char err[256];
	json_t *j, *drops;
	int i;

	(void)state;
	/* A new device: the deleted port's ethdev went with it. */
	assert_int_equal(harness_ring_port(&nc, "lnc", 1024), 0);
	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "name", "nc", "type", "phy", "devargs",
		      nc.devargs, "network", "n", "mac-limit", "3", "storm-broadcast", "1");
	assert_int_equal(params_to_port(j, &pc, &rpc_err), 0);
	json_decref(j);
	if (config_check_port(&dp->desired.cfg, &dp->desired.host, &pc, err, sizeof(err)) < 0)
		fail_msg("config_check_port: %s", err);
	i = datapath_port_add(dp, &pc, err, sizeof(err));
	assert_true(i >= 0);
	/* Unicast to an unknown MAC: only the mac-limit applies (storm-unknown
	 * is 0 on a phy port). */
	spray(&nc, 0x56, 10, "02:00:00:00:ee:ee", (struct ring_port *const[]){&nb}, 1);
	/* One burst: the PMD asked for all ten, the control thread refused 7. */
	assert_int_equal(dp->fdb.limits.port_count[i], 3);
	assert_int_equal(dp->fdb.limits.port_refused[i], 7);
	/* Now the PMD knows the port is full: new sources are dropped. */
	spray(&nc, 0x57, 7, "02:00:00:00:ee:ee", (struct ring_port *const[]){&nb}, 1);
	assert_int_equal(harness_drops(dp, "nc", DROP_MAC_LIMIT), 7);

	j = port_limits_json(dp, (uint16_t)i);
	assert_int_equal(json_integer_value(json_object_get(j, "mac_limit")), 3);
	assert_string_equal(json_string_value(json_object_get(j, "mac_limit_action")), "drop");
	assert_int_equal(json_integer_value(json_object_get(j, "macs_learned")), 3);
	assert_int_equal(json_integer_value(json_object_get(j, "storm_broadcast")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "storm_unknown")), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "ingress_rate")), 0);
	drops = json_object_get(j, "drops");
	assert_int_equal(json_integer_value(json_object_get(drops, "mac-limit")), 7);
	assert_int_equal(json_integer_value(json_object_get(drops, "policed")), 0);
	json_decref(j);
	j = port_limits_json(dp, port_of("pa"));
	assert_int_equal(json_integer_value(json_object_get(j, "ingress_burst_bytes")), 65536);
	assert_true(json_integer_value(json_object_get(json_object_get(j, "drops"), "policed")) >
		    0);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mac_limit_spray),   cmocka_unit_test(test_mac_limit_flood),
	    cmocka_unit_test(test_network_limit),     cmocka_unit_test(test_counts_follow_table),
	    cmocka_unit_test(test_storm_control),     cmocka_unit_test(test_policer),
	    cmocka_unit_test(test_port_add_and_show),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
