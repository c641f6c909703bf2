/* A token bucket: at most `rate` events a second on average, `burst` at
 * once. Pure and lock-free by ownership: one bucket belongs to one PMD (the
 * ICMP answers of one port on one core), so the limit a port sees is per
 * core. Time is whatever monotonic counter the caller has (TSC cycles). */
#ifndef SLUICE_RATE_LIMIT_H
#define SLUICE_RATE_LIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct rate_limit {
	uint64_t last;	 /* time of the last refill; 0: never used (starts full) */
	uint64_t tokens; /* in units of 1/hz of an event, so no division per call */
};

/* True when an event may happen at time now (hz ticks a second), taking
 * one token; false when the bucket is empty. */
bool rate_limit_take(struct rate_limit *rl, uint64_t now, uint64_t hz, uint32_t rate,
		     uint32_t burst);
/* The same for n events at once (a burst of packets of one kind): takes
 * and returns how many of them fit, 0..n. */
uint32_t rate_limit_take_n(struct rate_limit *rl, uint64_t now, uint64_t hz, uint32_t rate,
			   uint32_t burst, uint32_t n);

#endif
