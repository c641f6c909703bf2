#include "sluice_limits.h"

#include "sizes.h"

struct sluice_limits sluice_limits = {SLUICE_DEFAULT_PORTS, SLUICE_DEFAULT_NETWORKS};

/* 0 (a config built in code, not parsed): the default. */
static uint16_t clamp(uint32_t v, uint32_t dflt, uint32_t lo, uint32_t hi)
{
	return (uint16_t)(v == 0 ? dflt : v < lo ? lo : v > hi ? hi : v);
}

void sluice_limits_set(uint32_t ports, uint32_t networks)
{
	sluice_limits.ports = clamp(ports, SLUICE_DEFAULT_PORTS, 2, SLUICE_PORTS_CEILING);
	sluice_limits.networks =
	    clamp(networks, SLUICE_DEFAULT_NETWORKS, 1, SLUICE_NETWORKS_CEILING);
}
