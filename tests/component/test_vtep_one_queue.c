/* A VTEP on a device with ONE tx queue (net_af_packet's default): with one
 * PMD it resolves its next hop by ARP and tunnels traffic, because what the
 * control thread sends (the ARP request, the packet held meanwhile) leaves
 * through the PMD's own queue (dataplane/ctl_tx.h). Before, the VTEP's port
 * needed a second tx queue for the control thread and this device was
 * refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <rte_eth_ring.h>

#include "../../dataplane/arp.h"
#include "../../dataplane/vtep_arp.h"
#include "../../dataplane/wire.h"
#include "harness.h"
#include "harness_arp.h"

#define MAC_L "02:00:00:00:00:01" /* a VM behind vm0 */
#define MAC_R "02:00:00:00:00:02" /* a VM behind the remote VTEP */

static struct ring_port vm0, u;
static struct datapath *dp;
static uint32_t ip_local, ip_r2;

/* net_ring_NAME with one rx and ONE tx queue. */
static int one_queue_port(struct ring_port *rp, const char *name)
{
	char ring_name[RTE_RING_NAMESIZE];
	struct rte_ring *rxq[1], *txq[1];

	snprintf(ring_name, sizeof(ring_name), "%s_rx", name);
	rp->rx = rte_ring_create(ring_name, 1024, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
	snprintf(ring_name, sizeof(ring_name), "%s_tx", name);
	rp->tx = rte_ring_create(ring_name, 1024, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (!rp->rx || !rp->tx)
		return -1;
	snprintf(rp->devargs, sizeof(rp->devargs), "net_ring_%s", name);
	rxq[0] = rp->rx;
	txq[0] = rp->tx;
	return rte_eth_from_rings(name, rxq, 1, txq, 1, 0) < 0 ? -1 : 0;
}

static int setup(void **state)
{
	char text[2048];

	(void)state;
	inet_pton(AF_INET, "198.18.0.1", &ip_local);
	inet_pton(AF_INET, "198.18.0.2", &ip_r2);
	if (harness_eal_init("test_vtep_one_queue") < 0 ||
	    harness_ring_port(&vm0, "vm0", 1024) < 0 || one_queue_port(&u, "u1q") < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nmain-core = 0\nworker-cores = 1\n"
		 "[network ov]\ntype = vxlan\nvni = 100\nflood = 198.18.0.2\n"
		 "[port vm0]\ntype = phy\ndevargs = %s\nnetwork = ov\n"
		 "[port u]\ntype = phy\ndevargs = %s\n"
		 "[vtep]\naddress = 198.18.0.1/15\nport = u\n",
		 vm0.devargs, u.devargs);
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

/* A VXLAN packet (UDP 4789) to 198.18.0.2 from u's tx ring: how many. */
static unsigned take_vxlan(void)
{
	struct rte_mbuf *m;
	unsigned n = 0;

	while ((m = harness_take(&u)) != NULL) {
		const uint8_t *f = rte_pktmbuf_mtod(m, const uint8_t *);
		uint32_t dst;

		memcpy(&dst, f + 14 + 16, 4);
		if (rte_pktmbuf_data_len(m) >= 14 + 20 + 8 && f[12] == 0x08 && f[13] == 0x00 &&
		    f[14 + 9] == 17 && f[14 + 20 + 2] == 0x12 && f[14 + 20 + 3] == 0xb5 &&
		    dst == ip_r2)
			n++;
		rte_pktmbuf_free(m);
	}
	return n;
}

static void test_arp_resolves_and_traffic_tunnels(void **state)
{
	static const uint8_t mac_r2[6] = {2, 0, 0, 0, 0, 0x22};
	struct rte_mbuf *req, *reply;
	struct arp_info arp;
	uint8_t *out;

	(void)state;
	assert_int_equal(dp->ports[datapath_find_port(dp, "u")].n_txq, 1);
	/* A frame to an unknown MAC floods to 198.18.0.2: its MAC is not known
	 * yet, so the packet waits and the control thread asks by ARP. */
	harness_inject(&vm0, harness_frame(MAC_R, MAC_L, 100));
	harness_poll(dp);
	harness_poll(dp);
	req = harness_take_arp(&u, WIRE_ARP_OP_REQUEST, &arp);
	assert_non_null(req);
	assert_int_equal(arp.target_ip, ip_r2);
	assert_int_equal(arp.sender_ip, ip_local);
	rte_pktmbuf_free(req);
	/* The answer: the waiting packet leaves, tunnelled. */
	reply = rte_pktmbuf_alloc(harness_pool());
	assert_non_null(reply);
	out = (uint8_t *)rte_pktmbuf_append(reply, ARP_FRAME_LEN);
	assert_non_null(out);
	{
		struct arp_info q = {.op = WIRE_ARP_OP_REQUEST, .sender_ip = ip_local};

		memcpy(q.sender_mac, dp->view->vtep.mac, 6);
		assert_int_equal(arp_reply_write(&q, mac_r2, ip_r2, out, ARP_FRAME_LEN),
				 ARP_FRAME_LEN);
	}
	harness_inject(&u, reply);
	harness_poll(dp);
	harness_poll(dp);
	assert_int_equal(take_vxlan(), 1);
	assert_int_equal(dp->vtep_ctl->stats.resolved_sent, 1);
	/* Resolved: the next frames leave at once, from the PMD. */
	for (int i = 0; i < 3; i++)
		harness_inject(&vm0, harness_frame(MAC_R, MAC_L, 100));
	harness_poll(dp);
	assert_int_equal(take_vxlan(), 3);
	assert_int_equal(harness_drops(dp, "u", DROP_TX_QUEUE_FULL), 0);
	assert_int_equal(harness_drops(dp, "u", DROP_PORT_DOWN), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_arp_resolves_and_traffic_tunnels),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
