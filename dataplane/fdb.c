#include "fdb.h"

#include "mem_usage.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_hash_crc.h>
#include <rte_malloc.h>

int fdb_create(struct fdb *fdb, const char *name, uint32_t capacity, int socket,
	       struct rte_rcu_qsbr *qsv)
{
	struct rte_hash_parameters params = {
	    .name = name,
	    .entries = capacity,
	    .key_len = sizeof(struct fdb_key),
	    .hash_func = rte_hash_crc,
	    .socket_id = socket,
	    /* Lock-free readers; one writer (the control thread), so no
	     * MULTI_WRITER_ADD and no writer lock. */
	    .extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF,
	};

	memset(fdb, 0, sizeof(*fdb));
	fdb->capacity = capacity;
	fdb->qsv = qsv;
	/* rte_hash does not say what it took: the heap's growth across the
	 * call does (the control thread is the only one allocating now). */
	fdb->hash_bytes = mem_heap_allocated();
	fdb->hash = rte_hash_create(&params);
	fdb->hash_bytes = mem_heap_allocated() - fdb->hash_bytes;
	fdb->entries = rte_zmalloc_socket("fdb_entries", sizeof(*fdb->entries) * capacity,
					  RTE_CACHE_LINE_SIZE, socket);
	fdb->free_slots = rte_malloc_socket("fdb_free", sizeof(uint32_t) * capacity, 0, socket);
	fdb->retired = rte_malloc_socket("fdb_retired", sizeof(uint32_t) * capacity, 0, socket);
	fdb->retired_pos =
	    rte_malloc_socket("fdb_retired_pos", sizeof(int32_t) * capacity, 0, socket);
	if (!fdb->hash || !fdb->entries || !fdb->free_slots || !fdb->retired || !fdb->retired_pos ||
	    fdb_limits_init(&fdb->limits) < 0) {
		fdb_destroy(fdb);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < capacity; i++)
		fdb->free_slots[i] = capacity - 1 - i;
	fdb->n_free = capacity;
	return 0;
}

void fdb_destroy(struct fdb *fdb)
{
	rte_hash_free(fdb->hash);
	rte_free(fdb->entries);
	rte_free(fdb->free_slots);
	rte_free(fdb->retired);
	rte_free(fdb->retired_pos);
	fdb_limits_free(&fdb->limits);
	memset(fdb, 0, sizeof(*fdb));
}

const struct fdb_entry *fdb_find(const struct fdb *fdb, const struct fdb_key *key)
{
	void *data;

	if (rte_hash_lookup_data(fdb->hash, key, &data) < 0)
		return NULL;
	return &fdb->entries[(uintptr_t)data];
}

/* After a grace period no PMD holds an index or hash position from before
 * it: their slots may be reused. */
static void reclaim(struct fdb *fdb)
{
	if (fdb->n_retired == 0)
		return;
	if (fdb->qsv)
		rte_rcu_qsbr_synchronize(fdb->qsv, RTE_QSBR_THRID_INVALID);
	for (uint32_t i = 0; i < fdb->n_retired; i++) {
		uint32_t idx = fdb->retired[i];

		/* With lock-free readers rte_hash leaves freeing the key slot to us. */
		rte_hash_free_key_with_position(fdb->hash, fdb->retired_pos[i]);
		fdb->free_slots[fdb->n_free++] = idx;
	}
	fdb->n_retired = 0;
}

int fdb_learn(struct fdb *fdb, const struct fdb_key *key, uint16_t port, uint32_t remote,
	      uint8_t origin, uint32_t now)
{
	void *data;
	struct fdb_entry *e;
	uint32_t idx;
	int rc;
	bool counted = origin == FDB_ORIGIN_LEARNED;

	if (rte_hash_lookup_data(fdb->hash, key, &data) >= 0) {
		e = &fdb->entries[(uintptr_t)data];
		/* The operator's entry stays; zebra's gives way to the operator's and
		 * to traffic (fdb_policy.h). */
		if (e->is_static == FDB_ORIGIN_STATIC && origin != FDB_ORIGIN_STATIC)
			return origin == FDB_ORIGIN_EVPN ? -EPERM : 0;
		/* Only what the data plane learns counts against mac-limit: the
		 * operator's and zebra's entries are configuration. */
		if (counted && e->port != port &&
		    !fdb_limit_admit(&fdb->limits, port, key->network, false))
			return -EDQUOT;
		if (e->is_static == FDB_ORIGIN_LEARNED)
			fdb_limit_count(&fdb->limits, e->port, key->network, -1);
		if (counted)
			fdb_limit_count(&fdb->limits, port, key->network, +1);
		if (e->port != port || e->remote != remote)
			fdb->moved++;
		__atomic_store_n(&e->remote, remote, __ATOMIC_RELAXED);
		__atomic_store_n(&e->port, port, __ATOMIC_RELEASE);
		e->is_static = origin;
		e->last_seen = now;
		return 0;
	}
	if (counted && !fdb_limit_admit(&fdb->limits, port, key->network, true))
		return -EDQUOT;
	if (fdb->n_free == 0)
		reclaim(fdb);
	if (fdb->n_free == 0) {
		fdb->full++;
		return -ENOSPC;
	}
	idx = fdb->free_slots[--fdb->n_free];
	e = &fdb->entries[idx];
	e->port = port;
	e->remote = remote;
	e->is_static = origin;
	e->last_seen = now;
	e->key = fdb_key_word(key);
	__atomic_store_n(&e->in_use, 1, __ATOMIC_RELEASE);
	/* The entry is complete before the key becomes visible (release in rte_hash LF). */
	rc = rte_hash_add_key_data(fdb->hash, key, (void *)(uintptr_t)idx);
	if (rc < 0) {
		e->in_use = 0;
		fdb->free_slots[fdb->n_free++] = idx;
		fdb->full++;
		return rc;
	}
	fdb->count++;
	fdb->learned++;
	if (counted)
		fdb_limit_count(&fdb->limits, port, key->network, +1);
	return 0;
}

