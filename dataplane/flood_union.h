/* A tunnel network's flood list as PMDs see it: the operator's static
 * `flood` VTEPs and the ones FRR's zebra installed (control/evpn_remote.c),
 * each VTEP once, at most [vtep] max-flood-vteps. */
#ifndef SLUICE_FLOOD_UNION_H
#define SLUICE_FLOOD_UNION_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/values.h"

/* Flood VTEPs learned at run time (EVPN): addrs holds max-flood-vteps,
 * allocated on first use (flood_vteps_reserve); NULL until then. */
struct flood_vteps {
	uint32_t n;
	uint32_t *addrs;
};

/* True when addr is in list. */
bool flood_list_has(const struct ipv4_list *list, uint32_t addr);
bool flood_vteps_has(const struct flood_vteps *list, uint32_t addr);
/* Room for max addresses in list (once): 0, or -1 without memory. */
int flood_vteps_reserve(struct flood_vteps *list, uint32_t max);
void flood_vteps_free(struct flood_vteps *list);
/* How many addresses a and b hold together, each once. */
uint32_t flood_union_count(const struct ipv4_list *a, const struct flood_vteps *b);
/* Writes a then the addresses of b not in a into out (max slots, never
 * more) and returns how many. */
uint16_t flood_union(const struct ipv4_list *a, const struct flood_vteps *b, uint32_t *out,
		     uint32_t max);

#endif
