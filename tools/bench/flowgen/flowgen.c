/* flowgen: a traffic generator for switch benchmarks. Many flows (MAC pairs,
 * VNIs, VLANs, remote VTEPs) between DPDK ports 0 (the wire) and 1 (the
 * VM), either as a PVP loop (what comes back goes out again as the next
 * flow) or sent at a rate; prints Mpps sent and received. One lcore: the
 * main one. Usage: flowgen --help (flowgen_args.c). Not a test. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "flow_template.h"
#include "flowgen_args.h"

#define BURST 32
#define DESCRIPTORS 1024
#define MAX_PORTS 2

struct port_state {
	uint16_t id;
	uint16_t n_rxq;
	enum flow_side side;
	const struct flow_template *templates;
	uint32_t n_templates;
	uint32_t next; /* the next flow this port sends */
	uint64_t tx, rx, tx_failed;
	double tokens; /* tx mode with a rate */
};

static struct flowgen_config cfg;
static struct port_state ports[MAX_PORTS];
static uint16_t n_ports;

static void __attribute__((format(printf, 1, 2), noreturn)) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "flowgen: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Turns m (new or just received) into port p's next packet. */
static int packet_make(struct rte_mbuf *m, struct port_state *p)
{
	uint32_t k = p->next;
	const struct flow_template *t = &p->templates[flow_template_index(k, p->n_templates)];
	uint8_t src[6], dst[6];

	p->next = k + 1 == cfg.pairs ? 0 : k + 1;
	if (m->nb_segs > 1 ||
	    rte_pktmbuf_data_room_size(m->pool) < RTE_PKTMBUF_HEADROOM + t->wire_len)
		return -1;
	rte_pktmbuf_reset(m);
	m->data_len = t->wire_len;
	m->pkt_len = t->wire_len;
	flow_mac(p->side, k, src);
	flow_mac(p->side == FLOW_SIDE_WIRE ? FLOW_SIDE_VM : FLOW_SIDE_WIRE, k, dst);
	flow_template_stamp(t, src, dst, rte_pktmbuf_mtod(m, uint8_t *));
	return 0;
}

/* Sends n packets already made for p; frees what the device refuses. */
static void port_send(struct port_state *p, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t sent = rte_eth_tx_burst(p->id, 0, pkts, n);

	p->tx += sent;
	p->tx_failed += n - sent;
	if (sent < n)
		rte_pktmbuf_free_bulk(pkts + sent, n - sent);
}

/* Makes and sends up to n new packets on p. */
static void port_send_new(struct port_state *p, struct rte_mempool *pool, uint16_t n)
{
	struct rte_mbuf *pkts[BURST];

	if (n > BURST)
		n = BURST;
	if (rte_pktmbuf_alloc_bulk(pool, pkts, n) != 0)
		return;
	for (uint16_t i = 0; i < n; i++)
		packet_make(pkts[i], p);
	port_send(p, pkts, n);
}

/* Receives one burst on p; in loop mode sends it out of the next port. */
static void port_poll(struct port_state *p, struct rte_mempool *pool)
{
	struct rte_mbuf *pkts[BURST];
	struct port_state *out = &ports[(p - ports + 1) % n_ports];
	uint16_t n = 0, kept = 0;

	for (uint16_t q = 0; q < p->n_rxq && n == 0; q++)
		n = rte_eth_rx_burst(p->id, q, pkts, BURST);
	p->rx += n;
	if (n == 0)
		return;
	if (cfg.mode == FLOWGEN_TX) {
		rte_pktmbuf_free_bulk(pkts, n);
		return;
	}
	for (uint16_t i = 0; i < n; i++) {
		if (packet_make(pkts[i], out) == 0) {
			pkts[kept++] = pkts[i];
		} else {
			/* A chain (a switch may hand jumbo frames over as one): a fresh mbuf. */
			rte_pktmbuf_free(pkts[i]);
			if ((pkts[kept] = rte_pktmbuf_alloc(pool)) != NULL &&
			    packet_make(pkts[kept], out) == 0)
				kept++;
			else if (pkts[kept])
				rte_pktmbuf_free(pkts[kept]);
		}
	}
	port_send(out, pkts, kept);
}

