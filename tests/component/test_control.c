/* The control commands against a running datapath: two PMDs (lcores 1 and 2,
 * both on CPU 1) forward between an untouched pair of ring ports while the
 * test thread, in the control thread's role, adds and deletes ports and
 * networks, moves queues and rebalances. The pair must lose nothing. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>

#include "../../control/commands.h"
#include "../../dataplane/stats.h"
#include "harness.h"

#define MAC_A "02:00:00:00:01:0a"
#define MAC_B "02:00:00:00:01:0b"

static struct ring_port pa, pb;
static struct datapath *dp;
static struct control ctl;
static char dir[64];

/* Sends a request, returns the parsed reply (the caller decrefs). */
static json_t *call(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static json_t *call(const char *fmt, ...)
{
	char line[4096];
	char *reply;
	json_t *j;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	reply = command_dispatch(&ctl, line, strlen(line));
	assert_non_null(reply);
	assert_int_equal(reply[strlen(reply) - 1], '\n');
	j = json_loads(reply, 0, NULL);
	if (!j)
		fprintf(stderr, "bad reply: %s", reply);
	assert_non_null(j);
	free(reply);
	return j;
}

/* The error code of a reply, or 0 for a result. */
static int code_of(json_t *reply)
{
	json_t *e = json_object_get(reply, "error");

	return e ? (int)json_integer_value(json_object_get(e, "code")) : 0;
}

static const char *message_of(json_t *reply)
{
	return json_string_value(json_object_get(json_object_get(reply, "error"), "message"));
}

static void expect_ok(json_t *reply)
{
	if (code_of(reply))
		fprintf(stderr, "unexpected error: %s\n", message_of(reply));
	assert_int_equal(code_of(reply), 0);
	json_decref(reply);
}

static void expect_error(json_t *reply, int code, const char *words)
{
	if (code_of(reply) != code || !strstr(message_of(reply) ? message_of(reply) : "", words))
		fprintf(stderr, "got %d '%s', wanted %d '%s'\n", code_of(reply), message_of(reply),
			code, words);
	assert_int_equal(code_of(reply), code);
	assert_non_null(strstr(message_of(reply), words));
	json_decref(reply);
}

static int ports_in_use(void)
{
	int n = 0;

	for (uint16_t i = 0; i < dp->n_ports; i++)
		n += datapath_port_in_use(dp, i);
	return n;
}

static int setup(void **state)
{
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char text[2048], err[512];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/sluice-test-control-%d", (int)getpid());
	if (mkdir(dir, 0755) < 0)
		return -1;
	if (harness_eal_init_lcores("test_control", "0@0,1@1,2@1") < 0 ||
	    harness_ring_port(&pa, "ka", 1024) < 0 || harness_ring_port(&pb, "kb", 4096) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1,2\n"
		 "[network keep]\ntype = flat\n"
		 "[port a]\ntype = phy\ndevargs = %s\nnetwork = keep\n"
		 "[port b]\ntype = phy\ndevargs = %s\nnetwork = keep\n",
		 pa.devargs, pb.devargs);
	if (harness_config(text, &cfg) < 0)
		return -1;
	dp = datapath_create(&cfg, NULL, err, sizeof(err));
	if (!dp) {
		fprintf(stderr, "datapath_create: %s\n", err);
		return -1;
	}
	ctl.dp = dp;
	return datapath_launch(dp);
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	datapath_destroy(dp);
	harness_eal_cleanup();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_bad_requests_change_nothing(void **state)
{
	int ports = ports_in_use();

	(void)state;
	expect_error(call("not json"), -32700, "not JSON");
	expect_error(call("[1,2]"), -32600, "object");
	expect_error(call("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"version\"}"), -32600,
		     "jsonrpc");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1}"), -32600, "method");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"nope\"}"), -32601, "nope");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"version\",\"params\":[1]}"),
		     -32602, "object");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.del\"}"), -32602,
		     "missing param 'name'");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.del\","
			  "\"params\":{\"name\":\"zz\"}}"),
		     -32001, "no port 'zz'");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.show\","
			  "\"params\":{\"name\":\"a\",\"colour\":\"red\"}}"),
		     -32602, "unknown param 'colour'");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.del\","
			  "\"params\":{\"name\":5}}"),
		     -32602, "must be a string");
	/* The same validation as the config file, with the same words. */
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.add\",\"params\":"
			  "{\"name\":\"x\",\"type\":\"phy\",\"devargs\":\"net_null9\","
			  "\"rx-queues\":17}}"),
		     -32602, "17 is out of range 1..16");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.add\",\"params\":"
			  "{\"name\":\"x\",\"type\":\"vhost\"}}"),
		     -32602, "key 'socket': required for type vhost");
	expect_error(
	    call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.add\",\"params\":"
		 "{\"name\":\"x\",\"type\":\"vhost\",\"socket\":\"/nonexistent/x.sock\"}}"),
	    -32602, "/nonexistent does not exist");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.add\",\"params\":"
			  "{\"name\":\"x\",\"type\":\"phy\",\"devargs\":\"net_null9\","
			  "\"network\":\"nowhere\"}}"),
		     -32602, "no network 'nowhere'");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.add\",\"params\":"
			  "{\"name\":\"a\",\"type\":\"phy\",\"devargs\":\"net_null9\"}}"),
		     -32002, "exists already");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.add\",\"params\":"
			  "{\"name\":\"x\",\"type\":\"phy\",\"devargs\":\"no_such_driver0\"}}"),
		     -32000, "cannot probe");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"network.del\","
			  "\"params\":{\"name\":\"keep\"}}"),
		     -32000, "still has port");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rxq.set\",\"params\":"
			  "{\"port\":\"a\",\"queue\":0,\"core\":0}}"),
		     -32602, "not a worker core");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rxq.set\",\"params\":"
			  "{\"port\":\"a\",\"queue\":3,\"core\":1}}"),
		     -32602, "out of range");
	assert_int_equal(ports_in_use(), ports);
}

