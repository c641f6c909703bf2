/* Remote state from zebra: FDB entries on slvx<VNI> become remote FDB entries
 * (MAC dst VTEP) and flood VTEPs (00:00:00:00:00:00 dst VTEP) of the network. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <rte_log.h>

#include "../dataplane/flood_union.h"
#include "../dataplane/lifecycle.h"
#include "evpn.h"
#include "evpn_classify.h"

static int network_of_vxlan(const struct evpn *e, uint32_t ifindex)
{
	for (int n = 0; n < SLUICE_MAX_NETWORKS; n++)
		if (e->nets[n].active && e->nets[n].vx == ifindex)
			return n;
	return -1;
}

static bool is_ours(const struct evpn *e, uint32_t ifindex)
{
	for (int n = 0; n < SLUICE_MAX_NETWORKS; n++) {
		const struct evpn_shadow *sh = &e->nets[n];

		if (sh->active &&
		    (sh->br == ifindex || sh->vm == ifindex || sh->vm_peer == ifindex))
			return true;
	}
	return false;
}

/* The forwarding view floods to the new list now; during a resync once,
 * at its end. */
static void flood_publish(struct evpn *e, uint16_t network)
{
	struct network_config nc = e->dp->desired.cfg.networks[network];
	char err[256];

	if (e->resyncing) {
		e->flood_changed[network] = true;
		return;
	}
	if (datapath_network_update(e->dp, network, &nc, err, sizeof(err)) < 0)
		RTE_LOG(ERR, USER1, "evpn: network %s: %s\n", nc.name, err);
}

/* A new flood VTEP that would make the list longer than max-flood-vteps
 * (static and EVPN together) is refused, counted and said. */
static bool flood_refused(struct evpn *e, uint16_t network, const struct evpn_fdb_msg *m)
{
	const struct ipv4_list *fixed = &e->dp->desired.cfg.networks[network].flood;
	struct flood_vteps *dyn = &e->dp->desired.evpn_flood[network];
	uint32_t max = e->dp->desired.cfg.vtep.max_flood_vteps;
	struct in_addr a = {.s_addr = m->dst};
	char ip[INET_ADDRSTRLEN];

	if (flood_vteps_reserve(dyn, max) == 0 && dyn->n < max &&
	    (flood_list_has(fixed, m->dst) || flood_union_count(fixed, dyn) < max))
		return false;
	e->c.refused_flood++;
	RTE_LOG(WARNING, USER1,
		"evpn: network %s: flood VTEP %s refused: the network floods to %u VTEPs "
		"already, [vtep] max-flood-vteps = %u (raise it, needs a restart)\n",
		e->dp->desired.cfg.networks[network].name, inet_ntop(AF_INET, &a, ip, sizeof(ip)),
		flood_union_count(fixed, dyn), max);
	return true;
}

static void flood_apply(struct evpn *e, uint16_t network, const struct evpn_fdb_msg *m)
{
	struct flood_vteps *dyn = &e->dp->desired.evpn_flood[network];
	uint32_t i;

	for (i = 0; i < dyn->n && dyn->addrs[i] != m->dst; i++)
		;
	if (m->del) {
		if (i == dyn->n)
			return;
		dyn->addrs[i] = dyn->addrs[--dyn->n];
	} else {
		if (i < dyn->n || flood_refused(e, network, m))
			return;
		dyn->addrs[dyn->n++] = m->dst;
	}
	e->c.applied++;
	flood_publish(e, network);
}

static void mac_apply(struct evpn *e, uint16_t network, const struct evpn_fdb_msg *m)
{
	struct datapath *dp = e->dp;
	struct fdb_key key;
	const struct fdb_entry *entry;
	int port = datapath_find_port(dp, dp->desired.cfg.vtep.port);
	int rc;

	fdb_key_set(&key, m->mac, network);
	entry = fdb_find(&dp->fdb, &key);
	if (m->del) {
		/* Only zebra's own entry for that VTEP: when a VM moved here, the
		 * local entry that replaced it stays (mobility, evpn.h). */
		if (entry && entry->is_static == FDB_ORIGIN_EVPN && entry->remote == m->dst &&
		    fdb_delete(&dp->fdb, &key) == 0)
			e->c.applied++;
		return;
	}
	if (port < 0)
		return;
	rc = fdb_learn(&dp->fdb, &key, (uint16_t)port, m->dst, FDB_ORIGIN_EVPN, datapath_now(dp));
	if (rc == -EPERM) {
		e->c.refused_static++;
		return;
	}
	if (rc < 0) {
		e->c.refused_fdb_full++;
		return;
	}
	e->c.applied++;
	entry = fdb_find(&dp->fdb, &key);
	if (entry && e->seen_gen)
		e->seen_gen[entry - dp->fdb.entries] = e->gen;
}

void evpn_remote_apply(struct evpn *e, const struct evpn_fdb_msg *m)
{
	int network = network_of_vxlan(e, m->ifindex);
	enum evpn_device device = network >= 0		   ? EVPN_DEVICE_VXLAN
				  : is_ours(e, m->ifindex) ? EVPN_DEVICE_OURS
							   : EVPN_DEVICE_OTHER;
	char name[IF_NAMESIZE] = "";

	if (device == EVPN_DEVICE_OTHER && !if_indextoname(m->ifindex, name))
		name[0] = '\0';
	switch (evpn_classify(m, device, name, e->dp->desired.cfg.vtep.address.addr)) {
	case EVPN_SKIP:
		break;
	case EVPN_IGNORE_FOREIGN:
		e->c.ignored_foreign++;
		break;
	case EVPN_IGNORE_VNI:
		e->c.ignored_vni++;
		break;
	case EVPN_IGNORE_OWN_VTEP:
		e->c.ignored_own_vtep++;
		break;
	case EVPN_FLOOD_VTEP:
		flood_apply(e, (uint16_t)network, m);
		break;
	case EVPN_REMOTE_MAC:
		mac_apply(e, (uint16_t)network, m);
		break;
	}
}

void evpn_remote_resync_begin(struct evpn *e)
{
	e->gen++;
	e->resyncing = true;
	/* The dump says again which VTEPs flood; any it does not name go. */
	for (uint16_t n = 0; n < SLUICE_MAX_NETWORKS; n++)
		if (e->nets[n].active && e->dp->desired.evpn_flood[n].n) {
			e->dp->desired.evpn_flood[n].n = 0;
			e->flood_changed[n] = true;
		}
}

struct stale_arg {
	const struct evpn *e;
};

static bool is_stale(const struct fdb_key *key, const struct fdb_entry *entry, const void *arg)
{
	const struct evpn *e = ((const struct stale_arg *)arg)->e;

	return entry->is_static == FDB_ORIGIN_EVPN && key->network < SLUICE_MAX_NETWORKS &&
	       e->nets[key->network].active && e->seen_gen[entry - e->dp->fdb.entries] != e->gen;
}

void evpn_remote_resync_end(struct evpn *e)
{
	struct stale_arg arg = {.e = e};
	uint32_t removed = fdb_delete_matching(&e->dp->fdb, is_stale, &arg);

	e->c.applied += removed;
	e->resyncing = false;
	for (uint16_t n = 0; n < SLUICE_MAX_NETWORKS; n++)
		if (e->flood_changed[n]) {
			e->flood_changed[n] = false;
			flood_publish(e, n);
		}
}

void evpn_remote_forget(struct evpn *e, uint16_t network)
{
	e->dp->desired.evpn_flood[network].n = 0;
	e->flood_changed[network] = false;
}
