/* Local state to zebra: MACs sluice learned (or was given) on local ports of
 * an EVPN network become `MAC dev slvm<VNI> master static` entries of the
 * shadow bridge; zebra advertises them as type-2 routes. A MAC that aged,
 * moved to a remote VTEP or was deleted is withdrawn on the next pass. */
#include <errno.h>
#include <string.h>

#include "evpn.h"
#include "evpn_msg.h"

static bool is_local(const struct evpn *e, const struct fdb_key *key, const struct fdb_entry *ent)
{
	return ent->remote == 0 && ent->is_static != FDB_ORIGIN_EVPN &&
	       key->network < SLUICE_MAX_NETWORKS && e->nets[key->network].active;
}

static int send_mac(struct evpn *e, bool del, uint16_t network, const uint8_t mac[6])
{
	char buf[EVPN_MSG_MAX];
	struct nlmsghdr *nlh = evpn_msg_local_mac(buf, e->nl.seq++, del, e->nets[network].vm, mac);
	int rc = evpn_nl_call(&e->nl, nlh, NULL, NULL);

	/* Gone already (zebra removed it when the MAC moved away): withdrawn. */
	if (rc < 0 && !(del && rc == -ENOENT)) {
		e->c.export_errors++;
		return rc;
	}
	return 0;
}

/* Entries exported earlier that are no longer local MACs of an EVPN network. */
static uint32_t withdraw(struct evpn *e)
{
	const struct fdb *fdb = &e->dp->fdb;
	uint32_t work = 0;

	for (uint32_t i = 0; i < fdb->capacity; i++) {
		const struct fdb_entry *ent = &fdb->entries[i];
		const struct fdb_key *key = &e->exported_key[i];

		if (!e->exported[i])
			continue;
		if (ent->in_use && ent->key == fdb_key_word(key) && is_local(e, key, ent))
			continue;
		e->exported[i] = 0;
		work++;
		/* A network whose shadow went took its entries with it. */
		if (!e->nets[key->network].active)
			continue;
		e->nets[key->network].n_exported--;
		if (send_mac(e, true, key->network, key->mac) == 0)
			e->c.withdrawn++;
	}
	return work;
}

uint32_t evpn_export_run(struct evpn *e)
{
	const struct fdb *fdb = &e->dp->fdb;
	const void *k;
	void *data;
	uint32_t iter = 0, work = withdraw(e);

	for (uint16_t n = 0; n < SLUICE_MAX_NETWORKS; n++)
		e->nets[n].n_remote = 0;
	while (rte_hash_iterate(fdb->hash, &k, &data, &iter) >= 0) {
		uint32_t idx = (uint32_t)(uintptr_t)data;
		const struct fdb_key *key = k;

		/* evpn.show's count, so that a request walks nothing. */
		if (fdb->entries[idx].is_static == FDB_ORIGIN_EVPN &&
		    key->network < SLUICE_MAX_NETWORKS)
			e->nets[key->network].n_remote++;
		if (e->exported[idx] || !is_local(e, key, &fdb->entries[idx]))
			continue;
		work++;
		if (send_mac(e, false, key->network, key->mac) < 0)
			continue; /* tried again next pass */
		e->exported[idx] = 1;
		e->exported_key[idx] = *key;
		e->nets[key->network].n_exported++;
		e->c.exported++;
	}
	return work;
}
