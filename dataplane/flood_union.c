/* Static and EVPN flood VTEPs merged for the forwarding view. */
#include "flood_union.h"

#include <stdlib.h>

bool flood_list_has(const struct ipv4_list *list, uint32_t addr)
{
	for (uint32_t i = 0; i < list->n; i++)
		if (list->addrs[i] == addr)
			return true;
	return false;
}

bool flood_vteps_has(const struct flood_vteps *list, uint32_t addr)
{
	for (uint32_t i = 0; i < list->n; i++)
		if (list->addrs[i] == addr)
			return true;
	return false;
}

int flood_vteps_reserve(struct flood_vteps *list, uint32_t max)
{
	if (!list->addrs)
		list->addrs = calloc(max, sizeof(*list->addrs));
	return list->addrs ? 0 : -1;
}

void flood_vteps_free(struct flood_vteps *list)
{
	free(list->addrs);
	list->addrs = NULL;
	list->n = 0;
}

uint32_t flood_union_count(const struct ipv4_list *a, const struct flood_vteps *b)
{
	uint32_t n = a->n;

	for (uint32_t i = 0; i < b->n; i++)
		n += !flood_list_has(a, b->addrs[i]);
	return n;
}

uint16_t flood_union(const struct ipv4_list *a, const struct flood_vteps *b, uint32_t *out,
		     uint32_t max)
{
	uint16_t n = 0;

	for (uint32_t i = 0; i < a->n && n < max; i++)
		out[n++] = a->addrs[i];
	/* A VTEP both static and from EVPN gets one copy, not two. */
	for (uint32_t i = 0; i < b->n && n < max; i++)
		if (!flood_list_has(a, b->addrs[i]))
			out[n++] = b->addrs[i];
	return n;
}
