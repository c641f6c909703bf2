/* Packet trace (sluicectl trace): the next N packets received on a port are
 * marked, and every stage they pass appends a small fixed record to its
 * PMD's trace buffer, like VPP's `trace add`. The control thread reads the
 * buffers and groups the records by packet.
 *
 * Cost: with no trace armed, each hook is one branch on pmd->tracing, a
 * field of the PMD's own state set once per poll. While armed, a hook also
 * tests a flag bit of the mbuf (an rte_mbuf dynflag). */
#ifndef SLUICE_TRACE_H
#define SLUICE_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_branch_prediction.h>
#include <rte_mbuf.h>

#include "datapath.h"

/* Records per PMD: a packet takes about 4 to 6 (more when flooded). */
#define TRACE_RECORDS 4096
#define TRACE_MAX_PACKETS 1000

enum trace_stage {
	TRACE_RX,      /* port, value: queue, value2: frame length */
	TRACE_VLAN,    /* port, value: VLAN id of the tag */
	TRACE_NETWORK, /* port: ingress, value: network, value2: remote VTEP it came from */
	TRACE_FDB_HIT, /* port: destination (the VTEP's port for a remote), value: remote */
	TRACE_FLOOD,   /* value: local outputs, value2: remote VTEPs of the network */
	TRACE_MSS,     /* value: enum mss_clamp_result, value2: network MTU */
	TRACE_MTU,     /* value: enum mtu_verdict, value2: network MTU */
	TRACE_ENCAP,   /* port: VTEP port, value: remote, value2: next hop MAC known */
	TRACE_OUTPUT,  /* port: queued for transmit on it */
	TRACE_DROP,    /* port: where counted, value: enum drop_reason */
	TRACE_STAGE_COUNT,
};

struct trace_record {
	uint32_t packet; /* 1..: the order packets were marked in */
	uint16_t stage;
	uint16_t port;
	uint32_t value, value2;
	uint64_t tsc;
};

/* One PMD's records: written by it alone, read by the control thread up to
 * n (stored with release after each record). */
struct trace_buf {
	uint32_t n;
	uint32_t overflow; /* records that did not fit */
	struct trace_record rec[TRACE_RECORDS];
};

/* The armed trace, in the datapath (control thread writes, PMDs read). */
struct trace_ctl {
	uint8_t armed;	  /* PMDs copy it into pmd->tracing every poll */
	uint16_t port;	  /* whose received packets are marked */
	uint32_t wanted;  /* N */
	uint32_t next_id; /* ids handed out so far; PMDs claim with a CAS */
	uint64_t flag;	  /* the dynflag bit that marks a packet */
	int id_offset;	  /* the dynfield holding its id */
};

/* Control thread: arms a trace of the next count packets received on port,
 * forgetting earlier records. */
int trace_start(struct datapath *dp, uint16_t port, uint32_t count, char *err, size_t errlen);
/* Disarms and forgets every record. */
void trace_clear(struct datapath *dp);
/* Disarms once every wanted packet was marked (from datapath_tick). */
void trace_tick(struct datapath *dp);
void trace_destroy(struct datapath *dp);

/* PMD side. */
void trace_rx_mark(struct pmd *pmd, uint16_t port, uint16_t queue, struct rte_mbuf **pkts,
		   uint16_t n);
void trace_add(struct pmd *pmd, const struct rte_mbuf *m, enum trace_stage stage, uint16_t port,
	       uint32_t value, uint32_t value2);

/* The hook each stage calls: one branch when no trace is armed. */
static inline void trace_packet(struct pmd *pmd, const struct rte_mbuf *m, enum trace_stage stage,
				uint16_t port, uint32_t value, uint32_t value2)
{
	if (unlikely(pmd->tracing))
		trace_add(pmd, m, stage, port, value, value2);
}

static inline void trace_rx(struct pmd *pmd, uint16_t port, uint16_t queue, struct rte_mbuf **pkts,
			    uint16_t n)
{
	if (unlikely(pmd->tracing))
		trace_rx_mark(pmd, port, queue, pkts, n);
}

#endif