static void test_version_echoes_id(void **state)
{
	json_t *r = call("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"version\"}");

	(void)state;
	assert_string_equal(json_string_value(json_object_get(r, "id")), "abc");
	assert_non_null(strstr(
	    json_string_value(json_object_get(json_object_get(r, "result"), "dpdk")), "DPDK"));
	json_decref(r);
}

struct traffic {
	volatile int stop;
	uint64_t sent, received;
};

/* Sends A->B into port a and counts what leaves port b, until told to stop
 * and everything sent has come out (or a generous timeout passes). */
static void *traffic_main(void *arg)
{
	struct traffic *t = arg;
	uint64_t deadline = 0;

	for (;;) {
		struct rte_mbuf *m;
		int stopping = t->stop;

		/* Once told to stop, wait (up to 5 s) for what is in flight. */
		if (stopping && deadline == 0)
			deadline = rte_get_tsc_cycles() + 5 * rte_get_tsc_hz();
		if (stopping && (t->received >= t->sent || rte_get_tsc_cycles() > deadline))
			break;
		if (!stopping && rte_ring_free_count(pa.rx) > 64) {
			for (int i = 0; i < 32; i++) {
				m = harness_frame(MAC_B, MAC_A, 64);
				if (!m)
					break;
				if (rte_ring_enqueue(pa.rx, m) < 0) {
					rte_pktmbuf_free(m);
					break;
				}
				t->sent++;
			}
		}
		while ((m = harness_take(&pb)) != NULL) {
			t->received++;
			rte_pktmbuf_free(m);
		}
		usleep(50);
	}
	return NULL;
}

