/* The control thread's MAC aging: a slice of the FDB per tick (fdb_sweep.h)
 * instead of the whole table once a second, so a table of millions costs
 * each tick about the same as a table of ten. */
#ifndef SLUICE_FDB_AGING_H
#define SLUICE_FDB_AGING_H

#include <stdint.h>

struct datapath;

/* The shortest mac-aging of the networks in use (seconds): the sweep covers
 * the whole table once per that period, so an entry goes at most one
 * period after it expired, and never before. 1 with no network. */
uint32_t fdb_aging_period(const struct datapath *dp);
/* One slice; returns the entries removed. */
uint32_t fdb_aging_tick(struct datapath *dp);

#endif