static void port_setup(uint16_t id, uint16_t queues, struct rte_mempool *pool)
{
	struct rte_eth_conf conf = {0};
	struct rte_eth_dev_info info;
	int rc;

	if ((rc = rte_eth_dev_info_get(id, &info)) != 0)
		die("port %u: cannot read device info (%d)", id, rc);
	if (info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE)
		conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;
	/* Receive on every queue the switch may send on, send on one: memif
	 * pairs each tx queue with the peer's rx queue of the same number. */
	if ((rc = rte_eth_dev_configure(id, queues, 1, &conf)) != 0)
		die("%s: rte_eth_dev_configure failed (%d)",
		    info.device ? rte_dev_name(info.device) : "port", rc);
	for (uint16_t q = 0; q < queues; q++) {
		rc = rte_eth_rx_queue_setup(id, q, DESCRIPTORS, rte_eth_dev_socket_id(id), NULL,
					    pool);
		if (rc != 0)
			die("%s: rx queue %u setup failed (%d)", rte_dev_name(info.device), q, rc);
	}
	rc = rte_eth_tx_queue_setup(id, 0, DESCRIPTORS, rte_eth_dev_socket_id(id), NULL);
	if (rc != 0)
		die("%s: tx queue setup failed (%d)", rte_dev_name(info.device), rc);
}

/* Waits up to --link-wait for port i's link; exits when it stays down. */
static void link_wait(uint16_t i, uint64_t deadline)
{
	struct rte_eth_link link;

	for (;;) {
		rte_eth_link_get_nowait(ports[i].id, &link);
		if (link.link_status == RTE_ETH_LINK_UP)
			return;
		if (rte_get_timer_cycles() > deadline) {
			char name[RTE_ETH_NAME_MAX_LEN] = "";

			rte_eth_dev_get_name_by_port(ports[i].id, name);
			die("port %s is still down after --link-wait: is the switch running and "
			    "connected to it?",
			    name);
		}
		rte_delay_ms(10);
	}
}

/* Starts the VM port first, then, a second after its link is up, the wire:
 * a switch may restart its other ports when a vhost-user device appears
 * (OVS-DPDK reconfigures them), which would cut a memif already connected. */
static void ports_start(void)
{
	uint64_t deadline = rte_get_timer_cycles() + (uint64_t)(cfg.link_wait * rte_get_timer_hz());

	for (int i = n_ports - 1; i >= 0; i--) {
		int rc = rte_eth_dev_start(ports[i].id);

		if (rc != 0)
			die("port %u: cannot start (%d)", ports[i].id, rc);
		rte_eth_promiscuous_enable(ports[i].id); /* some vdevs cannot: they take all */
		link_wait((uint16_t)i, deadline);
		if (i > 0)
			rte_delay_ms(1000);
	}
}

/* Port 0's templates: VTEP first, then VNI (or VLAN); port 1's: one plain frame. */
static struct flow_template *templates_build(enum flow_side side, uint32_t *n)
{
	uint32_t vteps = cfg.encap == FLOW_ENCAP_NONE ? 1 : cfg.vteps;
	struct flow_template *t;

	*n = side == FLOW_SIDE_WIRE ? flowgen_wire_templates(&cfg) : 1;
	t = calloc(*n, sizeof(*t));
	if (!t)
		die("no memory for %u templates", *n);
	for (uint32_t i = 0; i < *n; i++) {
		struct flow_shape s = {
		    .frame_len = cfg.frame_len,
		    .inner_src =
			side == FLOW_SIDE_WIRE ? 0xc6120a01 : 0xc6120b01, /* 198.18.10/11.1 */
		    .inner_dst = side == FLOW_SIDE_WIRE ? 0xc6120b01 : 0xc6120a01,
		};
		uint32_t net = i / vteps;

		if (side == FLOW_SIDE_WIRE) {
			s.encap = cfg.encap;
			s.vlan = cfg.vlans ? (uint16_t)(cfg.vlan + net % cfg.vlans) : 0;
			s.vni = cfg.vni + net % cfg.vnis;
			s.outer_src = cfg.remote_ip + i % vteps;
			s.outer_dst = cfg.vtep_ip;
			flow_vtep_mac(i % vteps, s.outer_src_mac);
			memcpy(s.outer_dst_mac, cfg.vtep_mac, 6);
		}
		if (flow_template_build(&t[i], &s) < 0)
			die("cannot build a %s frame of --size %d",
			    side == FLOW_SIDE_WIRE ? "wire" : "VM", cfg.frame_len);
	}
	return t;
}

