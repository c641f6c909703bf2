/* How many MACs each port and each network has learned, against their
 * mac-limit (issue 13). Part of the FDB: the control thread, the table's
 * only writer, counts every dynamic entry it adds, moves or deletes, and
 * refuses to learn past a limit; PMDs read one "full" flag per port and
 * network to drop or flood new sources without asking. Static entries are
 * the operator's and never count. Pure: no DPDK, unit-tested alone. */
#ifndef SLUICE_FDB_LIMIT_H
#define SLUICE_FDB_LIMIT_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/sizes.h"

/* Arrays of SLUICE_MAX_PORTS and SLUICE_MAX_NETWORKS (fdb_limits_init). */
struct fdb_limits {
	uint32_t *port_count;
	uint32_t *port_max; /* 0: no limit */
	uint64_t *port_refused;
	uint32_t *net_count;
	uint32_t *net_max;
	uint64_t *net_refused;
	/* count >= max: written by the control thread, read by PMDs. */
	uint8_t *port_full;
	uint8_t *net_full;
};

/* All counts zero, no limits: one allocation for every array. -1: no memory. */
int fdb_limits_init(struct fdb_limits *l);
void fdb_limits_free(struct fdb_limits *l);

/* Control thread: set a limit (0: none). Entries over a lowered limit stay:
 * nothing is evicted, only new ones are refused. */
void fdb_limit_set_port(struct fdb_limits *l, uint16_t port, uint32_t max);
void fdb_limit_set_network(struct fdb_limits *l, uint16_t network, uint32_t max);
/* Control thread: may port learn one more MAC in network (a new entry, or
 * new_entry false: one moving in from another port of the same network)?
 * A refusal is counted against the port or network that is full. */
bool fdb_limit_admit(struct fdb_limits *l, uint16_t port, uint16_t network, bool new_entry);
/* Control thread: a dynamic entry of port in network appeared (+1) or went (-1). */
void fdb_limit_count(struct fdb_limits *l, uint16_t port, uint16_t network, int delta);

/* PMDs: is port, or network, at its limit? */
static inline bool fdb_limit_port_full(const struct fdb_limits *l, uint16_t port)
{
	return port < SLUICE_MAX_PORTS && __atomic_load_n(&l->port_full[port], __ATOMIC_RELAXED);
}

static inline bool fdb_limit_network_full(const struct fdb_limits *l, uint16_t network)
{
	return network < SLUICE_MAX_NETWORKS &&
	       __atomic_load_n(&l->net_full[network], __ATOMIC_RELAXED);
}

#endif
