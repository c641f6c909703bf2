/* A guest's offloads over VXLAN, end to end in one process: the "VM" is
 * DPDK's virtio_user driver on sluice's vhost-user socket, negotiating TSO
 * and checksum offload both ways as a Linux guest does (HOST_TSO4, CSUM,
 * GUEST_TSO4, GUEST_CSUM). Its 4 KiB TSO send must leave the VTEP's port
 * segmented to the network MTU and wrapped, each segment as scapy builds it
 * (tests/golden/tso_golden.h); segments of one flow arriving through the
 * tunnel in one burst must reach it merged (rte_gro) and marked verified. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <rte_bus_vdev.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "../../dataplane/tunnel_encap.h"
#include "../../dataplane/vtep_arp.h"
#include "harness.h"
#include "tso_expect.h"

#define VM_MAC "52:54:00:00:00:01"	/* the golden frames' source */
#define PEER_MAC "52:54:00:00:00:02"	/* their destination, behind VTEP .2 */
#define UNKNOWN_MAC "52:54:00:00:00:99" /* nobody's: flooded */

static struct ring_port u, wire; /* wire: a phy member of ov */
static struct datapath *dp;
static char sock[108];
static uint16_t vm;
static uint32_t ip_local, ip_r2;

static int vm_ready(void)
{
	const struct port *p = &dp->ports[datapath_find_port(dp, "vm")];

	return __atomic_load_n(&p->ready, __ATOMIC_ACQUIRE) &&
	       __atomic_load_n(&p->n_enq, __ATOMIC_ACQUIRE) == 1;
}

/* The offloads a Linux guest's virtio-net asks for. */
static int vm_start(const char *mac)
{
	struct rte_eth_conf conf = {
	    .rxmode = {.offloads = RTE_ETH_RX_OFFLOAD_TCP_LRO | RTE_ETH_RX_OFFLOAD_TCP_CKSUM},
	    .txmode = {.offloads = RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_TCP_CKSUM |
				   RTE_ETH_TX_OFFLOAD_MULTI_SEGS},
	};
	char args[256];

	snprintf(args, sizeof(args), "path=%s,queues=1,mac=%s", sock, mac);
	if (rte_vdev_init("net_virtio_user0", args) < 0 ||
	    rte_eth_dev_get_port_by_name("net_virtio_user0", &vm) < 0 ||
	    rte_eth_dev_configure(vm, 1, 1, &conf) < 0 ||
	    rte_eth_rx_queue_setup(vm, 0, 256, 0, NULL, harness_pool()) < 0 ||
	    rte_eth_tx_queue_setup(vm, 0, 256, 0, NULL) < 0)
		return -1;
	return rte_eth_dev_start(vm);
}

static int setup(void **state)
{
	static const uint8_t nh[6] = {2, 0, 0, 0, 0, 0x22};
	char text[1024];

	(void)state;
	inet_pton(AF_INET, "198.18.0.1", &ip_local);
	inet_pton(AF_INET, "198.18.0.2", &ip_r2);
	snprintf(sock, sizeof(sock), "/tmp/sluice-test-guest-tunnel-%d.sock", (int)getpid());
	if (harness_eal_init("test_guest_tunnel") < 0 || harness_ring_port(&u, "gtu", 1024) < 0 ||
	    harness_ring_port(&wire, "gtw", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\n"
		 "[network ov]\ntype = vxlan\nvni = %d\nflood = 198.18.0.2\n"
		 "[port vm]\ntype = vhost\nsocket = %s\nmode = server\nnetwork = ov\n"
		 "[port u]\ntype = phy\ndevargs = %s\n"
		 "[port wire]\ntype = phy\ndevargs = %s\nnetwork = ov\n"
		 "[vtep]\naddress = 198.18.0.1/24\nport = u\ndf = no\n",
		 GOLDEN_TSO_VNI, sock, u.devargs, wire.devargs);
	dp = harness_datapath(text);
	if (!dp)
		return -1;
	if (vtep_neighbour_add(dp, ip_r2, nh) < 0 || vm_start(VM_MAC) < 0)
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

/* The guest's send as the virtio driver puts it on its tx ring: the TSO
 * request in the virtio-net header, the pseudo-header sum in the TCP
 * checksum (rte_eth_tx_prepare). */
static void guest_send(const char *name, bool ipv6)
{
	const struct golden_tso *g = tso_golden(name);
	struct rte_mbuf *m = tso_golden_mbuf(g, ipv6, 14, g->mss);

	harness_drain(&u);
	assert_int_equal(rte_eth_tx_prepare(vm, 0, &m, 1), 1);
	assert_int_equal(rte_eth_tx_burst(vm, 0, &m, 1), 1);
	harness_poll(dp);
	tso_expect_segments(&u, g, ip_local, ip_r2);
	assert_int_equal(harness_drops(dp, "vm", DROP_OFFLOAD_BAD_HEADERS), 0);
	harness_drain(&wire); /* the flood's local copy, segmented: not this test's */
}

static void test_guest_tso_into_vxlan_ipv4(void **state)
{
	(void)state;
	guest_send("vxlan_ipv4", false);
}

static void test_guest_tso_into_vxlan_ipv6(void **state)
{
	(void)state;
	guest_send("vxlan_ipv6", true);
}

/* Flat golden segment index of case "ipv4" (the guest's flow, reversed
 * direction does not matter to the switch) from PEER_MAC to dst, wrapped as
 * VTEP .2 sends it. VM_MAC was learned on the guest's port by its own sends
 * (the tests before): frames to it are unicast, the guest's alone. */
static struct rte_mbuf *from_tunnel(uint32_t index, bool corrupt, const char *dst)
{
	const struct golden_tso *g = tso_golden("ipv4");
	const uint8_t *seg = g->out;
	struct tunnel_encap_params p = {
	    .kind = TUNNEL_VXLAN, .ttl = 64, .df = true, .vni = GOLDEN_TSO_VNI};
	uint32_t hlen = tunnel_encap_len(TUNNEL_VXLAN, 0);
	struct rte_mbuf *m = rte_pktmbuf_alloc(harness_pool());
	uint8_t *d;

	for (uint32_t i = 0; i < index; i++)
		seg += g->lens[i];
	assert_non_null(m);
	d = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)(hlen + g->lens[index]));
	assert_non_null(d);
	/* From PEER_MAC (the golden frames' destination) to dst. */
	rte_ether_unformat_addr(dst, (struct rte_ether_addr *)(d + hlen));
	memcpy(d + hlen + 6, seg, 6);
	memcpy(d + hlen + 12, seg + 12, g->lens[index] - 12);
	if (corrupt)
		d[hlen + g->lens[index] - 1] ^= 0xff; /* payload: the TCP checksum fails */
	memcpy(p.src_mac, (uint8_t[]){2, 0, 0, 0, 0, 0x22}, 6);
	memcpy(p.dst_mac, dp->view->vtep.mac, 6);
	p.src_ip = ip_r2;
	p.dst_ip = ip_local;
	p.udp_src_port = 50000;
	assert_int_equal(tunnel_encap_write(&p, g->lens[index], d), (int)hlen);
	return m;
}