static void test_twenty_add_del_cycles_lose_nothing(void **state)
{
	struct traffic t = {0};
	pthread_t thread;
	struct port_counters pc;

	(void)state;
	/* B answers once so A->B is unicast, the common case. */
	harness_inject(&pb, harness_frame(MAC_A, MAC_B, 64));
	rte_delay_ms(50);
	harness_drain(&pa);
	assert_int_equal(pthread_create(&thread, NULL, traffic_main, &t), 0);
	for (int cycle = 0; cycle < 20; cycle++) {
		expect_ok(
		    call("{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"network.add\","
			 "\"params\":{\"name\":\"churn\",\"type\":\"flat\",\"mac-aging\":10}}",
			 cycle));
		expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"port.add\",\"params\":"
			       "{\"name\":\"c\",\"type\":\"phy\",\"devargs\":\"net_ring_churn%d\","
			       "\"network\":\"churn\"}}",
			       cycle, cycle));
		expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"port.add\",\"params\":"
			       "{\"name\":\"v\",\"type\":\"vhost\",\"socket\":\"%s/v%d.sock\","
			       "\"mode\":\"server\",\"network\":\"churn\"}}",
			       cycle, dir, cycle));
		assert_int_equal(ports_in_use(), 4);
		expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"port.del\","
			       "\"params\":{\"name\":\"c\"}}",
			       cycle));
		expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"port.del\","
			       "\"params\":{\"name\":\"v\"}}",
			       cycle));
		expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"network.del\","
			       "\"params\":{\"name\":\"churn\"}}",
			       cycle));
	}
	t.stop = 1;
	pthread_join(thread, NULL);
	printf("   sent %llu, received %llu across 20 cycles\n", (unsigned long long)t.sent,
	       (unsigned long long)t.received);
	assert_true(t.sent > 1000);
	assert_int_equal(t.received, t.sent);
	stats_port(dp, (uint16_t)datapath_find_port(dp, "b"), &pc);
	for (int d = 0; d < DROP_REASON_COUNT; d++)
		assert_int_equal(pc.drops[d], 0);
	stats_port(dp, (uint16_t)datapath_find_port(dp, "a"), &pc);
	for (int d = 0; d < DROP_REASON_COUNT; d++)
		assert_int_equal(pc.drops[d], 0);
	assert_int_equal(ports_in_use(), 2);
}

static int pmd_of(const char *port, int queue)
{
	json_t *r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rxq.show\"}");
	json_t *rxqs = json_object_get(json_object_get(r, "result"), "rxqs");
	size_t i;
	json_t *q;
	int pmd = -1;

	json_array_foreach(rxqs, i, q)
	{
		if (strcmp(json_string_value(json_object_get(q, "port")), port) == 0 &&
		    json_integer_value(json_object_get(q, "queue")) == queue)
			pmd = (int)json_integer_value(json_object_get(q, "core"));
	}
	json_decref(r);
	return pmd;
}

static void test_rxq_moves_live_without_loss(void **state)
{
	struct traffic t = {0};
	pthread_t thread;
	int first = pmd_of("a", 0);
	json_t *r;

	(void)state;
	assert_true(first == 1 || first == 2);
	assert_int_equal(pthread_create(&thread, NULL, traffic_main, &t), 0);
	for (int i = 0; i < 10; i++) {
		int to = i % 2 ? first : 3 - first;

		expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rxq.set\",\"params\":"
			       "{\"port\":\"a\",\"queue\":0,\"core\":\"%d\"}}",
			       to));
		assert_int_equal(pmd_of("a", 0), to);
		rte_delay_ms(20);
	}
	t.stop = 1;
	pthread_join(thread, NULL);
	if (t.received != t.sent) {
		struct port_counters pc;

		for (int p = 0; p < 2; p++) {
			stats_port(dp, (uint16_t)p, &pc);
			for (int d = 0; d < DROP_REASON_COUNT; d++)
				if (pc.drops[d])
					printf("   port %d drop %s %llu\n", p, drop_table[d].name,
					       (unsigned long long)pc.drops[d]);
		}
	}
	assert_true(t.sent > 100);
	assert_int_equal(t.received, t.sent);
	/* Pinned queues stay put through a rebalance. */
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rxq.rebalance\"}");
	assert_int_equal(code_of(r), 0);
	json_decref(r);
	assert_int_equal(pmd_of("a", 0), first);
}

