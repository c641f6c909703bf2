/* A tunnel network's flood list as PMDs see it: the operator's static
 * `flood` VTEPs and the ones FRR's zebra installed (control/evpn_remote.c),
 * each VTEP once. */
#ifndef SLUICE_FLOOD_UNION_H
#define SLUICE_FLOOD_UNION_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/values.h"

/* True when addr is in list. */
bool flood_list_has(const struct ipv4_list *list, uint32_t addr);
/* Writes a then the addresses of b not in a into out (SLUICE_MAX_FLOOD
 * slots, never more) and returns how many. */
uint16_t flood_union(const struct ipv4_list *a, const struct ipv4_list *b, uint32_t *out);

#endif