static uint16_t guest_receive(struct rte_mbuf **got, uint16_t max)
{
	uint16_t n = 0;

	for (int tries = 0; tries < 100 && n < max; tries++)
		n = (uint16_t)(n + rte_eth_rx_burst(vm, 0, got + n, (uint16_t)(max - n)));
	return n;
}

/* Three segments of one flow in one burst: the two with ACK alone arrive as
 * one TSO packet, the third (PSH) after it, both marked verified. */
static void test_tunnel_segments_merged_for_guest(void **state)
{
	const struct golden_tso *g = tso_golden("ipv4");
	const uint32_t hdr = 14 + 20 + 32;
	struct rte_mbuf *got[8];
	uint8_t buf[4096];

	(void)state;
	for (uint32_t i = 0; i < 3; i++)
		harness_inject(&u, from_tunnel(i, false, VM_MAC));
	harness_poll(dp);
	assert_int_equal(guest_receive(got, 8), 2);
	assert_true(got[0]->ol_flags & RTE_MBUF_F_RX_LRO);
	assert_int_equal(got[0]->tso_segsz, g->mss);
	assert_int_equal(rte_pktmbuf_pkt_len(got[0]), hdr + 2 * g->mss);
	/* The payload of both, in order. */
	assert_memory_equal(rte_pktmbuf_read(got[0], hdr, 2 * g->mss, buf), g->in + hdr,
			    2 * g->mss);
	assert_int_equal(got[1]->ol_flags & RTE_MBUF_F_RX_LRO, 0);
	assert_int_equal(got[1]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
			 RTE_MBUF_F_RX_L4_CKSUM_NONE);
	assert_int_equal(rte_pktmbuf_pkt_len(got[1]), g->lens[2]);
	rte_pktmbuf_free_bulk(got, 2);
}

/* Flooded to the guest and to a phy member alike, the frames are shared
 * mbufs: the guest gets them as they are (neither merged nor rewritten), and
 * the phy port gets exactly what the remote sent, checksums intact. */
static void test_flood_shared_untouched(void **state)
{
	const struct golden_tso *g = tso_golden("ipv4");
	struct rte_mbuf *got[8];

	(void)state;
	harness_drain(&wire);
	for (uint32_t i = 0; i < 2; i++)
		harness_inject(&u, from_tunnel(i, false, UNKNOWN_MAC));
	harness_poll(dp);
	assert_int_equal(guest_receive(got, 8), 2);
	for (int i = 0; i < 2; i++) {
		struct rte_mbuf *m = harness_take(&wire);
		uint8_t buf[2048];

		assert_non_null(m);
		assert_int_equal(rte_pktmbuf_pkt_len(m), g->lens[i]);
		/* After the MACs (swapped), the golden segment exactly. */
		assert_memory_equal(rte_pktmbuf_read(m, 12, g->lens[i] - 12, buf),
				    g->out + (i ? g->lens[0] : 0) + 12, g->lens[i] - 12);
		assert_int_equal(got[i]->ol_flags & RTE_MBUF_F_RX_LRO, 0);
		rte_pktmbuf_free(m);
	}
	rte_pktmbuf_free_bulk(got, 2);
}

/* A segment whose checksum fails is neither merged nor marked: the guest
 * checks it and drops it itself. */
static void test_bad_checksum_not_marked(void **state)
{
	struct rte_mbuf *got[8];

	(void)state;
	harness_inject(&u, from_tunnel(0, false, VM_MAC));
	harness_inject(&u, from_tunnel(1, true, VM_MAC));
	harness_poll(dp);
	assert_int_equal(guest_receive(got, 8), 2);
	assert_int_equal(got[0]->ol_flags & RTE_MBUF_F_RX_LRO, 0);
	assert_int_equal(got[0]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
			 RTE_MBUF_F_RX_L4_CKSUM_NONE);
	assert_int_equal(got[1]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
			 RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN);
	rte_pktmbuf_free_bulk(got, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_guest_tso_into_vxlan_ipv4),
	    cmocka_unit_test(test_guest_tso_into_vxlan_ipv6),
	    cmocka_unit_test(test_tunnel_segments_merged_for_guest),
	    cmocka_unit_test(test_bad_checksum_not_marked),
	    cmocka_unit_test(test_flood_shared_untouched),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
