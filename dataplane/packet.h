/* Pure checks on Ethernet frames, shared by the hot path and the unit tests. */
#ifndef SLUICE_PACKET_H
#define SLUICE_PACKET_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define PACKET_ETHER_HDR_LEN 14

static inline bool mac_is_multicast(const uint8_t *mac)
{
	return (mac[0] & 1) != 0; /* also true for broadcast */
}

static inline bool mac_is_zero(const uint8_t *mac)
{
	return (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]) == 0;
}

/* A source MAC the bridge may learn: a unicast, non-zero address. */
static inline bool mac_is_valid_source(const uint8_t *mac)
{
	return !mac_is_multicast(mac) && !mac_is_zero(mac);
}

/* first_segment_len: bytes in the first mbuf segment. The header must sit in
 * one segment for the bridge to read it in place. */
static inline bool packet_is_runt(uint32_t first_segment_len)
{
	return first_segment_len < PACKET_ETHER_HDR_LEN;
}

#endif
