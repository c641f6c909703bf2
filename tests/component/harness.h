/* Shared by the component tests: an in-process EAL (--no-huge), ring-backed
 * ethdevs standing in for NICs, frames built by hand, and a datapath driven
 * one poll at a time from the test thread. */
#ifndef SLUICE_TEST_HARNESS_H
#define SLUICE_TEST_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>
#include <rte_ring.h>

#include "../../control/config.h"
#include "../../dataplane/lifecycle.h"
#include "../../dataplane/pmd_loop.h"

struct ring_port {
	char devargs[64];    /* what a config's devargs names it by */
	struct rte_ring *rx; /* the test enqueues here: sluice receives */
	struct rte_ring *tx; /* sluice transmits here: the test dequeues */
};

/* rte_eal_init with --no-huge on lcores 0,1 (lcore 1 is never launched). */
int harness_eal_init(const char *name);
/* The same with an --lcores map, e.g. "0@0,1@1,2@1": two PMD lcores on CPU 1. */
int harness_eal_init_lcores(const char *name, const char *lcores);
void harness_eal_cleanup(void);
struct rte_mempool *harness_pool(void);

/* An ethdev "net_ring_NAME" over two fresh rings; tx_size bounds the tx ring. */
int harness_ring_port(struct ring_port *rp, const char *name, unsigned tx_size);

/* Parse an INI text against a host with CPUs 0..63 online. */
int harness_config(const char *text, struct sluice_config *cfg);
/* harness_config, then datapath_create: NULL, and why on stderr, on error. */
struct datapath *harness_datapath(const char *text);

/* Builds an Ethernet frame of len bytes (>= 14) with the given MACs. */
struct rte_mbuf *harness_frame(const char *dst, const char *src, uint16_t len);
/* Enqueue one frame on rp's rx ring. */
void harness_inject(struct ring_port *rp, struct rte_mbuf *m);
/* Frees everything on rp's tx ring and returns how many there were. */
unsigned harness_drain(struct ring_port *rp);
/* Dequeues one frame from rp's tx ring, or NULL. */
struct rte_mbuf *harness_take(struct ring_port *rp);

/* Poll every queue of the datapath's first PMD once, then let the control
 * thread apply learn requests. */
void harness_poll(struct datapath *dp);
/* A port's counters summed over cores. */
uint64_t harness_drops(struct datapath *dp, const char *port, enum drop_reason reason);
uint64_t harness_rx_packets(struct datapath *dp, const char *port);
uint64_t harness_tx_packets(struct datapath *dp, const char *port);
int harness_fdb_port(struct datapath *dp, const char *network, const char *mac);

#endif
