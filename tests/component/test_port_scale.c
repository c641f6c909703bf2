/* [dataplane] max-ports and max-networks (issue 15 item 4): sluice started
 * with max-ports = 1024 takes 1,022 vhost-user ports live beside an untouched
 * pair of ring ports that carry traffic the whole time, refuses the 1,025th
 * port naming the key, deletes them all again, and neither loses nor reorders
 * one frame of the pair; its memory is where it started. And 4,096 networks
 * configured at start forward on the last one.
 *
 * The PMD runs on lcore 1 (datapath_launch); a sender thread keeps frames
 * flowing both ways between a and b, each carrying its sequence number, with
 * at most WINDOW of them in flight so no ring can overflow; the main thread
 * is the control thread. No guest connects: rte_vhost only listens on each
 * socket (docs/config.md "max-ports" says why that is the ceiling). */
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
#include <rte_mbuf.h>

#include "../../control/commands.h"
#include "harness.h"

#define MAC_A "02:00:00:00:00:0a"
#define MAC_B "02:00:00:00:00:0b"
#define MAX_PORTS 1024
#define WINDOW 64
#define SEQ_OFFSET 40 /* inside the payload, past the Ethernet and IPv4 headers */
#define FRAME_LEN 64

static struct ring_port ring_a, ring_b;
static struct datapath *dp;
static struct control ctl;
static char sock_dir[64];

/* One direction of the pair: frames sent into `from`, taken out of `to`. */
struct flow {
	struct ring_port *from, *to;
	const char *src, *dst;
	uint32_t sent, received, out_of_order;
};

static struct flow flows[2] = {
    {&ring_a, &ring_b, MAC_A, MAC_B, 0, 0, 0},
    {&ring_b, &ring_a, MAC_B, MAC_A, 0, 0, 0},
};
static int sending; /* the sender keeps sending while set */

static json_t *call(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Sends a request; the reply's JSON. */
static json_t *call(const char *fmt, ...)
{
	char line[1024];
	char *reply;
	json_t *j;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	reply = command_dispatch(&ctl, line, strlen(line));
	assert_non_null(reply);
	j = json_loads(reply, 0, NULL);
	free(reply);
	assert_non_null(j);
	return j;
}

/* 0 when the request succeeded; else its error message is copied to msg. */
static int call_ok(char *msg, size_t len, const char *method, const char *params)
{
	json_t *j =
	    call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\",\"params\":%s}", method, params);
	json_t *e = json_object_get(j, "error");

	if (e && msg)
		snprintf(msg, len, "%s", json_string_value(json_object_get(e, "message")));
	json_decref(j);
	return e ? -1 : 0;
}

static uint64_t heap_allocated(void)
{
	json_t *j = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"stats.memory\"}");
	json_t *heap = json_object_get(json_object_get(j, "result"), "heap");
	uint64_t v = (uint64_t)json_integer_value(json_object_get(heap, "allocated_bytes"));

	json_decref(j);
	return v;
}

/* Mbufs out of the test's pool and sluice's: what is in flight or leaked. */
static unsigned mbufs_in_use(void)
{
	unsigned n = rte_mempool_in_use_count(harness_pool());

	for (int i = 0; i < RTE_MAX_NUMA_NODES; i++)
		if (dp->pools[i])
			n += rte_mempool_in_use_count(dp->pools[i]);
	return n;
}

static void flow_send(struct flow *f)
{
	struct rte_mbuf *m;

	if (f->sent - f->received >= WINDOW)
		return;
	m = harness_frame(f->dst, f->src, FRAME_LEN);
	if (!m)
		return;
	*rte_pktmbuf_mtod_offset(m, uint32_t *, SEQ_OFFSET) = f->sent;
	if (rte_ring_enqueue(f->from->rx, m) < 0) {
		rte_pktmbuf_free(m); /* not sent: not counted */
		return;
	}
	f->sent++;
}

static void flow_receive(struct flow *f)
{
	struct rte_mbuf *m;

	while ((m = harness_take(f->to)) != NULL) {
		uint32_t seq = *rte_pktmbuf_mtod_offset(m, uint32_t *, SEQ_OFFSET);

		f->out_of_order += seq != f->received;
		f->received++;
		rte_pktmbuf_free(m);
	}
}

/* The pair's traffic, for as long as `sending`, then until every frame
 * sent came out or a generous bound of polls passed without progress. */
