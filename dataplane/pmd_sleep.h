/* Load-based sleep of an idle PMD ([dataplane] pmd-sleep-max, as Open
 * vSwitch's pmd-sleep-max): a PMD whose polls keep finding nothing sleeps a
 * little longer each time, up to the maximum, and not at all once packets
 * come. It trades a wake-up latency of at most pmd-sleep-max microseconds
 * for a core that is not spinning on an idle host. */
#ifndef SLUICE_PMD_SLEEP_H
#define SLUICE_PMD_SLEEP_H

#include <stdint.h>

/* The next sleep in microseconds after a poll that received `packets`, given
 * the last sleep: none after traffic (or with max_us 0), else twice the last
 * one starting from 1, capped at max_us. */
uint32_t pmd_sleep_next(uint32_t last_us, uint32_t max_us, uint32_t packets);

#endif