static void test_fdb_commands(void **state)
{
	json_t *r, *entries;
	size_t before;

	(void)state;
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fdb.show\","
		 "\"params\":{\"network\":\"keep\"}}");
	entries = json_object_get(json_object_get(r, "result"), "entries");
	before = json_array_size(entries);
	assert_true(before >= 2); /* A and B were learned */
	json_decref(r);
	expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fdb.add\",\"params\":"
		       "{\"network\":\"keep\",\"mac\":\"52:54:00:aa:bb:cc\",\"port\":\"b\"}}"));
	assert_int_equal(harness_fdb_port(dp, "keep", "52:54:00:aa:bb:cc"),
			 datapath_find_port(dp, "b"));
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fdb.add\",\"params\":"
			  "{\"network\":\"keep\",\"mac\":\"01:00:00:aa:bb:cc\",\"port\":\"b\"}}"),
		     -32602, "multicast");
	expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fdb.del\",\"params\":"
		       "{\"network\":\"keep\",\"mac\":\"52:54:00:aa:bb:cc\"}}"));
	assert_int_equal(harness_fdb_port(dp, "keep", "52:54:00:aa:bb:cc"), -1);
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fdb.del\",\"params\":"
			  "{\"network\":\"keep\",\"mac\":\"52:54:00:aa:bb:cc\"}}"),
		     -32001, "no entry");
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fdb.flush\","
		 "\"params\":{\"network\":\"keep\"}}");
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(r, "result"), "removed")), before);
	json_decref(r);
	assert_int_equal(harness_fdb_port(dp, "keep", MAC_A), -1);
}

static void test_stats_and_reset(void **state)
{
	json_t *r, *port;

	(void)state;
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"stats.ports\","
		 "\"params\":{\"name\":\"b\"}}");
	port = json_array_get(json_object_get(json_object_get(r, "result"), "ports"), 0);
	assert_true(json_integer_value(json_object_get(port, "tx_packets")) > 1000);
	json_decref(r);
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"stats.cores\"}");
	assert_int_equal(json_array_size(json_object_get(json_object_get(r, "result"), "cores")),
			 2);
	json_decref(r);
	expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"stats.reset\"}"));
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"stats.ports\","
		 "\"params\":{\"name\":\"b\"}}");
	port = json_array_get(json_object_get(json_object_get(r, "result"), "ports"), 0);
	assert_int_equal(json_integer_value(json_object_get(port, "tx_packets")), 0);
	json_decref(r);
}

static void test_show_commands(void **state)
{
	json_t *r, *p;

	(void)state;
	expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"network.add\","
		       "\"params\":{\"name\":\"show\",\"type\":\"flat\"}}"));
	r = call(
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.add\",\"params\":"
	    "{\"name\":\"vm\",\"type\":\"vhost\",\"socket\":\"%s/vm.sock\",\"mode\":\"server\","
	    "\"network\":\"show\",\"mac\":\"52:54:00:00:00:01\"}}",
	    dir);
	p = json_object_get(r, "result");
	assert_string_equal(json_string_value(json_object_get(p, "state")), "down");
	assert_string_equal(json_string_value(json_object_get(json_object_get(p, "vhost"), "mode")),
			    "server");
	assert_string_equal(json_string_value(json_object_get(p, "mac")), "52:54:00:00:00:01");
	json_decref(r);
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"network.show\","
		 "\"params\":{\"name\":\"show\"}}");
	p = json_array_get(json_object_get(json_object_get(r, "result"), "networks"), 0);
	assert_string_equal(json_string_value(json_array_get(json_object_get(p, "ports"), 0)),
			    "vm");
	json_decref(r);
	expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.del\","
		       "\"params\":{\"name\":\"vm\"}}"));
	expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"network.del\","
		       "\"params\":{\"name\":\"show\"}}"));
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"stats.drops\"}");
	assert_true(json_array_size(json_object_get(json_object_get(r, "result"), "reasons")) >=
		    10);
	json_decref(r);
}

