/* Guest offloads through rte_vhost (issue 12), in one process: sluice's
 * vhost ports on one side, DPDK's virtio_user driver as the guests (it
 * offers TX TSO and checksums when the backend does), a net_ring phy port
 * without offloads as the wire. One 64 KiB TSO send from a guest reaches the
 * wire as MSS-sized segments, each correct, and a guest that negotiated
 * GUEST_TSO4 and GUEST_CSUM as the one large segment it was; a port with
 * `offloads = off` offers none of it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <linux/virtio_net.h>
#include <netinet/in.h>
#include <rte_bus_vdev.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_tcp.h>

#include "../../dataplane/offload.h"
#include "../../dataplane/stats.h"
#include "harness.h"
#include "offload_frames.h"

static struct ring_port wire;
static struct datapath *dp;
static char sock[3][108];
static uint16_t vm[3];
static const char *const vdev[3] = {"net_virtio_user0", "net_virtio_user1", "net_virtio_user2"};

static int wait_ready(const char *name)
{
	const struct port *p = &dp->ports[datapath_find_port(dp, name)];

	/* rte_vhost's event thread polls with a 1 s timeout; give it several. */
	for (int i = 0; i < 200; i++) {
		if (__atomic_load_n(&p->ready, __ATOMIC_ACQUIRE) &&
		    __atomic_load_n(&p->n_enq, __ATOMIC_ACQUIRE) == 1)
			return 0;
		rte_delay_ms(50);
	}
	return -1;
}

/* A virtio_user guest asking for every offload the backend offers. */
static int vm_start(int i)
{
	struct rte_eth_conf conf = {0};
	struct rte_eth_dev_info info;
	char args[512];

	snprintf(args, sizeof(args), "path=%s,queues=1,mrg_rxbuf=1", sock[i]);
	if (rte_vdev_init(vdev[i], args) < 0 || rte_eth_dev_get_port_by_name(vdev[i], &vm[i]) < 0)
		return -1;
	rte_eth_dev_info_get(vm[i], &info);
	conf.rxmode.mtu = 9000;
	conf.rxmode.offloads =
	    info.rx_offload_capa & (RTE_ETH_RX_OFFLOAD_SCATTER | RTE_ETH_RX_OFFLOAD_TCP_LRO |
				    RTE_ETH_RX_OFFLOAD_TCP_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM);
	conf.txmode.offloads =
	    info.tx_offload_capa & (RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_TCP_TSO |
				    RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM);
	if (rte_eth_dev_configure(vm[i], 1, 1, &conf) < 0 ||
	    rte_eth_rx_queue_setup(vm[i], 0, 256, 0, NULL, harness_pool()) < 0 ||
	    rte_eth_tx_queue_setup(vm[i], 0, 256, 0, NULL) < 0)
		return -1;
	return rte_eth_dev_start(vm[i]);
}

