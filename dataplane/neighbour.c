#include "neighbour.h"

#include <stddef.h>

struct neigh_slot *neigh_slot_get(struct neigh_table *t, uint32_t ip)
{
	uint32_t h = neigh_hash(ip);
	struct neigh_slot *s = neigh_find(t, ip);

	if (s || ip == 0)
		return s;
	/* A new address takes the first never-used slot of its probe sequence;
	 * deleted slots keep their address so readers' sequences stay intact. */
	for (uint32_t i = 0; i < NEIGH_SLOTS; i++, h = (h + 1) & (NEIGH_SLOTS - 1)) {
		s = &t->slot[h];
		if (s->ip != 0)
			continue;
		s->mac = 0;
		s->state = NEIGH_INCOMPLETE;
		s->is_static = 0;
		s->tries = 0;
		s->next_try = 0;
		s->n_waiting = 0;
		__atomic_store_n(&s->ip, ip, __ATOMIC_RELEASE);
		t->count++;
		return s;
	}
	return NULL;
}

int neigh_set(struct neigh_table *t, uint32_t ip, const uint8_t mac[6], bool is_static,
	      uint32_t now)
{
	struct neigh_slot *s = neigh_slot_get(t, ip);
	uint64_t w = NEIGH_VALID;

	if (!s)
		return -1;
	if (s->is_static && !is_static && s->state == NEIGH_REACHABLE)
		return 0;
	for (int i = 0; i < 6; i++)
		w |= (uint64_t)mac[i] << (8 * (5 - i));
	__atomic_store_n(&s->mac, w, __ATOMIC_RELEASE);
	s->state = NEIGH_REACHABLE;
	s->is_static = is_static;
	s->tries = 0;
	s->next_try = 0; /* while reachable: when a refresh may be sent */
	s->updated = now;
	return 0;
}

int neigh_del(struct neigh_table *t, uint32_t ip)
{
	struct neigh_slot *s = neigh_find(t, ip);

	if (!s || s->state == NEIGH_DELETED)
		return -1;
	__atomic_store_n(&s->mac, 0, __ATOMIC_RELEASE);
	s->state = NEIGH_DELETED;
	s->is_static = 0;
	s->tries = 0;
	return 0;
}

uint32_t neigh_age(struct neigh_table *t, uint32_t now, uint32_t max_age)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < NEIGH_SLOTS; i++) {
		struct neigh_slot *s = &t->slot[i];

		if (s->state == NEIGH_REACHABLE && !s->is_static && now - s->updated >= max_age) {
			neigh_del(t, s->ip);
			n++;
		}
	}
	return n;
}