struct totals {
	uint64_t tx[MAX_PORTS], rx[MAX_PORTS], failed[MAX_PORTS];
};

static void totals_take(struct totals *t)
{
	for (uint16_t i = 0; i < n_ports; i++) {
		t->tx[i] = ports[i].tx;
		t->rx[i] = ports[i].rx;
		t->failed[i] = ports[i].tx_failed;
	}
}

/* Loop mode: packets the switch lost are put back, so the loop never dries
 * up. Lost are those missing from tx - rx; when nothing at all came back for
 * STALL_MS (packets sent before the switch's side of a link was up vanish
 * without a trace) every packet in flight counts as lost. */
#define STALL_MS 100

static void loop_top_up(struct rte_mempool *pool, uint64_t now)
{
	static uint64_t lost, last_rx, last_rx_tsc;
	uint64_t tx = 0, rx = 0;

	for (uint16_t i = 0; i < n_ports; i++) {
		tx += ports[i].tx;
		rx += ports[i].rx;
	}
	if (rx != last_rx || last_rx_tsc == 0) {
		last_rx = rx;
		last_rx_tsc = now;
	} else if (now - last_rx_tsc > rte_get_timer_hz() / 1000 * STALL_MS) {
		lost = tx - rx;
		last_rx_tsc = now;
	}
	for (uint16_t i = 0; i < n_ports; i++) {
		if ((cfg.tx_ports >> i & 1) && tx < rx + lost + (uint64_t)cfg.inflight * n_ports)
			port_send_new(&ports[i], pool, BURST);
	}
}

static void tx_refill(struct rte_mempool *pool, uint64_t now, uint64_t *last, uint64_t hz)
{
	double elapsed = (double)(now - *last) / (double)hz;

	*last = now;
	for (uint16_t i = 0; i < n_ports; i++) {
		struct port_state *p = &ports[i];

		if (!(cfg.tx_ports >> i & 1))
			continue;
		if (cfg.rate == 0) {
			port_send_new(p, pool, BURST);
			continue;
		}
		p->tokens += elapsed * (double)cfg.rate;
		if (p->tokens > 4 * BURST)
			p->tokens = 4 * BURST;
		if (p->tokens >= 1) {
			uint16_t n = p->tokens >= BURST ? BURST : (uint16_t)p->tokens;
			uint64_t before = p->tx + p->tx_failed;

			port_send_new(p, pool, n);
			p->tokens -= (double)(p->tx + p->tx_failed - before);
		}
	}
}

static void run(struct rte_mempool *pool, struct totals *start, struct totals *end, double *secs)
{
	uint64_t hz = rte_get_timer_hz(), t0 = rte_get_timer_cycles(), last = t0;
	uint64_t measure = t0 + (uint64_t)(cfg.warmup * hz);
	uint64_t stop = measure + (uint64_t)(cfg.seconds * hz), now = t0, started = 0;

	while (now < stop) {
		for (uint16_t i = 0; i < n_ports; i++)
			port_poll(&ports[i], pool);
		if (cfg.mode == FLOWGEN_LOOP)
			loop_top_up(pool, now);
		else
			tx_refill(pool, now, &last, hz);
		now = rte_get_timer_cycles();
		if (!started && now >= measure) {
			totals_take(start);
			started = now;
			/* For a script that samples the switch's own counters
			 * over the same window (tools/bench/scale). */
			fputs("flowgen: measuring\n", stderr);
		}
	}
	totals_take(end);
	*secs = (double)(now - started) / (double)hz;
}

