#include "neighbour.h"

#include <stddef.h>
#include <string.h>

uint32_t neigh_slots_for(uint32_t max)
{
	uint64_t want = ((uint64_t)max * 4 + 2) / 3; /* 4/3 of max, rounded up */
	uint32_t n = 1;

	while (n < want)
		n <<= 1;
	return n;
}

size_t neigh_table_bytes(uint32_t max)
{
	return (size_t)neigh_slots_for(max) * sizeof(struct neigh_slot);
}

void neigh_table_init(struct neigh_table *t, struct neigh_slot *slots, uint32_t max)
{
	memset(t, 0, sizeof(*t));
	t->slot = slots;
	t->n_slots = neigh_slots_for(max);
	t->mask = t->n_slots - 1;
	t->learn_max = max;
}

static bool is_live(const struct neigh_slot *s)
{
	return s->state == NEIGH_INCOMPLETE || s->state == NEIGH_REACHABLE;
}

/* A slot a new address may take: never used, or deleted with nothing left
 * waiting for its old address. */
static bool is_takeable(const struct neigh_slot *s)
{
	return s->ip == 0 || (s->state == NEIGH_DELETED && s->n_waiting == 0);
}

/* s, live again as an incomplete entry with nothing learned. */
static void slot_start(struct neigh_table *t, struct neigh_slot *s)
{
	s->state = NEIGH_INCOMPLETE;
	s->is_static = 0;
	s->tries = 0;
	s->next_try = 0;
	t->live++;
}

struct neigh_slot *neigh_slot_get(struct neigh_table *t, uint32_t ip)
{
	uint32_t h = neigh_hash(t, ip);
	struct neigh_slot *s = neigh_find(t, ip);
	uint32_t old_ip;

	if (ip == 0)
		return NULL;
	if (s) {
		if (!is_live(s))
			slot_start(t, s); /* deleted, the same address back */
		return s;
	}
	/* ip is on no slot up to the first free one of its sequence: the first
	 * takeable slot on the way is where readers will find it. */
	s = NULL;
	for (uint32_t i = 0; i < t->n_slots; i++, h = (h + 1) & t->mask) {
		s = &t->slot[h];
		if (is_takeable(s))
			break;
	}
	if (!s || !is_takeable(s))
		return NULL;
	old_ip = s->ip;
	__atomic_store_n(&s->mac, 0, __ATOMIC_RELEASE); /* 0 already when deleted */
	s->n_waiting = 0;
	__atomic_store_n(&s->ip, ip, __ATOMIC_RELEASE);
	if (old_ip == 0)
		t->count++;
	else if (t->quiesce)
		/* Readers that found the slot as old_ip are done before our
		 * caller may publish ip's MAC (neighbour.h). */
		t->quiesce(t->quiesce_arg);
	slot_start(t, s);
	return s;
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

int neigh_learn(struct neigh_table *t, uint32_t ip, const uint8_t mac[6], uint32_t now)
{
	const struct neigh_slot *s = neigh_find(t, ip);

	if (!(s && is_live(s)) && t->live >= t->learn_max)
		return -1;
	return neigh_set(t, ip, mac, false, now);
}

int neigh_del(struct neigh_table *t, uint32_t ip)
{
	struct neigh_slot *s = neigh_find(t, ip);

	if (!s || !is_live(s))
		return -1;
	__atomic_store_n(&s->mac, 0, __ATOMIC_RELEASE);
	s->state = NEIGH_DELETED;
	s->is_static = 0;
	s->tries = 0;
	t->live--;
	return 0;
}

uint32_t neigh_age(struct neigh_table *t, uint32_t now, uint32_t max_age)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < t->n_slots; i++) {
		struct neigh_slot *s = &t->slot[i];

		if (s->state == NEIGH_REACHABLE && !s->is_static && now - s->updated >= max_age) {
			neigh_del(t, s->ip);
			n++;
		}
	}
	return n;
}
