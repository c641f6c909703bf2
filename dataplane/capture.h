/* Packet capture on any port, vhost ones included (sluicectl capture).
 *
 * While a capture runs on a port, the PMDs copy what it receives and/or
 * sends (rte_pcapng_copy, into the capture's own small pool) onto a bounded
 * ring; the control thread drains the ring into a pcapng file. A full ring or
 * an empty pool drops the copy, never the packet, and is counted. With no
 * capture the PMD pays one predictable branch on a flag of the port. */
#ifndef SLUICE_CAPTURE_H
#define SLUICE_CAPTURE_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_branch_prediction.h>
#include <rte_mbuf.h>
#include <rte_pcapng.h>

#include "port.h"

#define CAPTURE_RX 1u
#define CAPTURE_TX 2u
/* Copies in flight per capture: what the control thread may lag behind. */
#define CAPTURE_RING_SIZE 1024
#define CAPTURE_POOL_SIZE 2047

struct datapath;

enum capture_state {
	CAPTURE_RUNNING,
	CAPTURE_DONE,	/* count reached: the file is complete and closed */
	CAPTURE_FAILED, /* writing the file failed: error says why */
};

/* What capture.status reports. */
struct capture_status {
	char port[64];
	char path[PATH_MAX];
	uint8_t direction; /* CAPTURE_RX | CAPTURE_TX */
	uint32_t count;	   /* 0: until stopped */
	enum capture_state state;
	uint64_t written;
	uint64_t ring_full;  /* copies dropped: the ring was full */
	uint64_t pool_empty; /* copies not made: the capture's pool was empty */
	char error[128];
};

/* Starts a capture on port into the file path (created or truncated; checked
 * before anything else changes). Fails when a capture already runs there.
 * Control thread only. */
int capture_start(struct datapath *dp, uint16_t port, uint8_t direction, uint32_t count,
		  const char *path, char *err, size_t errlen);
/* The capture of port (running or finished): 0 and *st, or -1 when none. */
int capture_status(const struct datapath *dp, uint16_t port, struct capture_status *st);
/* Stops the capture of port: what is queued is written, the file closed,
 * and *st says what it holds. -1 when port has no capture. */
int capture_stop(struct datapath *dp, uint16_t port, struct capture_status *st);
/* Control thread housekeeping: queued copies to their files. Returns how
 * many it wrote. */
uint32_t capture_tick(struct datapath *dp);
/* Every capture stopped (datapath_destroy, port deletion). */
void capture_stop_all(struct datapath *dp);

/* PMD side: copies pkts received (or about to be sent) on port. */
void capture_copy(struct datapath *dp, const struct port *port, uint16_t queue,
		  struct rte_mbuf **pkts, uint16_t n, enum rte_pcapng_direction dir);

static inline void capture_rx(struct datapath *dp, const struct port *port, uint16_t queue,
			      struct rte_mbuf **pkts, uint16_t n)
{
	if (unlikely(__atomic_load_n(&port->capture, __ATOMIC_ACQUIRE) & CAPTURE_RX))
		capture_copy(dp, port, queue, pkts, n, RTE_PCAPNG_DIRECTION_IN);
}

static inline void capture_tx(struct datapath *dp, const struct port *port, uint16_t queue,
			      struct rte_mbuf **pkts, uint16_t n)
{
	if (unlikely(__atomic_load_n(&port->capture, __ATOMIC_ACQUIRE) & CAPTURE_TX))
		capture_copy(dp, port, queue, pkts, n, RTE_PCAPNG_DIRECTION_OUT);
}

#endif
