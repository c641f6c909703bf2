#include "harness.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_eth_ring.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#include "../../dataplane/ctl_tx.h"
#include "../../dataplane/stats.h"

static struct rte_mempool *pool;
static char runtime_prefix[64];

int harness_eal_init(const char *name)
{
	return harness_eal_init_lcores(name, "0@0,1@1");
}

int harness_eal_init_lcores(const char *name, const char *lcores)
{
	char prefix[64], lcore_arg[128], *argv[16];
	int argc = 0;

	snprintf(prefix, sizeof(prefix), "--file-prefix=%s_%d", name, (int)getpid());
	snprintf(runtime_prefix, sizeof(runtime_prefix), "%s_%d", name, (int)getpid());
	argv[argc++] = (char *)name;
	snprintf(lcore_arg, sizeof(lcore_arg), "--lcores=%s", lcores);
	argv[argc++] = lcore_arg;
	argv[argc++] = (char *)"--no-huge";
	argv[argc++] = (char *)"-m";
	argv[argc++] = (char *)"512";
	argv[argc++] = (char *)"--no-pci";
	argv[argc++] = (char *)"--no-shconf";
	argv[argc++] = prefix;
	argv[argc++] = (char *)"--log-level=*:warning";
	argv[argc] = NULL;
	if (rte_eal_init(argc, argv) < 0)
		return -1;
	pool = rte_pktmbuf_pool_create("test_pool", 8192, 64, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	return pool ? 0 : -1;
}

void harness_eal_cleanup(void)
{
	char cmd[160];

	rte_eal_cleanup();
	snprintf(cmd, sizeof(cmd), "rm -rf /var/run/dpdk/%s", runtime_prefix);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove /var/run/dpdk/%s\n", runtime_prefix);
}

struct rte_mempool *harness_pool(void)
{
	return pool;
}

int harness_ring_port(struct ring_port *rp, const char *name, unsigned tx_size)
{
	char ring_name[RTE_RING_NAMESIZE];

	snprintf(ring_name, sizeof(ring_name), "%s_rx", name);
	rp->rx = rte_ring_create(ring_name, 1024, 0, RING_F_SP_ENQ | RING_F_SC_DEQ);
	snprintf(ring_name, sizeof(ring_name), "%s_tx", name);
	/* Both tx queues (one per PMD) feed this ring: multi-producer. */
	rp->tx = rte_ring_create(ring_name, tx_size, 0, RING_F_SC_DEQ);
	if (!rp->rx || !rp->tx)
		return -1;
	snprintf(rp->devargs, sizeof(rp->devargs), "net_ring_%s", name);
	/* Each of the 2 tx queues (one per worker) goes to the same ring. */
	{
		struct rte_ring *rxq[1] = {rp->rx};
		struct rte_ring *txq[2] = {rp->tx, rp->tx};

		return rte_eth_from_rings(name, rxq, 1, txq, 2, 0) < 0 ? -1 : 0;
	}
}

int harness_config(const char *text, struct sluice_config *cfg)
{
	struct config_host host = {0};
	char err[1024];

	for (int i = 0; i < 64; i++)
		host.cpu_online[i] = true;
	if (config_load_string("test.ini", text, &host, cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "config: %s\n", err);
		return -1;
	}
	return 0;
}

struct datapath *harness_datapath(const char *text)
{
	static struct sluice_config cfg; /* large: not on the stack */
	struct datapath *dp;
	char err[512];

	if (harness_config(text, &cfg) < 0)
		return NULL;
	dp = datapath_create(&cfg, NULL, err, sizeof(err));
	if (!dp)
		fprintf(stderr, "datapath_create: %s\n", err);
	return dp;
}

struct rte_mbuf *harness_frame(const char *dst, const char *src, uint16_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);
	struct rte_ether_hdr *eth;
	char *data;

	if (!m)
		return NULL;
	data = rte_pktmbuf_append(m, len);
	if (!data) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	memset(data, 0xab, len);
	if (len >= sizeof(*eth)) {
		eth = (struct rte_ether_hdr *)data;
		rte_ether_unformat_addr(dst, &eth->dst_addr);
		rte_ether_unformat_addr(src, &eth->src_addr);
		eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	}
	return m;
}

void harness_inject(struct ring_port *rp, struct rte_mbuf *m)
{
	if (rte_ring_enqueue(rp->rx, m) < 0)
		rte_pktmbuf_free(m);
}

unsigned harness_drain(struct ring_port *rp)
{
	void *m;
	unsigned n = 0;

	while (rte_ring_dequeue(rp->tx, &m) == 0) {
		rte_pktmbuf_free(m);
		n++;
	}
	return n;
}

struct rte_mbuf *harness_take(struct ring_port *rp)
{
	void *m;

	return rte_ring_dequeue(rp->tx, &m) == 0 ? m : NULL;
}

void harness_poll(struct datapath *dp)
{
	pmd_poll_once(dp->pmds[0]);
	datapath_tick(dp);
	/* What the control thread sent (ARP) leaves now, as PMD 0's next poll
	 * would send it. */
	ctl_tx_drain(dp->pmds[0]);
}

static int port_index(struct datapath *dp, const char *port)
{
	int i = datapath_find_port(dp, port);

	if (i < 0) {
		fprintf(stderr, "no port %s\n", port);
		abort();
	}
	return i;
}

uint64_t harness_drops(struct datapath *dp, const char *port, enum drop_reason reason)
{
	struct port_counters pc;

	stats_port(dp, (uint16_t)port_index(dp, port), &pc);
	return pc.drops[reason];
}

uint64_t harness_rx_packets(struct datapath *dp, const char *port)
{
	struct port_counters pc;
	struct queue_counters rx, tx;
	uint64_t drops;

	stats_port(dp, (uint16_t)port_index(dp, port), &pc);
	stats_port_totals(&pc, &rx, &tx, &drops);
	return rx.packets;
}

uint64_t harness_tx_packets(struct datapath *dp, const char *port)
{
	struct port_counters pc;
	struct queue_counters rx, tx;
	uint64_t drops;

	stats_port(dp, (uint16_t)port_index(dp, port), &pc);
	stats_port_totals(&pc, &rx, &tx, &drops);
	return tx.packets;
}

int harness_fdb_port(struct datapath *dp, const char *network, const char *mac)
{
	struct rte_ether_addr addr;
	struct fdb_key key;
	const struct fdb_entry *e;
	int net = config_find_network(&dp->desired.cfg, network);

	if (net < 0 || rte_ether_unformat_addr(mac, &addr) < 0)
		return -2;
	fdb_key_set(&key, addr.addr_bytes, (uint16_t)net);
	e = fdb_find(&dp->fdb, &key);
	return e ? e->port : -1;
}
