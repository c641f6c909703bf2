/* BGP EVPN through stock FRR: for every network with `evpn = yes` sluice keeps
 * a shadow of its L2 state in the kernel of its network namespace, where
 * zebra (advertise-all-vni) reads and writes it as it would a Linux VTEP:
 *
 *   slbr<VNI>  a bridge, up
 *   slvx<VNI>  a VXLAN device (id VNI, local = the VTEP, dstport 4790,
 *              nolearning) on the bridge: zebra installs remote MACs
 *              (`MAC dst VTEP self`) and flood VTEPs (00:00:00:00:00:00
 *              dst VTEP) on it; sluice applies them (evpn_remote.c)
 *   slvm<VNI>  one end of a veth pair on the bridge: sluice puts the MACs it
 *              learns on local ports there (evpn_export.c), zebra advertises
 *              them as type-2 routes
 *
 * All run on the control thread. docs/evpn-internals.md tells the why. */
#ifndef SLUICE_EVPN_H
#define SLUICE_EVPN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <net/if.h>

#include "../dataplane/datapath.h"
#include "evpn_nl.h"

struct evpn_counters {
	uint64_t applied;	   /* remote MACs and flood VTEPs added, changed or removed */
	uint64_t ignored_foreign;  /* entries with a dst on devices sluice did not create */
	uint64_t ignored_vni;	   /* on a slvx<VNI> of a VNI sluice has no EVPN network for */
	uint64_t ignored_own_vtep; /* dst is sluice's own VTEP address */
	uint64_t refused_flood;	   /* the flood list has max-flood-vteps VTEPs already */
	uint64_t refused_static;   /* the MAC has the operator's static entry */
	uint64_t refused_fdb_full; /* the FDB is full */
	uint64_t overruns;	   /* the kernel dropped events (ENOBUFS): a resync followed */
	uint64_t resyncs;	   /* full dumps: at start, after an overrun */
	uint64_t exported;	   /* local MACs put on slvm<VNI> */
	uint64_t withdrawn;	   /* local MACs taken off (aged, moved, deleted) */
	uint64_t export_errors;	   /* the kernel refused one of those */
};

/* The shadow of one network (indexed as dp->desired.cfg.networks). */
struct evpn_shadow {
	bool active;
	uint32_t vni;
	uint32_t br, vx, vm, vm_peer; /* ifindexes */
	char br_name[IFNAMSIZ], vx_name[IFNAMSIZ], vm_name[IFNAMSIZ], vm_peer_name[IFNAMSIZ];
	uint32_t failed_vni; /* could not create it for this VNI: not retried each round */
	uint32_t n_exported;
	uint32_t n_remote; /* remote MACs from zebra, counted by the last export pass */
};

struct evpn {
	struct datapath *dp;
	struct evpn_nl nl;
	struct evpn_shadow *nets; /* SLUICE_MAX_NETWORKS */
	struct evpn_counters c;
	time_t last_resync; /* wall clock of the last full dump, 0: never */
	/* Resync: each remote entry seen in the dump gets the dump's number
	 * (indexed as dp->fdb.entries); EVPN entries without it are stale. */
	uint32_t gen;
	uint32_t *seen_gen;
	bool resyncing;
	bool *flood_changed; /* SLUICE_MAX_NETWORKS */
	/* Local MACs on slvm<VNI>, indexed as dp->fdb.entries. */
	struct fdb_key *exported_key;
	uint8_t *exported;
	uint32_t last_export; /* datapath second of the last export pass */
};

/* True when some network of cfg has evpn = yes. */
bool evpn_wanted(const struct sluice_config *cfg);
/* Opens netlink and deletes the devices a killed sluice left (marked ones);
 * shadows are made by evpn_sync_networks(). NULL with err on failure. */
struct evpn *evpn_create(struct datapath *dp, char *err, size_t errlen);
/* Deletes every shadow, closes netlink. */
void evpn_destroy(struct evpn *e);
/* Makes the shadows match dp->desired.cfg: creates those of new EVPN networks (and
 * resyncs), deletes those of networks gone. -1 with err naming the device
 * when one cannot be made (a same-named device sluice did not create). */
int evpn_sync_networks(struct evpn *e, char *err, size_t errlen);
/* One round of the control loop: zebra's events, a resync after an
 * overrun, local MAC export once a second. Returns how much it did. */
uint32_t evpn_poll(struct evpn *e);
/* Full dump of the FDB: afterwards nothing stale remains. */
int evpn_resync(struct evpn *e);
int evpn_fd(const struct evpn *e);

/* evpn_remote.c: one FDB event or dumped entry, and the resync bracket. */
struct evpn_fdb_msg;
void evpn_remote_apply(struct evpn *e, const struct evpn_fdb_msg *m);
void evpn_remote_resync_begin(struct evpn *e);
void evpn_remote_resync_end(struct evpn *e);
/* Forgets a network's flood VTEPs from zebra (its shadow went). */
void evpn_remote_forget(struct evpn *e, uint16_t network);

/* evpn_export.c: local MACs to slvm<VNI>, changes since the last pass;
 * counts each network's remote MACs on the way (evpn_shadow.n_remote). */
uint32_t evpn_export_run(struct evpn *e);

/* evpn_shadow.c: the devices of one network. */
int evpn_shadow_create(struct evpn_nl *nl, const char *network, uint32_t vni, uint32_t local,
		       struct evpn_shadow *sh, char *err, size_t errlen);
void evpn_shadow_delete(struct evpn_nl *nl, struct evpn_shadow *sh);
/* Deletes every device marked as sluice's; returns how many. */
int evpn_shadow_sweep(struct evpn_nl *nl);

#endif
