/* A PMD's own exact-match cache in front of the shared FDB: a direct-mapped
 * array of (key, entry index). A hit costs two loads and two compares instead
 * of a hash lookup. Nothing is ever invalidated: a slot is trusted only while
 * the entry it names is in use and still holds the same key, which the
 * control thread changes before an entry can be reused. */
#ifndef SLUICE_FDB_CACHE_H
#define SLUICE_FDB_CACHE_H

#include <stdint.h>

#include "fdb.h"

#define FDB_CACHE_SLOTS 1024 /* a power of two */

struct fdb_cache_slot {
	uint64_t key;
	uint32_t entry;
	uint32_t pad;
};

struct fdb_cache {
	struct fdb_cache_slot slot[FDB_CACHE_SLOTS];
};

static inline struct fdb_cache_slot *fdb_cache_slot_of(struct fdb_cache *c, uint64_t key)
{
	/* Fibonacci hashing: the MAC's low bytes vary most, the multiply mixes
	 * them into the top bits. */
	return &c->slot[(key * 0x9E3779B97F4A7C15ULL) >> (64 - 10)];
}

static inline struct fdb_entry *fdb_cache_lookup(struct fdb_cache *c, struct fdb *fdb, uint64_t key)
{
	struct fdb_cache_slot *s = fdb_cache_slot_of(c, key);
	struct fdb_entry *e;

	if (s->key != key)
		return NULL;
	e = &fdb->entries[s->entry];
	if (!__atomic_load_n(&e->in_use, __ATOMIC_ACQUIRE) || e->key != key)
		return NULL;
	return e;
}

static inline void fdb_cache_insert(struct fdb_cache *c, uint64_t key, uint32_t entry)
{
	struct fdb_cache_slot *s = fdb_cache_slot_of(c, key);

	s->key = key;
	s->entry = entry;
}

#endif
