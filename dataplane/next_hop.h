/* Which underlay address the VTEP sends a tunnel packet to, before ARP turns
 * it into a MAC. Pure; IPv4 addresses are uint32_t in network byte order. */
#ifndef SLUICE_NEXT_HOP_H
#define SLUICE_NEXT_HOP_H

#include <stdbool.h>
#include <stdint.h>

/* addr lies in prefix/len (len 0..32; a longer len contains nothing). */
bool ipv4_prefix_contains(uint32_t addr, uint32_t prefix, uint8_t len);

/* The VTEP is local_addr/prefix_len with an optional gateway (0: none). A
 * remote VTEP on the link is its own next hop; any other goes through the
 * gateway. Returns 0 with *next_hop set, or -1 (count DROP_TUNNEL_NO_NEXT_HOP)
 * when the remote is off the link and there is no gateway, the gateway is
 * itself off the link, the remote is local_addr, or prefix_len is over 32. */
int vtep_next_hop(uint32_t local_addr, uint8_t prefix_len, uint32_t gateway, uint32_t remote,
		  uint32_t *next_hop);

#endif