static void report(const struct totals *a, const struct totals *b, double secs)
{
	double tx[MAX_PORTS] = {0}, rx[MAX_PORTS] = {0}, failed[MAX_PORTS] = {0}, tx_all = 0,
	       rx_all = 0;

	for (uint16_t i = 0; i < n_ports; i++) {
		tx[i] = (double)(b->tx[i] - a->tx[i]) / secs;
		rx[i] = (double)(b->rx[i] - a->rx[i]) / secs;
		failed[i] = (double)(b->failed[i] - a->failed[i]) / secs;
		tx_all += tx[i];
		rx_all += rx[i];
	}
	if (cfg.json) {
		printf("{\"mode\": \"%s\", \"pairs\": %u, \"frame_bytes\": %u, \"seconds\": %.3f, "
		       "\"tx_mpps\": %.4f, \"rx_mpps\": %.4f, \"tx_pps\": [%.0f, %.0f], "
		       "\"rx_pps\": [%.0f, %.0f], \"tx_failed_pps\": [%.0f, %.0f]}\n",
		       cfg.mode == FLOWGEN_LOOP ? "loop" : "tx", cfg.pairs, cfg.frame_len, secs,
		       tx_all / 1e6, rx_all / 1e6, tx[0], tx[1], rx[0], rx[1], failed[0],
		       failed[1]);
	} else {
		printf("flowgen: %.1f s, %u pairs, %u B: tx %.3f Mpps (port 0 %.3f, port 1 %.3f), "
		       "rx %.3f Mpps (port 0 %.3f, port 1 %.3f)\n",
		       secs, cfg.pairs, cfg.frame_len, tx_all / 1e6, tx[0] / 1e6, tx[1] / 1e6,
		       rx_all / 1e6, rx[0] / 1e6, rx[1] / 1e6);
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	char err[256];
	struct totals a = {0}, b = {0};
	struct rte_mempool *pool;
	unsigned int room;
	uint16_t id;
	double secs;
	int used;

	/* --help before EAL, so it needs no hugepages or ports. */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(flowgen_usage, stdout);
			return 0;
		}
	}
	used = rte_eal_init(argc, argv);
	if (used < 0)
		die("EAL init failed: %s", rte_strerror(rte_errno));
	if (flowgen_args_parse(argc - used, argv + used, &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "flowgen: %s\n", err);
		return 2;
	}
	RTE_ETH_FOREACH_DEV(id)
	{
		if (n_ports < MAX_PORTS)
			ports[n_ports++].id = id;
	}
	if (n_ports == 0)
		die("no DPDK port: give ports 0 (the wire) and 1 (the VM) with --vdev, e.g. "
		    "--vdev net_memif0,... --vdev net_virtio_user0,path=SOCKET");
	room = RTE_MAX(2048u, (unsigned int)cfg.frame_len + TUNNEL_MAX_OVERHEAD);
	pool =
	    rte_pktmbuf_pool_create("flowgen", 32767, 256, 0,
				    (uint16_t)(room + RTE_PKTMBUF_HEADROOM), (int)rte_socket_id());
	if (!pool)
		die("cannot create the mbuf pool: %s (more memory: -m)", rte_strerror(rte_errno));
	for (uint16_t i = 0; i < n_ports; i++) {
		ports[i].side = i == 0 ? FLOW_SIDE_WIRE : FLOW_SIDE_VM;
		ports[i].templates = templates_build(ports[i].side, &ports[i].n_templates);
		ports[i].n_rxq = i == 0 ? cfg.wire_queues : 1;
		port_setup(ports[i].id, ports[i].n_rxq, pool);
	}
	ports_start();
	if (cfg.mode == FLOWGEN_LOOP) {
		for (uint16_t i = 0; i < n_ports; i++)
			for (uint32_t n = 0; (cfg.tx_ports >> i & 1) && n < cfg.inflight;
			     n += BURST)
				port_send_new(&ports[i], pool,
					      (uint16_t)RTE_MIN(BURST, cfg.inflight - n));
	}
	run(pool, &a, &b, &secs);
	report(&a, &b, secs);
	for (uint16_t i = 0; i < n_ports; i++) {
		rte_eth_dev_stop(ports[i].id);
		rte_eth_dev_close(ports[i].id);
	}
	rte_eal_cleanup();
	return 0;
}
