#include "fdb_sweep.h"

#include "fdb_entry.h"

uint32_t fdb_sweep_due(struct fdb_sweep *s, uint32_t capacity, uint32_t period_s, uint64_t now_ms,
		       uint32_t max)
{
	uint64_t period_ms = (uint64_t)period_s * 1000, elapsed, due;

	if (!s->started || now_ms < s->last_ms) {
		s->started = true;
		s->last_ms = now_ms;
		return 0;
	}
	elapsed = now_ms - s->last_ms;
	s->last_ms = now_ms;
	if (elapsed > period_ms)
		elapsed = period_ms; /* more than a whole table is never owed */
	s->owed += elapsed * capacity;
	due = s->owed / period_ms;
	if (due > max)
		due = max;
	s->owed -= due * period_ms;
	if (s->owed > period_ms * capacity)
		s->owed = period_ms * capacity;
	return (uint32_t)due;
}

uint32_t fdb_walk_next(const struct fdb_entry *entries, uint32_t capacity, uint32_t from,
		       uint32_t budget)
{
	uint64_t end = (uint64_t)from + budget;

	if (end > capacity)
		end = capacity;
	for (uint64_t i = from; i < end; i++)
		if (entries[i].in_use)
			return (uint32_t)i;
	return (uint32_t)end;
}
