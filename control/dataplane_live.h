/* The [dataplane] keys that change while sluice runs (rxq.auto): the
 * automatic rebalancer's settings and pmd-sleep-max. rxq.auto and a reload
 * that finds them changed in the file both apply them here, so a reload
 * after rxq.auto sees an in-place change, not a restart. Pure: no DPDK. */
#ifndef SLUICE_DATAPLANE_LIVE_H
#define SLUICE_DATAPLANE_LIVE_H

#include <stdbool.h>

#include "config.h"

/* Is key (a [dataplane] key name) one of them? */
bool dataplane_key_live(const char *key);

/* Copies those keys of from into running; the other keys stay. PMDs read
 * pmd-sleep-max while this runs: it is stored atomically. */
void dataplane_live_apply(struct dataplane_config *running, const struct dataplane_config *from);

#endif