static void *sender_main(void *arg)
{
	uint32_t idle = 0;

	(void)arg;
	while (__atomic_load_n(&sending, __ATOMIC_ACQUIRE))
		for (int i = 0; i < 2; i++) {
			flow_send(&flows[i]);
			flow_receive(&flows[i]);
		}
	while (idle < 2000000 &&
	       (flows[0].received < flows[0].sent || flows[1].received < flows[1].sent)) {
		uint32_t before = flows[0].received + flows[1].received;

		flow_receive(&flows[0]);
		flow_receive(&flows[1]);
		idle = flows[0].received + flows[1].received == before ? idle + 1 : 0;
	}
	return NULL;
}

static int ports_in_use(void)
{
	int n = 0;

	for (uint16_t i = 0; i < SLUICE_MAX_PORTS; i++)
		n += datapath_port_in_use(dp, i);
	return n;
}

static int setup(void **state)
{
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char text[2048], err[512];

	(void)state;
	snprintf(sock_dir, sizeof(sock_dir), "/tmp/sluice-test-scale-%d", (int)getpid());
	if (mkdir(sock_dir, 0700) < 0 || harness_eal_init("test_port_scale") < 0 ||
	    harness_ring_port(&ring_a, "a", 1024) < 0 || harness_ring_port(&ring_b, "b", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\nmax-ports = %d\n"
		 "[network pair]\ntype = flat\n[network vms]\ntype = flat\n"
		 "[port a]\ntype = phy\ndevargs = %s\nnetwork = pair\n"
		 "[port b]\ntype = phy\ndevargs = %s\nnetwork = pair\n",
		 MAX_PORTS, ring_a.devargs, ring_b.devargs);
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
	snprintf(cmd, sizeof(cmd), "rm -rf %s", sock_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int add_vm(int i, char *msg, size_t len)
{
	char params[512];

	snprintf(params, sizeof(params),
		 "{\"name\":\"vm%d\",\"type\":\"vhost\",\"socket\":\"%s/vm%d.sock\","
		 "\"mode\":\"server\",\"network\":\"vms\",\"max-queues\":1}",
		 i, sock_dir, i);
	return call_ok(msg, len, "port.add", params);
}

/* 1,022 ports in and out while a and b talk: every frame arrives, in order. */
static void test_thousand_ports_live_untouched_pair(void **state)
{
	int n_vms = MAX_PORTS - 2;
	unsigned mbufs_before = mbufs_in_use();
	uint64_t heap_before = heap_allocated();
	pthread_t sender;
	char msg[512], params[64];

	(void)state;
	__atomic_store_n(&sending, 1, __ATOMIC_RELEASE);
	assert_int_equal(pthread_create(&sender, NULL, sender_main, NULL), 0);
	for (int i = 0; i < n_vms; i++) {
		if (add_vm(i, msg, sizeof(msg)) < 0)
			fail_msg("port.add vm%d: %s", i, msg);
		datapath_tick(dp);
	}
	assert_int_equal(ports_in_use(), MAX_PORTS);
	/* The 1,025th: refused, naming the key to raise. */
	assert_int_equal(add_vm(n_vms, msg, sizeof(msg)), -1);
	printf("   port 1025: %s\n", msg);
	assert_non_null(strstr(msg, "max-ports = 1024"));
	for (int i = 0; i < n_vms; i++) {
		snprintf(params, sizeof(params), "{\"name\":\"vm%d\"}", i);
		if (call_ok(msg, sizeof(msg), "port.del", params) < 0)
			fail_msg("port.del vm%d: %s", i, msg);
		datapath_tick(dp);
	}
	assert_int_equal(ports_in_use(), 2);
	__atomic_store_n(&sending, 0, __ATOMIC_RELEASE);
	pthread_join(sender, NULL);
	printf("   a->b %u sent %u received, b->a %u sent %u received, out of order %u %u\n",
	       flows[0].sent, flows[0].received, flows[1].sent, flows[1].received,
	       flows[0].out_of_order, flows[1].out_of_order);
	assert_true(flows[0].sent > 0 && flows[1].sent > 0);
	assert_int_equal(flows[0].received, flows[0].sent);
	assert_int_equal(flows[1].received, flows[1].sent);
	assert_int_equal(flows[0].out_of_order, 0);
	assert_int_equal(flows[1].out_of_order, 0);
	assert_int_equal(mbufs_in_use(), mbufs_before);
	assert_int_equal(heap_allocated(), heap_before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_thousand_ports_live_untouched_pair),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