static int delete_at(struct fdb *fdb, const struct fdb_key *key, uint32_t idx)
{
	int32_t pos = rte_hash_del_key(fdb->hash, key);
	const struct fdb_entry *e = &fdb->entries[idx];

	if (pos < 0)
		return pos;
	if (e->is_static == FDB_ORIGIN_LEARNED)
		fdb_limit_count(&fdb->limits, e->port, key->network, -1);
	/* PMD caches check this before trusting a cached index. */
	__atomic_store_n(&fdb->entries[idx].in_use, 0, __ATOMIC_RELEASE);
	fdb->retired[fdb->n_retired] = idx;
	fdb->retired_pos[fdb->n_retired] = pos;
	fdb->n_retired++;
	fdb->count--;
	return 0;
}

int fdb_delete(struct fdb *fdb, const struct fdb_key *key)
{
	void *data;
	int rc;

	if (rte_hash_lookup_data(fdb->hash, key, &data) < 0)
		return -ENOENT;
	rc = delete_at(fdb, key, (uint32_t)(uintptr_t)data);
	reclaim(fdb);
	return rc;
}

/* Walks the entries array (fdb_sweep.h: deleting never moves an entry, so
 * one pass sees each once) and deletes what match() says, reclaiming once at
 * the end. */
uint32_t fdb_delete_matching(struct fdb *fdb, fdb_match_fn match, const void *arg)
{
	uint32_t removed = 0;

	for (uint32_t i = 0;
	     (i = fdb_walk_next(fdb->entries, fdb->capacity, i, fdb->capacity - i)) < fdb->capacity;
	     i++) {
		const struct fdb_entry *e = &fdb->entries[i];
		struct fdb_key key;

		fdb_entry_key(e, &key);
		if (match(&key, e, arg) && delete_at(fdb, &key, i) == 0)
			removed++;
	}
	reclaim(fdb);
	return removed;
}

struct age_arg {
	uint32_t now;
	const uint32_t *aging;
};

static bool is_expired(const struct fdb_key *key, const struct fdb_entry *e, const void *arg)
{
	const struct age_arg *a = arg;

	return fdb_entry_expired(e->is_static, e->last_seen, a->now, a->aging[key->network]);
}

uint32_t fdb_age(struct fdb *fdb, uint32_t now, const uint32_t *aging_by_network)
{
	struct age_arg arg = {now, aging_by_network};
	uint32_t n = fdb_delete_matching(fdb, is_expired, &arg);

	fdb->aged += n;
	return n;
}

uint32_t fdb_age_slice(struct fdb *fdb, uint32_t now, uint64_t now_ms,
		       const uint32_t *aging_by_network, uint32_t period_s)
{
	struct age_arg arg = {now, aging_by_network};
	uint32_t due =
	    fdb_sweep_due(&fdb->sweep, fdb->capacity, period_s, now_ms, FDB_SWEEP_MAX_SLICE);
	uint32_t removed = 0;

	while (due > 0) {
		uint32_t from = fdb->sweep.cursor, span = due;
		uint32_t i;

		if (span > fdb->capacity - from)
			span = fdb->capacity - from;
		for (i = from; (i = fdb_walk_next(fdb->entries, fdb->capacity, i,
						  from + span - i)) < from + span;
		     i++) {
			const struct fdb_entry *e = &fdb->entries[i];
			struct fdb_key key;

			fdb_entry_key(e, &key);
			if (is_expired(&key, e, &arg) && delete_at(fdb, &key, i) == 0)
				removed++;
		}
		due -= span;
		fdb->sweep.cursor = from + span == fdb->capacity ? 0 : from + span;
	}
	fdb->aged += removed;
	/* A grace period waits for every PMD: once a second at most, not
	 * every tick that removed something. Until then the slots wait in
	 * retired (room for the whole table); a full table reclaims at once. */
	if (fdb->n_retired && now != fdb->sweep.reclaimed_at) {
		reclaim(fdb);
		fdb->sweep.reclaimed_at = now;
	}
	return removed;
}

static bool is_on_port(const struct fdb_key *key, const struct fdb_entry *e, const void *arg)
{
	(void)key;
	return e->port == *(const uint16_t *)arg;
}

uint32_t fdb_flush_port(struct fdb *fdb, uint16_t port)
{
	return fdb_delete_matching(fdb, is_on_port, &port);
}

static bool is_in_network(const struct fdb_key *key, const struct fdb_entry *e, const void *arg)
{
	(void)e;
	return key->network == *(const uint16_t *)arg;
}

uint32_t fdb_flush_network(struct fdb *fdb, uint16_t network)
{
	return fdb_delete_matching(fdb, is_in_network, &network);
}

uint32_t fdb_drain_requests(struct fdb *fdb, struct rte_ring *ring, uint32_t now)
{
	struct fdb_learn_request req[64];
	uint32_t n, total = 0;

	while ((n = rte_ring_dequeue_burst_elem(ring, req, sizeof(req[0]), 64, NULL)) > 0) {
		for (uint32_t i = 0; i < n; i++)
			fdb_learn(fdb, &req[i].key, req[i].port, req[i].remote, false, now);
		total += n;
	}
	return total;
}
