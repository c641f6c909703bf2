/* The run-time limits on ports and networks ([dataplane] max-ports and
 * max-networks): fixed at start, before anything is sized by them. One
 * process runs one datapath, so they are process-wide; every array indexed
 * by a port or a network is allocated with these lengths. */
#ifndef SLUICE_COMMON_LIMITS_H
#define SLUICE_COMMON_LIMITS_H

#include <stdint.h>

struct sluice_limits {
	uint16_t ports;
	uint16_t networks;
};

/* SLUICE_DEFAULT_PORTS and SLUICE_DEFAULT_NETWORKS until sluice_limits_set. */
extern struct sluice_limits sluice_limits;

/* Called by datapath_create from the config, before it allocates: 0 is the
 * default, values outside the keys' ranges are clamped (the config parser
 * has refused them). */
void sluice_limits_set(uint32_t ports, uint32_t networks);

#endif
