/* The VTEP's neighbour table: IPv4 next hop on the underlay link -> MAC.
 *
 * The control thread is the only writer; PMDs read it lock-free. It is a
 * fixed open-addressing array whose slots never go back to free once they
 * hold an address, so a probe sequence never breaks under a reader. The
 * MAC and its valid bit are one 64-bit word, stored and loaded atomically: a
 * reader sees the old or the new MAC, never half of each.
 *
 * Its size is fixed at start ([vtep] max-neighbours, neigh_table_init):
 * slots are the next power of two of 4/3 of it, so probes stay short.
 *
 * Deleting a neighbour clears its MAC and keeps its address; a later new
 * address may take the deleted slot (else every address ever seen would fill
 * the table for good). A reader that found the slot under the old address
 * may still be about to load its MAC, so the writer changes owners in this
 * order: the MAC is already 0; store the new address; wait until every
 * reader has finished what it started before (quiesce, an RCU grace period
 * in the datapath); only then may the new MAC be published. A reader thus
 * sees the old address with no MAC, or the new address with the new MAC or
 * none; never the old address with the new MAC. Pure: no DPDK. */
#ifndef SLUICE_NEIGHBOUR_H
#define SLUICE_NEIGHBOUR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NEIGH_VALID (1ull << 63)

enum neigh_state {
	NEIGH_FREE,	  /* never used */
	NEIGH_INCOMPLETE, /* asked for, no answer yet */
	NEIGH_REACHABLE,  /* MAC known */
	NEIGH_DELETED,	  /* MAC cleared; address kept until a new one takes the slot */
};

struct neigh_slot {
	uint32_t ip;  /* network order; 0: free. PMDs read this ... */
	uint64_t mac; /* ... and this: NEIGH_VALID | MAC in the low 48 bits, or 0 */
	/* control thread only */
	uint8_t state; /* enum neigh_state */
	uint8_t is_static;
	uint16_t tries;	   /* ARP requests sent since the last answer */
	uint32_t updated;  /* seconds: when the MAC was last confirmed */
	uint64_t next_try; /* TSC of the next ARP request while incomplete */
	/* Packets queued for this neighbour (vtep_arp.c): a deleted slot with
	 * some still queued keeps its address, so they never go to another. */
	uint16_t n_waiting;
};

struct neigh_table {
	struct neigh_slot *slot; /* n_slots of them, allocated by the owner */
	uint32_t n_slots;	 /* a power of two; 0: no table (no [vtep]) */
	uint32_t mask;		 /* n_slots - 1 */
	/* Senders learned from ARP requests to the VTEP stop here (max-
	 * neighbours): the slots beyond stay for the next hops the VTEP itself
	 * needs and for static entries. */
	uint32_t learn_max;
	uint32_t count; /* slots with an address (never free again) */
	uint32_t live;	/* entries incomplete or reachable */
	/* Returns once no reader still uses a slot it found before the call (an
	 * RCU grace period). NULL: no reader runs concurrently. */
	void (*quiesce)(void *arg);
	void *quiesce_arg;
};

/* Slots for max entries: the next power of two of 4/3 of it. */
uint32_t neigh_slots_for(uint32_t max);
/* Bytes of slot storage neigh_table_init wants for max entries. */
size_t neigh_table_bytes(uint32_t max);
/* Sets t up over slots (neigh_table_bytes(max) zeroed bytes, owned by the
 * caller): learned entries stop at max. */
void neigh_table_init(struct neigh_table *t, struct neigh_slot *slots, uint32_t max);

/* Multiplicative hash, high bits folded down so the run-time mask keeps
 * the well-mixed ones whatever the table's size. */
static inline uint32_t neigh_hash(const struct neigh_table *t, uint32_t ip)
{
	uint32_t h = ip * 2654435761u;

	return (h ^ (h >> 16)) & t->mask;
}

/* Any thread. The slot holding ip, or NULL. */
static inline struct neigh_slot *neigh_find(struct neigh_table *t, uint32_t ip)
{
	uint32_t h = neigh_hash(t, ip);

	if (ip == 0) /* marks a free slot: never an entry */
		return NULL;
	for (uint32_t i = 0; i < t->n_slots; i++, h = (h + 1) & t->mask) {
		uint32_t s = __atomic_load_n(&t->slot[h].ip, __ATOMIC_ACQUIRE);

		if (s == ip)
			return &t->slot[h];
		if (s == 0)
			return NULL;
	}
	return NULL;
}

/* Any thread: true with mac set when ip is resolved. */
static inline bool neigh_lookup(struct neigh_table *t, uint32_t ip, uint8_t mac[6])
{
	const struct neigh_slot *s = neigh_find(t, ip);
	uint64_t w;

	if (!s)
		return false;
	w = __atomic_load_n(&s->mac, __ATOMIC_ACQUIRE);
	if (!(w & NEIGH_VALID))
		return false;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)(w >> (8 * (5 - i)));
	return true;
}

/* Control thread. The live slot for ip (incomplete when new): its own, or a
 * free or deleted one of its probe sequence; NULL when the table is full. */
struct neigh_slot *neigh_slot_get(struct neigh_table *t, uint32_t ip);
/* Control thread: ip is at mac. A static entry is only replaced by another
 * static one. Returns 0, or -1 when the table is full or ip is 0. */
int neigh_set(struct neigh_table *t, uint32_t ip, const uint8_t mac[6], bool is_static,
	      uint32_t now);
/* Control thread: neigh_set of a dynamic entry learned from an ARP sender,
 * which takes a new slot only while fewer than learn_max are live.
 * Returns 0, or -1 when not learned. */
int neigh_learn(struct neigh_table *t, uint32_t ip, const uint8_t mac[6], uint32_t now);
/* Control thread: forget the MAC; the slot may go to another address later.
 * 0, or -1 if unknown. */
int neigh_del(struct neigh_table *t, uint32_t ip);
/* A learned entry within window seconds of aging out: time to confirm it with
 * a unicast ARP request, so a neighbour in use never expires under traffic. */
static inline bool neigh_refresh_due(const struct neigh_slot *s, uint32_t now, uint32_t max_age,
				     uint32_t window)
{
	return s->state == NEIGH_REACHABLE && !s->is_static && now - s->updated + window >= max_age;
}

/* Control thread: forget dynamic entries not confirmed for max_age seconds. */
uint32_t neigh_age(struct neigh_table *t, uint32_t now, uint32_t max_age);

#endif
