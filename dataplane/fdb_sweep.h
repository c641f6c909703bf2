/* Walking the FDB's entries array by index, a slice at a time.
 *
 * Entries never move in that array (the hash stores their index), so an
 * index is a cursor that stays valid across inserts and deletes: every
 * entry present for a whole walk is seen exactly once. The aging sweep
 * walks it a slice per control tick, paced so the whole table is covered
 * once per aging period; fdb.show walks it a page at a time. */
#ifndef SLUICE_FDB_SWEEP_H
#define SLUICE_FDB_SWEEP_H

#include <stdbool.h>
#include <stdint.h>

/* Most entries one control tick looks at: about 0.4 MB of entries, tens
 * of microseconds, so a tick stays short whatever the table's size. */
#define FDB_SWEEP_MAX_SLICE 16384

struct fdb_sweep {
	uint32_t cursor;  /* next index the sweep looks at */
	bool started;	  /* last_ms is set */
	uint64_t last_ms; /* when the last slice was paced */
	/* Entries owed, in 1/period_ms units: the fraction carries over so
	 * a slow pace (a small table, a long period) still advances. */
	uint64_t owed;
	uint32_t reclaimed_at; /* second of the last grace period the sweep waited for */
};

/* How many indices the sweep looks at now, for capacity entries covered
 * once every period_s seconds (> 0): time since the last call times
 * capacity / period, at most max. What max cuts off is owed to later
 * calls, up to one whole table. */
uint32_t fdb_sweep_due(struct fdb_sweep *s, uint32_t capacity, uint32_t period_s, uint64_t now_ms,
		       uint32_t max);

struct fdb_entry;

/* The index of the first entry in use among entries[from .. from + budget),
 * within capacity; from + budget (or capacity) when there is none. */
uint32_t fdb_walk_next(const struct fdb_entry *entries, uint32_t capacity, uint32_t from,
		       uint32_t budget);

#endif
