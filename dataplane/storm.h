/* Storm control's view of a frame: which limited kind of traffic it is.
 * Pure, for the unit tests. */
#ifndef SLUICE_STORM_H
#define SLUICE_STORM_H

#include <stdbool.h>
#include <stdint.h>

enum storm_class {
	STORM_BROADCAST,
	STORM_MULTICAST,
	STORM_UNKNOWN, /* unicast to a MAC the FDB does not know */
	STORM_CLASS_COUNT,
	STORM_NONE = STORM_CLASS_COUNT, /* known unicast: not limited */
};

static inline enum storm_class storm_classify(const uint8_t *dst_mac, bool dst_known)
{
	static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	bool is_bcast = true;

	if (!(dst_mac[0] & 1))
		return dst_known ? STORM_NONE : STORM_UNKNOWN;
	for (int i = 0; i < 6; i++)
		is_bcast = is_bcast && dst_mac[i] == bcast[i];
	return is_bcast ? STORM_BROADCAST : STORM_MULTICAST;
}

/* The bucket depth of a storm limit: a tenth of a second at rate, at least
 * a burst of packets, so a normal ARP exchange never waits on it. */
static inline uint32_t storm_burst(uint32_t rate)
{
	uint32_t b = rate / 10;

	return b < 32 ? 32 : b;
}

#endif
