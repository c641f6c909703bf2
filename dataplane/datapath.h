/* The running datapath: ports, the forwarding view the PMDs read, the FDB,
 * the PMDs themselves. Created and changed by the control thread only. */
#ifndef SLUICE_DATAPATH_H
#define SLUICE_DATAPATH_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_mempool.h>
#include <rte_rcu_qsbr.h>

#include "../control/config.h"
#include "counters.h"
#include "fdb.h"
#include "fdb_cache.h"
#include "port_limits.h"
#include "neighbour.h"
#include "port.h"
#include "port_security.h"
#include "rate_limit.h"
#include "rxq_assign.h"
#include "tunnel_template.h"
#include "vhost_txq.h"

#define BURST_SIZE 32

struct network_view {
	uint16_t n_members;
	uint16_t members[SLUICE_MAX_PORTS]; /* port indices */
	/* vlan networks: the trunk (one of the members) and the tag frames
	 * carry on it. vid 0: not a vlan network. */
	uint16_t trunk;
	uint16_t vid;
};

/* (trunk port, VLAN id) -> vlan network, for tagged frames received. */
struct vlan_map_entry {
	uint16_t port;
	uint16_t vid;
	uint16_t network;
};

/* The datapath's VTEP as PMDs see it. Addresses in network order. */
struct vtep_view {
	bool enabled;
	uint16_t port; /* the underlay phy port */
	uint32_t addr;
	uint8_t prefix_len;
	uint32_t gateway; /* 0: none */
	uint8_t ttl;
	bool df;
	uint16_t udp_port; /* VXLAN, host order */
	uint16_t vlan;	   /* outer VLAN id, 0: untagged */
	uint8_t mac[6];	   /* the port's, from rte_eth_macaddr_get */
	bool kernel_tap;   /* punt IPv4 to addr that is no tunnel (kernel_tap.h) */
};

/* A tunnel network: how its packets are wrapped and where floods go. */
struct tunnel_view {
	bool enabled;
	uint8_t kind; /* enum tunnel_kind */
	uint32_t id;  /* VNI or GRE key */
	uint16_t n_flood;
	uint32_t flood[SLUICE_MAX_FLOOD];
	/* The outer header with this network's fixed fields, built with the
	 * view: tunnel_output() patches a copy per packet. */
	struct tunnel_template tmpl;
	uint16_t mtu;	/* IP MTU inside the network (mtu_view.c): bigger is too big */
	bool mss_clamp; /* lower the MSS of SYNs to fit mtu, both directions */
};

/* (kind, VNI or key) -> network: open addressing, twice the networks. */
#define TUNNEL_MAP_SLOTS (2 * SLUICE_MAX_NETWORKS)
#define TUNNEL_MAP_EMPTY UINT16_MAX

struct tunnel_map_slot {
	uint64_t key; /* kind << 32 | id */
	uint16_t network;
};

/* Immutable once published: a change builds a new view, publishes it with
 * one atomic store and frees the old one after an RCU grace period. */
struct fwd_view {
	uint16_t n_ports;
	uint16_t port_network[SLUICE_MAX_PORTS]; /* PORT_NO_NETWORK: none */
	struct network_view networks[SLUICE_MAX_NETWORKS];
	uint8_t port_is_trunk[SLUICE_MAX_PORTS]; /* carries at least one vlan network */
	uint16_t n_vlans;
	struct vlan_map_entry vlans[SLUICE_MAX_NETWORKS];
	struct rxq_plan plan;
	vhost_txq_table vhost_txq; /* guest queue slot per (port, PMD), from plan */
	struct vtep_view vtep;
	struct tunnel_view tunnels[SLUICE_MAX_NETWORKS];
	struct tunnel_map_slot tunnel_map[TUNNEL_MAP_SLOTS];
	struct port_security port_security[SLUICE_MAX_PORTS]; /* what each VM may send */
	struct limits_view limits; /* mac-limit, storm control, policing (port_limits.h) */
};

