/* The whole vhost-user path in one process: sluice's rte_vhost ports on one
 * side, DPDK's virtio_user driver as the "VM" on the other, a ring-backed
 * phy port as the wire. Server mode, client mode with reconnect, a guest that
 * comes back with more queues, 9000-byte frames as mergeable chains, and the
 * anti-spoofing check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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
#define VMC_MAC "52:54:00:00:00:02"
#define WIRE_MAC "02:00:00:00:00:99"
#define BCAST "ff:ff:ff:ff:ff:ff"

static struct ring_port wire;
static struct datapath *dp;
static char server_sock[108], client_sock[108];

static int port_ready(const char *name, unsigned queues)
{
	const struct port *p = &dp->ports[datapath_find_port(dp, name)];

	return __atomic_load_n(&p->ready, __ATOMIC_ACQUIRE) &&
	       __atomic_load_n(&p->n_enq, __ATOMIC_ACQUIRE) == queues;
}

/* Both directions of all queues up: rte_vhost enables the guest's rx vring
 * (our enqueue side, n_enq) and its tx vring (our dequeue side,
 * deq_enabled) of a pair in separate vring_state_changed calls, so n_enq
 * can reach queues while the last tx vring is still off. */
static int port_up(const char *name, unsigned queues)
{
	const struct port *p = &dp->ports[datapath_find_port(dp, name)];
	unsigned deq = 0;

	for (unsigned q = 0; q < queues; q++)
		deq += __atomic_load_n(&p->deq_enabled[q], __ATOMIC_ACQUIRE) != 0;
	return port_ready(name, queues) && deq == queues;
}

static int wait_state(const char *name, unsigned queues, bool up)
{
	/* rte_vhost's event thread polls with a 1 s timeout; give it several. */
	for (int i = 0; i < 200; i++) {
		if (up ? port_up(name, queues) : !port_ready(name, queues))
			return 0;
		rte_delay_ms(50);
	}
	return -1;
}

/* A virtio_user "VM": probe it, give it queues, start it. */
static int vm_start(const char *vdev, const char *args, uint16_t queues, uint16_t *port_id)
{
	struct rte_eth_conf conf = {0};
	struct rte_eth_dev_info info;

	if (rte_vdev_init(vdev, args) < 0 || rte_eth_dev_get_port_by_name(vdev, port_id) < 0)
		return -1;
	rte_eth_dev_info_get(*port_id, &info);
	conf.rxmode.mtu = 9000;
	conf.rxmode.offloads = info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER;
	conf.txmode.offloads = info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	if (rte_eth_dev_configure(*port_id, queues, queues, &conf) < 0)
		return -1;
	for (uint16_t q = 0; q < queues; q++)
		if (rte_eth_rx_queue_setup(*port_id, q, 256, 0, NULL, harness_pool()) < 0 ||
		    rte_eth_tx_queue_setup(*port_id, q, 256, 0, NULL) < 0)
			return -1;
	return rte_eth_dev_start(*port_id);
}

static void vm_stop(const char *vdev, uint16_t port_id)
{
	rte_eth_dev_stop(port_id);
	rte_eth_dev_close(port_id);
	rte_vdev_uninit(vdev);
}

static uint16_t vm_send(uint16_t port_id, struct rte_mbuf *m)
{
	uint16_t n = rte_eth_tx_burst(port_id, 0, &m, 1);

	if (n == 0)
		rte_pktmbuf_free(m);
	return n;
}

/* Receive from the VM, polling the datapath meanwhile; returns the first
 * frame or NULL after a while. */
static struct rte_mbuf *vm_receive(uint16_t port_id)
{
	struct rte_mbuf *m;

	for (int i = 0; i < 100; i++) {
		harness_poll(dp);
		if (rte_eth_rx_burst(port_id, 0, &m, 1) == 1)
			return m;
		rte_delay_ms(10);
	}
	return NULL;
}

/* Poll until the wire's tx ring holds a frame. */
static struct rte_mbuf *wire_receive(void)
{
	struct rte_mbuf *m;

	for (int i = 0; i < 100; i++) {
		harness_poll(dp);
		m = harness_take(&wire);
		if (m)
			return m;
		rte_delay_ms(10);
	}
	return NULL;
}

