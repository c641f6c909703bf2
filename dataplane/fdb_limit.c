#include "fdb_limit.h"

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
