/* vhost-queue-full through the datapath (issue 11, item 7): a guest that
 * does not read its receive ring. The "VM" is DPDK's virtio_user driver in
 * this process on sluice's vhost-user socket (as in test_vhost.c); frames
 * from a ring-backed phy port flood to it until its ring has no room, and
 * every frame is either delivered or counted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_bus_vdev.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "harness.h"

#define VM_MAC "52:54:00:00:00:01"
#define WIRE_MAC "02:00:00:00:00:99"
#define BCAST "ff:ff:ff:ff:ff:ff"
#define VM_RX_DESCRIPTORS 256

static struct ring_port wire;
static struct datapath *dp;
static char sock[108];
static uint16_t vm;

static int vm_ready(void)
{
	const struct port *p = &dp->ports[datapath_find_port(dp, "vm")];

	return __atomic_load_n(&p->ready, __ATOMIC_ACQUIRE) &&
	       __atomic_load_n(&p->n_enq, __ATOMIC_ACQUIRE) == 1;
}

static int vm_start(void)
{
	struct rte_eth_conf conf = {0};
	char args[256];

	snprintf(args, sizeof(args), "path=%s,queues=1,mac=" VM_MAC, sock);
	if (rte_vdev_init("net_virtio_user0", args) < 0 ||
	    rte_eth_dev_get_port_by_name("net_virtio_user0", &vm) < 0 ||
	    rte_eth_dev_configure(vm, 1, 1, &conf) < 0 ||
	    rte_eth_rx_queue_setup(vm, 0, VM_RX_DESCRIPTORS, 0, NULL, harness_pool()) < 0 ||
	    rte_eth_tx_queue_setup(vm, 0, 256, 0, NULL) < 0)
		return -1;
	return rte_eth_dev_start(vm);
}

static int setup(void **state)
{
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char text[1024], err[512];

	(void)state;
	snprintf(sock, sizeof(sock), "/tmp/sluice-test-drops-vhost-%d.sock", (int)getpid());
	if (harness_eal_init("test_drops_vhost") < 0 || harness_ring_port(&wire, "dwire", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\n"
		 "[network net]\ntype = flat\n"
		 "[port wire]\ntype = phy\ndevargs = %s\nnetwork = net\n"
		 "[port vm]\ntype = vhost\nsocket = %s\nmode = server\nnetwork = net\n",
		 wire.devargs, sock);
	if (harness_config(text, &cfg) < 0)
		return -1;
	dp = datapath_create(&cfg, NULL, err, sizeof(err));
	if (!dp) {
		fprintf(stderr, "datapath_create: %s\n", err);
		return -1;
	}
	if (vm_start() < 0)
		return -1;
	/* rte_vhost's event thread polls with a 1 s timeout: wait on state. */
	for (int i = 0; i < 200 && !vm_ready(); i++)
		rte_delay_ms(50);
	return vm_ready() ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	rte_eth_dev_stop(vm);
	rte_eth_dev_close(vm);
	rte_vdev_uninit("net_virtio_user0");
	datapath_destroy(dp);
	harness_eal_cleanup();
	unlink(sock);
	return 0;
}

static void test_vhost_queue_full(void **state)
{
	const unsigned sent = 2 * VM_RX_DESCRIPTORS;
	uint64_t delivered, dropped;
	struct rte_mbuf *got[BURST_SIZE];
	uint16_t n;

	(void)state;
	for (unsigned i = 0; i < sent; i++) {
		harness_inject(&wire, harness_frame(BCAST, WIRE_MAC, 64));
		if (i % BURST_SIZE == BURST_SIZE - 1)
			harness_poll(dp);
	}
	harness_poll(dp);
	delivered = harness_tx_packets(dp, "vm");
	dropped = harness_drops(dp, "vm", DROP_VHOST_QUEUE_FULL);
	/* The ring holds at most its descriptors; the rest had no room. */
	assert_true(delivered > 0 && delivered <= VM_RX_DESCRIPTORS);
	assert_int_equal(delivered + dropped, sent);
	assert_true(harness_drops(dp, "vm", DROP_VHOST_QUEUE_FULL) >= sent - VM_RX_DESCRIPTORS);
	assert_int_equal(harness_drops(dp, "vm", DROP_VHOST_NOT_READY), 0);

	/* The guest reads what it was given; then there is room again. */
	while ((n = rte_eth_rx_burst(vm, 0, got, BURST_SIZE)) > 0) {
		rte_pktmbuf_free_bulk(got, n);
		delivered -= n;
	}
	assert_int_equal(delivered, 0);
	harness_inject(&wire, harness_frame(BCAST, WIRE_MAC, 64));
	harness_poll(dp);
	assert_int_equal(harness_drops(dp, "vm", DROP_VHOST_QUEUE_FULL), dropped);
	assert_int_equal(rte_eth_rx_burst(vm, 0, got, BURST_SIZE), 1);
	rte_pktmbuf_free(got[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vhost_queue_full),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