/* Without [vtep], the overlay commands say so and tunnel networks are refused
 * with the config file's own message. */
static void test_overlay_without_vtep(void **state)
{
	(void)state;
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"vtep.show\"}"), RPC_NOT_FOUND,
		     "no [vtep] section");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"neighbour.show\"}"),
		     RPC_NOT_FOUND, "no [vtep] section");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"network.add\","
			  "\"params\":{\"name\":\"ov\",\"type\":\"vxlan\",\"vni\":5}}"),
		     RPC_INVALID_PARAMS, "a vxlan network needs a [vtep] section");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"network.add\","
			  "\"params\":{\"name\":\"ov\",\"type\":\"gre\"}}"),
		     RPC_INVALID_PARAMS, "key 'key': required for type gre");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"network.add\","
			  "\"params\":{\"name\":\"ov\",\"type\":\"vxlan\",\"vni\":0}}"),
		     RPC_INVALID_PARAMS, "param 'vni': 0 is out of range 1..16777215");
	assert_int_equal(datapath_find_network(dp, "ov"), -1);
}

/* A deleted port or network leaves a slot with an empty name: "" must not
 * name it (it used to: port.show returned a phantom port, network.del "" said
 * ok, port.del "" failed with "out of memory"). */
static void test_empty_name_names_nothing(void **state)
{
	int before = ports_in_use();

	(void)state;
	expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"network.add\","
		       "\"params\":{\"name\":\"gone\",\"type\":\"flat\"}}"));
	expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.add\",\"params\":"
		       "{\"name\":\"gone\",\"type\":\"vhost\",\"socket\":\"%s/gone.sock\","
		       "\"mode\":\"server\",\"network\":\"gone\"}}",
		       dir));
	expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.del\","
		       "\"params\":{\"name\":\"gone\"}}"));
	expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"network.del\","
		       "\"params\":{\"name\":\"gone\"}}"));
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.show\","
			  "\"params\":{\"name\":\"\"}}"),
		     -32001, "no port ''");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"port.del\","
			  "\"params\":{\"name\":\"\"}}"),
		     -32001, "no port ''");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"stats.ports\","
			  "\"params\":{\"name\":\"\"}}"),
		     -32001, "no port ''");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rxq.set\","
			  "\"params\":{\"port\":\"\",\"queue\":0,\"core\":1}}"),
		     -32001, "no port ''");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"network.show\","
			  "\"params\":{\"name\":\"\"}}"),
		     -32001, "no network ''");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"network.del\","
			  "\"params\":{\"name\":\"\"}}"),
		     -32001, "no network ''");
	expect_error(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fdb.flush\","
			  "\"params\":{\"network\":\"\"}}"),
		     -32001, "no network ''");
	assert_int_equal(ports_in_use(), before);
}

static void test_shutdown_sets_the_flag(void **state)
{
	(void)state;
	assert_false(ctl.shutdown_requested);
	expect_ok(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}"));
	assert_true(ctl.shutdown_requested);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bad_requests_change_nothing),
	    cmocka_unit_test(test_version_echoes_id),
	    cmocka_unit_test(test_twenty_add_del_cycles_lose_nothing),
	    cmocka_unit_test(test_rxq_moves_live_without_loss),
	    cmocka_unit_test(test_fdb_commands),
	    cmocka_unit_test(test_stats_and_reset),
	    cmocka_unit_test(test_show_commands),
	    cmocka_unit_test(test_overlay_without_vtep),
	    cmocka_unit_test(test_empty_name_names_nothing),
	    cmocka_unit_test(test_shutdown_sets_the_flag),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