static inline uint32_t tunnel_map_hash(uint64_t key)
{
	return (uint32_t)((key * 0x9E3779B97F4A7C15ULL) >> 57) % TUNNEL_MAP_SLOTS;
}

/* The network of a tunnel (kind, id), or TUNNEL_MAP_EMPTY. */
static inline uint16_t tunnel_map_find(const struct fwd_view *view, uint8_t kind, uint32_t id)
{
	uint64_t key = (uint64_t)kind << 32 | id;
	uint32_t h = tunnel_map_hash(key);

	for (uint32_t i = 0; i < TUNNEL_MAP_SLOTS; i++, h = (h + 1) % TUNNEL_MAP_SLOTS) {
		const struct tunnel_map_slot *s = &view->tunnel_map[h];

		if (s->network == TUNNEL_MAP_EMPTY)
			return TUNNEL_MAP_EMPTY;
		if (s->key == key)
			return s->network;
	}
	return TUNNEL_MAP_EMPTY;
}

struct txbuf {
	uint16_t n;
	bool listed; /* on the PMD's dirty list this burst (tx.h) */
	struct rte_mbuf *pkts[BURST_SIZE];
};

struct datapath;
struct capture_session;
struct trace_buf;
struct trace_ctl;

struct pmd {
	uint32_t index; /* position in worker-cores; also its RCU thread id */
	uint32_t lcore;
	uint16_t tx_queue; /* the tx queue it owns on every phy port */
	struct datapath *dp;
	struct rte_mempool *pool; /* of its own NUMA node, for vhost dequeue */
	struct rte_ring *learn_ring;
	/* Packets for the control thread: ARP to the VTEP, and tunnel packets
	 * waiting for their next hop's MAC (mbuf pointers). */
	struct rte_ring *punt_ring;
	uint16_t ip_id; /* outer IPv4 identification when [vtep] df = no */
	uint32_t now;	/* seconds since start, for FDB ages */
	uint64_t next_second_tsc;
	uint32_t sleep_us; /* the last idle sleep (pmd_sleep.h) */
	uint16_t n_dirty;
	uint16_t dirty[SLUICE_MAX_PORTS]; /* ports with packets this burst, each once (tx.h) */
	struct txbuf tx[SLUICE_MAX_PORTS];
	struct fdb_cache fdb_cache;
	/* Too-big answers, per port the sender is on (mtu_guard.c). */
	struct rate_limit icmp_limit[SLUICE_MAX_PORTS];
	/* A trace is armed (trace.h): read from the datapath once per poll. */
	bool tracing;
	struct trace_buf *trace;  /* allocated by the first trace.start */
	struct limits_pmd limits; /* its storm buckets and meters, per port (port_limits.h) */
	struct core_counters counters;
} __rte_cache_aligned;

/* What stats.reset subtracts from the ever-growing per-core counters. */
struct core_totals {
	uint64_t busy_cycles, idle_cycles, packets;
};

