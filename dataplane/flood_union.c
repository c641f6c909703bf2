/* Static and EVPN flood VTEPs merged for the forwarding view. */
#include "flood_union.h"

bool flood_list_has(const struct ipv4_list *list, uint32_t addr)
{
	for (uint32_t i = 0; i < list->n; i++)
		if (list->addrs[i] == addr)
			return true;
	return false;
}

uint16_t flood_union(const struct ipv4_list *a, const struct ipv4_list *b, uint32_t *out)
{
	uint16_t n = 0;

	for (uint32_t i = 0; i < a->n && n < SLUICE_MAX_FLOOD; i++)
		out[n++] = a->addrs[i];
	/* A VTEP both static and from EVPN gets one copy, not two. */
	for (uint32_t i = 0; i < b->n && n < SLUICE_MAX_FLOOD; i++)
		if (!flood_list_has(a, b->addrs[i]))
			out[n++] = b->addrs[i];
	return n;
}
