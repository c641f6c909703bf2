#include "fdb_limit.h"

#include <stdlib.h>

int fdb_limits_init(struct fdb_limits *l)
{
	size_t ports = SLUICE_MAX_PORTS, nets = SLUICE_MAX_NETWORKS;
	/* The 8-byte arrays first, so every array is aligned. */
	char *m = calloc(1, (ports + nets) * (2 * sizeof(uint64_t) + 2 * sizeof(uint32_t) + 1));

	if (!m)
		return -1;
	l->port_refused = (uint64_t *)m;
	l->net_refused = l->port_refused + ports;
	l->port_count = (uint32_t *)(l->net_refused + nets);
	l->port_max = l->port_count + ports;
	l->net_count = l->port_max + ports;
	l->net_max = l->net_count + nets;
	l->port_full = (uint8_t *)(l->net_max + nets);
	l->net_full = l->port_full + ports;
	return 0;
}

void fdb_limits_free(struct fdb_limits *l)
{
	free(l->port_refused);
	l->port_refused = NULL;
}

static bool at_limit(uint32_t count, uint32_t max)
{
	return max != 0 && count >= max;
}

static void update_port(struct fdb_limits *l, uint16_t port)
{
	__atomic_store_n(&l->port_full[port], at_limit(l->port_count[port], l->port_max[port]),
			 __ATOMIC_RELAXED);
}

static void update_network(struct fdb_limits *l, uint16_t network)
{
	__atomic_store_n(&l->net_full[network],
			 at_limit(l->net_count[network], l->net_max[network]), __ATOMIC_RELAXED);
}

void fdb_limit_set_port(struct fdb_limits *l, uint16_t port, uint32_t max)
{
	if (port >= SLUICE_MAX_PORTS)
		return;
	l->port_max[port] = max;
	update_port(l, port);
}

void fdb_limit_set_network(struct fdb_limits *l, uint16_t network, uint32_t max)
{
	if (network >= SLUICE_MAX_NETWORKS)
		return;
	l->net_max[network] = max;
	update_network(l, network);
}

bool fdb_limit_admit(struct fdb_limits *l, uint16_t port, uint16_t network, bool new_entry)
{
	if (port < SLUICE_MAX_PORTS && at_limit(l->port_count[port], l->port_max[port])) {
		l->port_refused[port]++;
		return false;
	}
	if (new_entry && network < SLUICE_MAX_NETWORKS &&
	    at_limit(l->net_count[network], l->net_max[network])) {
		l->net_refused[network]++;
		return false;
	}
	return true;
}

void fdb_limit_count(struct fdb_limits *l, uint16_t port, uint16_t network, int delta)
{
	if (port < SLUICE_MAX_PORTS) {
		l->port_count[port] += (uint32_t)delta;
		update_port(l, port);
	}
	if (network < SLUICE_MAX_NETWORKS) {
		l->net_count[network] += (uint32_t)delta;
		update_network(l, network);
	}
}