static int setup(void **state)
{
	char text[2048];

	(void)state;
	for (int i = 0; i < 3; i++)
		snprintf(sock[i], sizeof(sock[i]), "/tmp/sluice-test-offload-%d-%d.sock",
			 (int)getpid(), i);
	if (harness_eal_init("test_offload_vhost") < 0 ||
	    harness_ring_port(&wire, "wire", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\n"
		 "[network net]\ntype = flat\n"
		 "[port wire]\ntype = phy\ndevargs = %s\nnetwork = net\n"
		 "[port vm0]\ntype = vhost\nsocket = %s\nmode = server\nnetwork = net\n"
		 "[port vm1]\ntype = vhost\nsocket = %s\nmode = server\nnetwork = net\n"
		 "[port vm2]\ntype = vhost\nsocket = %s\nmode = server\nnetwork = net\n"
		 "offloads = off\n",
		 wire.devargs, sock[0], sock[1], sock[2]);
	dp = harness_datapath(text);
	if (!dp)
		return -1;
	for (int i = 0; i < 3; i++) {
		char name[8];

		snprintf(name, sizeof(name), "vm%d", i);
		if (vm_start(i) < 0 || wait_ready(name) < 0)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < 3; i++) {
		rte_eth_dev_stop(vm[i]);
		rte_eth_dev_close(vm[i]);
		rte_vdev_uninit(vdev[i]);
	}
	datapath_destroy(dp);
	harness_eal_cleanup();
	return 0;
}

static void test_negotiated(void **state)
{
	const uint64_t tso = (1ULL << VIRTIO_NET_F_HOST_TSO4) | (1ULL << VIRTIO_NET_F_CSUM) |
			     (1ULL << VIRTIO_NET_F_GUEST_TSO4) | (1ULL << VIRTIO_NET_F_GUEST_CSUM);
	struct rte_eth_dev_info info;

	(void)state;
	assert_int_equal(dp->ports[datapath_find_port(dp, "vm0")].features & tso, tso);
	assert_int_equal(dp->ports[datapath_find_port(dp, "vm2")].features & tso, 0);
	/* What the guest's driver then offers its stack. */
	rte_eth_dev_info_get(vm[0], &info);
	assert_true(info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_TCP_TSO);
	rte_eth_dev_info_get(vm[2], &info);
	assert_false(info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_TCP_TSO);
}

/* The send floods (its destination is unknown): to the wire, to vm1, and
 * to vm2 (offloads off): segments on the wire and at vm2, one at vm1. */
static void test_64k_tso_send(void **state)
{
	uint8_t flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG;
	uint32_t len = offload_frames_build(false, IPPROTO_TCP, PAYLOAD_64K, flags);
	struct rte_mbuf *m = offload_frames_mbuf(len);
	struct rte_mbuf *segs[OFFLOAD_MAX_SEGMENTS], *got[OFFLOAD_MAX_SEGMENTS];
	uint16_t n_vm1 = 0, n_vm2 = 0;
	int n = 0;

	(void)state;
	m->ol_flags = RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_TCP_CKSUM | RTE_MBUF_F_TX_IPV4 |
		      RTE_MBUF_F_TX_IP_CKSUM;
	m->l2_len = 14;
	m->l3_len = 20;
	m->l4_len = 20;
	m->tso_segsz = MSS;
	assert_int_equal(rte_eth_tx_prepare(vm[0], 0, &m, 1), 1);
	assert_int_equal(rte_eth_tx_burst(vm[0], 0, &m, 1), 1);

	for (int i = 0; i < 200 && (n < 45 || n_vm1 < 1 || n_vm2 < 45); i++) {
		harness_poll(dp);
		while (n < OFFLOAD_MAX_SEGMENTS && (segs[n] = harness_take(&wire)) != NULL)
			n++;
		n_vm1 += rte_eth_rx_burst(vm[1], 0, got + n_vm1, 1);
		n_vm2 += rte_eth_rx_burst(vm[2], 0, got + 1 + n_vm2,
					  (uint16_t)(OFFLOAD_MAX_SEGMENTS - 1 - n_vm2));
		rte_delay_ms(10);
	}
	offload_frames_check(segs, n, false, PAYLOAD_64K, MSS, flags);
	offload_frames_check(got + 1, n_vm2, false, PAYLOAD_64K, MSS, flags);

	/* vm1: the one segment, its bytes as sent, marked as the large
	 * segment it is (gso_size in the virtio-net header). */
	assert_int_equal(n_vm1, 1);
	assert_int_equal(rte_pktmbuf_pkt_len(got[0]), len);
	assert_true(got[0]->ol_flags & RTE_MBUF_F_RX_LRO);
	assert_int_equal(got[0]->tso_segsz, MSS);
	for (uint32_t off = 54; off < len; off += 997) {
		uint8_t b;

		assert_int_equal(*(const uint8_t *)rte_pktmbuf_read(got[0], off, 1, &b),
				 offload_frames_payload_byte(off - 54));
	}
	rte_pktmbuf_free(got[0]);
	assert_int_equal(harness_tx_packets(dp, "wire"), 45);
}

/* A guest that does not drain its ring: the burst that fills it is offered
 * again (vhost-tx-retries) and what is left counts as the guest's drops. */
static void test_full_ring_retries(void **state)
{
	struct port_counters pc;
	struct rte_mbuf *m[32];
	uint16_t got = 0, n;
	int vm1 = datapath_find_port(dp, "vm1");

	(void)state;
	/* 20 first, so the ring's free slots are no multiple of a burst. */
	for (int i = 0; i < 20 + 300; i++) {
		harness_inject(&wire, harness_frame("02:00:00:00:00:77", "02:00:00:00:00:66", 60));
		if (i == 19)
			harness_poll(dp);
	}
	for (int i = 0; i < 20; i++)
		harness_poll(dp);
	while ((n = rte_eth_rx_burst(vm[1], 0, m, 32)) > 0) {
		got = (uint16_t)(got + n);
		rte_pktmbuf_free_bulk(m, n);
	}
	stats_port(dp, (uint16_t)vm1, &pc);
	assert_true(got > 0 && got < 320);
	assert_int_equal(harness_drops(dp, "vm1", DROP_VHOST_QUEUE_FULL), 320 - got);
	assert_true(pc.vhost_tx_retries >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_negotiated),
	    cmocka_unit_test(test_64k_tso_send),
	    cmocka_unit_test(test_full_ring_retries),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
