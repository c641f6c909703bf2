#include <arpa/inet.h>

#include "next_hop.h"

bool ipv4_prefix_contains(uint32_t addr, uint32_t prefix, uint8_t len)
{
	uint32_t mask;

	if (len > 32)
		return false;
	/* A shift by 32 is undefined: /0 gets its empty mask by hand. */
	mask = len == 0 ? 0 : UINT32_MAX << (32 - len);
	return ((ntohl(addr) ^ ntohl(prefix)) & mask) == 0;
}

int vtep_next_hop(uint32_t local_addr, uint8_t prefix_len, uint32_t gateway, uint32_t remote,
		  uint32_t *next_hop)
{
	if (prefix_len > 32 || remote == local_addr)
		return -1;
	if (ipv4_prefix_contains(remote, local_addr, prefix_len)) {
		*next_hop = remote;
		return 0;
	}
	if (gateway == 0 || gateway == local_addr ||
	    !ipv4_prefix_contains(gateway, local_addr, prefix_len))
		return -1;
	*next_hop = gateway;
	return 0;
}
