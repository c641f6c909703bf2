/* The MAC learning table: (network, MAC) -> port, or remote VTEP.
 *
 * PMDs only read it (rte_hash with lock-free readers) and refresh ages in
 * place; new and moved MACs travel to the control thread over a per-PMD ring
 * and the control thread is the table's only writer. So no PMD ever takes a
 * lock, and rte_hash needs no writer lock either. Deleted slots are reused
 * only after an RCU grace period. */
#ifndef SLUICE_FDB_H
#define SLUICE_FDB_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_hash.h>
#include <rte_rcu_qsbr.h>
#include <rte_ring.h>

#include "fdb_entry.h"
#include "fdb_limit.h"
#include "fdb_policy.h"
#include "fdb_sweep.h"

struct fdb_key {
	uint8_t mac[6];
	uint16_t network;
};

/* What a PMD asks the control thread to learn. */
struct fdb_learn_request {
	struct fdb_key key;
	uint16_t port;
	uint16_t pad;
	uint32_t remote; /* network order, 0: a local port */
};

struct fdb {
	struct rte_hash *hash;
	struct fdb_entry *entries; /* indexed by the value stored in the hash */
	uint32_t capacity;
	uint32_t count;
	/* control thread only */
	uint32_t *free_slots;
	uint32_t n_free;
	uint32_t *retired;    /* entry indices deleted, waiting for a grace period */
	int32_t *retired_pos; /* their hash key positions */
	uint32_t n_retired;
	struct rte_rcu_qsbr *qsv;
	uint64_t learned, moved, aged, full;
	struct fdb_limits limits; /* learned MACs per port and network (issue 13) */
	struct fdb_sweep sweep;	  /* where incremental aging goes on (fdb_sweep.h) */
	size_t hash_bytes;	  /* what rte_hash_create took from the heap (stats memory) */
};

int fdb_create(struct fdb *fdb, const char *name, uint32_t capacity, int socket,
	       struct rte_rcu_qsbr *qsv);
void fdb_destroy(struct fdb *fdb);

/* Control thread: add or move (to another port or remote VTEP); origin is an
 * enum fdb_origin (true: static). Returns 0, -ENOSPC when full, -EPERM when
 * an EVPN entry would replace a static one, -EDQUOT when a learned entry's
 * port or network is at its mac-limit (the entry, if any, stays where it was;
 * only learned entries count against mac-limit). */
int fdb_learn(struct fdb *fdb, const struct fdb_key *key, uint16_t port, uint32_t remote,
	      uint8_t origin, uint32_t now);
/* Control thread: delete entries idle for at least aging_of(network) seconds.
 * Returns how many were removed. */
uint32_t fdb_age(struct fdb *fdb, uint32_t now, const uint32_t *aging_by_network);
/* Control thread, every tick: the next slice of incremental aging, sized by
 * fdb_sweep_due for the whole table once every period_s seconds (the
 * shortest mac-aging in use): deletes the entries of that slice idle for at
 * least their network's aging. Returns how many were removed. */
uint32_t fdb_age_slice(struct fdb *fdb, uint32_t now, uint64_t now_ms,
		       const uint32_t *aging_by_network, uint32_t period_s);
/* Control thread: delete every entry pointing at port (a port going away). */
uint32_t fdb_flush_port(struct fdb *fdb, uint16_t port);
uint32_t fdb_flush_network(struct fdb *fdb, uint16_t network);
int fdb_delete(struct fdb *fdb, const struct fdb_key *key);
typedef bool (*fdb_match_fn)(const struct fdb_key *key, const struct fdb_entry *e, const void *arg);
/* Control thread: delete every entry match() selects. Returns how many. */
uint32_t fdb_delete_matching(struct fdb *fdb, fdb_match_fn match, const void *arg);
/* Returns the entry or NULL (any thread). */
const struct fdb_entry *fdb_find(const struct fdb *fdb, const struct fdb_key *key);
/* Control thread: apply every request queued in ring. Returns how many. */
uint32_t fdb_drain_requests(struct fdb *fdb, struct rte_ring *ring, uint32_t now);

static inline uint64_t fdb_key_word(const struct fdb_key *key)
{
	uint64_t w;

	memcpy(&w, key, sizeof(w));
	return w;
}

/* The key of an entry in use (kept in the entry as a word). */
static inline void fdb_entry_key(const struct fdb_entry *e, struct fdb_key *key)
{
	memcpy(key, &e->key, sizeof(*key));
}

static inline void fdb_key_set(struct fdb_key *key, const uint8_t *mac, uint16_t network)
{
	for (int i = 0; i < 6; i++)
		key->mac[i] = mac[i];
	key->network = network;
}

#endif
