/* The decisions of MAC learning and aging, apart from the table itself so
 * they are unit-tested without DPDK. Times are in whole seconds. */
#ifndef SLUICE_FDB_POLICY_H
#define SLUICE_FDB_POLICY_H

#include <stdbool.h>
#include <stdint.h>

/* Who put an entry in the table (fdb_entry.is_static). */
enum fdb_origin {
	FDB_ORIGIN_LEARNED = 0, /* the data plane; aged */
	FDB_ORIGIN_STATIC = 1,	/* the operator; never aged, never moved by traffic */
	/* FRR's zebra over netlink (control/evpn_remote.c): never aged, replaced
	 * by zebra's next update, but traffic from the MAC moves it (a VM that
	 * migrated here wins over the remote route, RFC 7432 section 15). */
	FDB_ORIGIN_EVPN = 2,
};

enum fdb_learn_action {
	FDB_KEEP,      /* nothing to do */
	FDB_REFRESH,   /* same port, seen in a new second: refresh the age in place */
	FDB_LEARN_NEW, /* unknown source: ask the control thread to add it */
	FDB_MOVE,      /* known on another port: ask the control thread to move it */
};

/* A location is a port and, for the VTEP's port, the remote VTEP behind it
 * (0 for a local port): a MAC moving between two remotes is a move. */
static inline enum fdb_learn_action fdb_learn_decide(bool found, uint16_t entry_port,
						     uint32_t entry_remote, uint8_t entry_origin,
						     uint32_t entry_last_seen, uint16_t in_port,
						     uint32_t in_remote, uint32_t now)
{
	if (!found)
		return FDB_LEARN_NEW;
	if (entry_origin == FDB_ORIGIN_STATIC)
		return FDB_KEEP; /* an operator's entry never moves by traffic */
	if (entry_port != in_port || entry_remote != in_remote)
		return FDB_MOVE;
	/* One store per entry per second at most: ages are refreshed coarsely
	 * so a busy flow does not write its cache line on every packet. */
	return entry_last_seen != now ? FDB_REFRESH : FDB_KEEP;
}

static inline bool fdb_entry_expired(bool entry_static, uint32_t last_seen, uint32_t now,
				     uint32_t aging)
{
	return !entry_static && now - last_seen >= aging;
}

#endif
