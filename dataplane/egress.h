/* Egress per port type through one table of operations: what tx.c calls
 * to send a port's buffered packets, whatever the port is. Adding a port
 * type is adding a row (egress_phy.c, egress_vhost.c). */
#ifndef SLUICE_EGRESS_H
#define SLUICE_EGRESS_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#include "port.h"
#include "pmd.h"

struct egress_ops {
	const char *name;
	/* Sends buf's packets on port (buf->n > 0), counts what left and
	 * what was dropped (a drop reason), and frees what did not leave: buf
	 * is empty afterwards but for its count, which the caller resets. */
	void (*flush)(struct pmd *pmd, struct port *port, struct txbuf *buf);
};

extern const struct egress_ops egress_phy;
extern const struct egress_ops egress_vhost;
/* The table: one row per enum port_type. */
extern const struct egress_ops *const egress_table[PORT_TYPE_COUNT];

static inline const struct egress_ops *egress_ops_of(int type)
{
	return egress_table[type];
}

static inline uint64_t egress_sum_bytes(struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t bytes = 0;

	for (uint16_t i = 0; i < n; i++)
		bytes += rte_pktmbuf_pkt_len(pkts[i]);
	return bytes;
}

#endif