static int setup(void **state)
{
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char text[2048], err[512];

	(void)state;
	snprintf(server_sock, sizeof(server_sock), "/tmp/sluice-test-vhost-%d-s.sock",
		 (int)getpid());
	snprintf(client_sock, sizeof(client_sock), "/tmp/sluice-test-vhost-%d-c.sock",
		 (int)getpid());
	if (harness_eal_init("test_vhost") < 0 || harness_ring_port(&wire, "wire", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\n"
		 "[network net]\ntype = flat\n"
		 "[port wire]\ntype = phy\ndevargs = %s\nnetwork = net\n"
		 "[port vm]\ntype = vhost\nsocket = %s\nmode = server\nnetwork = net\n"
		 "mac = " VM_MAC "\n"
		 /* Its frames carry no real IP header: the MAC check alone. */
		 "port-security = off\n"
		 "[port vmc]\ntype = vhost\nsocket = %s\nmode = client\nnetwork = net\n",
		 wire.devargs, server_sock, client_sock);
	if (harness_config(text, &cfg) < 0)
		return -1;
	dp = datapath_create(&cfg, NULL, err, sizeof(err));
	if (!dp) {
		fprintf(stderr, "datapath_create: %s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	datapath_destroy(dp);
	harness_eal_cleanup();
	unlink(client_sock);
	return 0;
}

/* Does PMD 0 poll a queue of port name (rxq_live.h)? */
static bool pmd_polls(const char *name)
{
	int port = datapath_find_port(dp, name);
	const struct rxq_live *live = &dp->pmds[0]->live;

	for (uint32_t i = 0; i < live->n; i++)
		if (live->ref[i].port == port)
			return true;
	return false;
}

/* A vhost port without a guest costs the PMD nothing: its queues leave the
 * poll list until a guest enables them, and leave again when it goes. */
static void test_pmd_polls_only_connected_guests(void **state)
{
	char args[256];
	uint16_t vm;

	(void)state;
	harness_poll(dp);
	assert_true(pmd_polls("wire"));
	assert_false(pmd_polls("vm")); /* its guest left in the test before */

	snprintf(args, sizeof(args), "path=%s,queues=1,mac=" VM_MAC, server_sock);
	assert_int_equal(vm_start("net_virtio_user0", args, 1, &vm), 0);
	assert_int_equal(wait_state("vm", 1, true), 0);
	harness_poll(dp);
	assert_true(pmd_polls("vm"));
	assert_true(pmd_polls("wire"));

	vm_stop("net_virtio_user0", vm);
	assert_int_equal(wait_state("vm", 1, false), 0);
	harness_poll(dp);
	assert_false(pmd_polls("vm"));
	assert_true(pmd_polls("wire"));
}

static void test_server_mode_forwards_both_ways(void **state)
{
	char args[256];
	uint16_t vm;
	struct rte_mbuf *m;

	(void)state;
	snprintf(args, sizeof(args), "path=%s,queues=1,mac=" VM_MAC, server_sock);
	assert_int_equal(vm_start("net_virtio_user0", args, 1, &vm), 0);
	assert_int_equal(wait_state("vm", 1, true), 0);

	/* VM to wire. */
	assert_int_equal(vm_send(vm, harness_frame(WIRE_MAC, VM_MAC, 100)), 1);
	m = wire_receive();
	assert_non_null(m);
	assert_int_equal(rte_pktmbuf_pkt_len(m), 100);
	rte_pktmbuf_free(m);
	/* Wire to VM: the VM's MAC was learned, so this is unicast to it. */
	harness_inject(&wire, harness_frame(VM_MAC, WIRE_MAC, 80));
	m = vm_receive(vm);
	assert_non_null(m);
	assert_int_equal(rte_pktmbuf_pkt_len(m), 80);
	rte_pktmbuf_free(m);
	assert_int_equal(harness_fdb_port(dp, "net", VM_MAC), datapath_find_port(dp, "vm"));
	/* The VM stays attached for the next tests. */
	*state = NULL;
}

static void test_spoofed_source_is_dropped(void **state)
{
	uint16_t vm;

	(void)state;
	assert_int_equal(rte_eth_dev_get_port_by_name("net_virtio_user0", &vm), 0);
	harness_drain(&wire);
	assert_int_equal(vm_send(vm, harness_frame(WIRE_MAC, "52:54:00:66:66:66", 100)), 1);
	for (int i = 0; i < 50 && harness_drops(dp, "vm", DROP_SPOOFED_SOURCE) == 0; i++) {
		harness_poll(dp);
		rte_delay_ms(10);
	}
	assert_int_equal(harness_drops(dp, "vm", DROP_SPOOFED_SOURCE), 1);
	assert_int_equal(harness_drain(&wire), 0);
	assert_int_equal(harness_fdb_port(dp, "net", "52:54:00:66:66:66"), -1);
}

/* A chain of segments holding len bytes, with a pattern to check. */
static struct rte_mbuf *jumbo_frame(const char *dst, const char *src, uint32_t len)
{
	struct rte_mbuf *head = harness_frame(dst, src, 1500);
	uint32_t left = len - 1500;

	while (left > 0) {
		uint16_t chunk = left > 1500 ? 1500 : (uint16_t)left;
		struct rte_mbuf *seg = rte_pktmbuf_alloc(harness_pool());
		char *d = rte_pktmbuf_append(seg, chunk);

		memset(d, 0x5a, chunk);
		assert_int_equal(rte_pktmbuf_chain(head, seg), 0);
		left -= chunk;
	}
	return head;
}

static void test_jumbo_frames_pass_as_chains(void **state)
{
	uint16_t vm;
	struct rte_mbuf *m;
	uint8_t tail;

	(void)state;
	assert_int_equal(rte_eth_dev_get_port_by_name("net_virtio_user0", &vm), 0);
	/* Wire to VM: sluice copies a 5-segment chain into mergeable buffers. */
	harness_inject(&wire, jumbo_frame(VM_MAC, WIRE_MAC, 9000));
	m = vm_receive(vm);
	assert_non_null(m);
	assert_int_equal(rte_pktmbuf_pkt_len(m), 9000);
	assert_true(m->nb_segs > 1);
	assert_non_null(rte_pktmbuf_read(m, 8999, 1, &tail));
	assert_int_equal(*(const uint8_t *)rte_pktmbuf_read(m, 8999, 1, &tail), 0x5a);
	rte_pktmbuf_free(m);
	/* VM to wire: the dequeue builds a chain from sluice's 2 KB mbufs. */
	assert_int_equal(vm_send(vm, jumbo_frame(WIRE_MAC, VM_MAC, 9000)), 1);
	m = wire_receive();
	assert_non_null(m);
	assert_int_equal(rte_pktmbuf_pkt_len(m), 9000);
	assert_true(m->nb_segs > 1);
	assert_int_equal(*(const uint8_t *)rte_pktmbuf_read(m, 8999, 1, &tail), 0x5a);
	rte_pktmbuf_free(m);
}

static void test_client_mode_connects_and_reconnects(void **state)
{
	char args[256];
	uint16_t vm;
	struct rte_mbuf *m;
	int vmc = datapath_find_port(dp, "vmc");
	uint64_t drops;

	(void)state;
	/* The "VM" listens (QEMU's role); sluice's client connects to it. */
	snprintf(args, sizeof(args), "path=%s,server=1,queues=1,mac=" VMC_MAC, client_sock);
	assert_int_equal(vm_start("net_virtio_user1", args, 1, &vm), 0);
	assert_int_equal(wait_state("vmc", 1, true), 0);
	assert_int_equal(dp->ports[vmc].connects, 1);
	harness_inject(&wire, harness_frame(BCAST, WIRE_MAC, 64));
	m = vm_receive(vm);
	assert_non_null(m);
	rte_pktmbuf_free(m);

	/* The VM goes away: the port goes down, frames to it are counted. */
	vm_stop("net_virtio_user1", vm);
	assert_int_equal(wait_state("vmc", 1, false), 0);
	assert_int_equal(dp->ports[vmc].disconnects, 1);
	drops = harness_drops(dp, "vmc", DROP_VHOST_NOT_READY);
	harness_inject(&wire, harness_frame(BCAST, WIRE_MAC, 64));
	harness_poll(dp);
	assert_int_equal(harness_drops(dp, "vmc", DROP_VHOST_NOT_READY), drops + 1);

	/* It comes back with two queue pairs: sluice reconnects by itself and
	 * uses both. */
	snprintf(args, sizeof(args), "path=%s,server=1,queues=2,mac=" VMC_MAC, client_sock);
	assert_int_equal(vm_start("net_virtio_user1", args, 2, &vm), 0);
	assert_int_equal(wait_state("vmc", 2, true), 0);
	assert_int_equal(dp->ports[vmc].connects, 2);
	assert_true(dp->ports[vmc].deq_enabled[1]);
	harness_inject(&wire, harness_frame(BCAST, WIRE_MAC, 64));
	m = vm_receive(vm);
	assert_non_null(m);
	rte_pktmbuf_free(m);
	/* Traffic from the VM's second queue is polled too. */
	harness_drain(&wire);
	{
		struct rte_mbuf *out = harness_frame(WIRE_MAC, VMC_MAC, 70);

		assert_int_equal(rte_eth_tx_burst(vm, 1, &out, 1), 1);
	}
	m = wire_receive();
	assert_non_null(m);
	assert_int_equal(rte_pktmbuf_pkt_len(m), 70);
	rte_pktmbuf_free(m);
	vm_stop("net_virtio_user1", vm);
	assert_int_equal(wait_state("vmc", 2, false), 0);
}

static void test_other_ports_do_not_notice(void **state)
{
	uint16_t vm;
	struct rte_mbuf *m;

	(void)state;
	/* After vmc's disconnects, vm still forwards. */
	assert_int_equal(rte_eth_dev_get_port_by_name("net_virtio_user0", &vm), 0);
	assert_int_equal(dp->ports[datapath_find_port(dp, "vm")].disconnects, 0);
	harness_drain(&wire);
	assert_int_equal(vm_send(vm, harness_frame(WIRE_MAC, VM_MAC, 100)), 1);
	m = wire_receive();
	assert_non_null(m);
	rte_pktmbuf_free(m);
	vm_stop("net_virtio_user0", vm);
	assert_int_equal(wait_state("vm", 1, false), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_server_mode_forwards_both_ways),
	    cmocka_unit_test(test_spoofed_source_is_dropped),
	    cmocka_unit_test(test_jumbo_frames_pass_as_chains),
	    cmocka_unit_test(test_client_mode_connects_and_reconnects),
	    cmocka_unit_test(test_other_ports_do_not_notice),
	    /* Last: it connects and disconnects vm once more. */
	    cmocka_unit_test(test_pmd_polls_only_connected_guests),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