struct datapath {
	/* Held by the control thread while it fills or clears a port slot,
	 * and by DPDK's telemetry thread while it reads ports (never by PMDs). */
	pthread_mutex_t ports_lock;
	/* The desired state. Slots of deleted ports and networks stay as holes
	 * (empty name) so indices held by counters and the FDB never shift. */
	struct sluice_config cfg;
	struct config_host host;
	rxq_worker_map rxq_pin; /* worker index a queue is pinned to, or -1 */
	struct port_counters port_base[SLUICE_MAX_PORTS];
	/* What the control thread itself sends (the VTEP's ARP, packets
	 * released once their next hop resolved, vtep_arp.c) and drops on
	 * the way: summed with the PMDs' by stats_port(). */
	struct port_counters ctl_counters[SLUICE_MAX_PORTS];
	struct core_totals core_base[SLUICE_MAX_WORKERS];
	struct port ports[SLUICE_MAX_PORTS];
	uint16_t n_ports;
	struct fwd_view *view;
	struct pmd *pmds[SLUICE_MAX_WORKERS];
	uint32_t n_pmds;
	struct fdb fdb;
	struct neigh_table neigh;     /* the VTEP's next hops */
	struct vtep_ctl *vtep_ctl;    /* control-thread state of the VTEP (vtep_arp.c) */
	struct rte_ring *ctl_tx_ring; /* control thread -> PMD 0 transmits (ctl_tx.h) */
	/* A port's running or finished capture (capture.c), or NULL. */
	struct capture_session *captures[SLUICE_MAX_PORTS];
	struct trace_ctl *trace; /* NULL until the first trace.start */
	struct rte_rcu_qsbr *qsv;
	struct rte_mempool *pools[RTE_MAX_NUMA_NODES];
	uint32_t aging[SLUICE_MAX_NETWORKS];
	/* Flood VTEPs zebra installed, per network (control/evpn_remote.c);
	 * the view floods to these and the static `flood` list. */
	struct ipv4_list evpn_flood[SLUICE_MAX_NETWORKS];
	uint64_t tsc_hz;
	uint64_t start_tsc;
	uint32_t last_age_run;
	int stop;
	bool launched;
};

/* After rte_eal_init: pools, FDB, ports started, vhost sockets registered.
 * On error nothing is left behind. */
struct datapath *datapath_create(const struct sluice_config *cfg, const struct config_host *host,
				 char *err, size_t errlen);

/* Live changes, control thread only. Each applies whole or fails with err and
 * changes nothing; traffic on other ports never stops. The configs must have
 * passed config_check_port / config_check_network. */
int datapath_port_add(struct datapath *dp, const struct port_config *pc, char *err, size_t errlen);
int datapath_port_del(struct datapath *dp, uint16_t index);
int datapath_network_add(struct datapath *dp, const struct network_config *nc, char *err,
			 size_t errlen);
int datapath_network_del(struct datapath *dp, uint16_t index, char *err, size_t errlen);
/* The keys of port index that can change live (port_update.c): pc differs
 * from the running config only in those (mac, port security, ...). */
int datapath_port_update(struct datapath *dp, uint16_t index, const struct port_config *pc,
			 char *err, size_t errlen);
/* A network's keys that keep its identity (mac-aging, flood, mtu, mss-clamp):
 * nc has the name, type and VNI, key or VLAN of network index. */
int datapath_network_update(struct datapath *dp, uint16_t index, const struct network_config *nc,
			    char *err, size_t errlen);
/* Pin queue of port to worker (index in worker-cores) and move it there now. */
int datapath_rxq_pin(struct datapath *dp, uint16_t port, uint16_t queue, uint32_t worker, char *err,
		     size_t errlen);
/* Spread unpinned queues by the cycles they used; returns queues moved. */
int datapath_rxq_rebalance(struct datapath *dp, uint32_t *moved, char *err, size_t errlen);
bool datapath_port_in_use(const struct datapath *dp, uint16_t index);
int datapath_find_network(const struct datapath *dp, const char *name);
/* Start one PMD per worker core. */
int datapath_launch(struct datapath *dp);
/* Control thread housekeeping: learn requests, MAC aging once a second.
 * Returns how much it did (0: idle). */
uint32_t datapath_tick(struct datapath *dp);
/* Seconds since the datapath started (the FDB's clock). */
uint32_t datapath_now(const struct datapath *dp);
/* Stop PMDs, unregister vhost sockets, stop and close ports, free all. */
void datapath_destroy(struct datapath *dp);
/* The pool for NUMA node, created on first use. */
struct rte_mempool *datapath_pool(struct datapath *dp, int node, char *err, size_t errlen);
int datapath_find_port(const struct datapath *dp, const char *name);

/* One poll of every queue a PMD owns, then a quiescent state: the body of the
 * PMD loop, callable from tests on the main lcore. Returns packets received. */
uint32_t pmd_poll_once(struct pmd *pmd);
int pmd_main(void *arg);

#endif
