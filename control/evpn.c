/* The EVPN shadow's lifecycle on the control thread: shadows follow the
 * networks, zebra's events are applied as they come, a full dump at start
 * and after an overrun, local MACs exported once a second. */
#include "evpn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_log.h>

#include "evpn_msg.h"

static int on_fdb(const struct nlmsghdr *nlh, void *data)
{
	struct evpn_fdb_msg m;

	if (evpn_msg_parse_fdb(nlh, &m) == 0)
		evpn_remote_apply(data, &m);
	return MNL_CB_OK;
}

struct evpn *evpn_create(struct datapath *dp, char *err, size_t errlen)
{
	struct evpn *e = calloc(1, sizeof(*e));
	uint32_t cap = dp->fdb.capacity;
	int swept;

	if (!e) {
		snprintf(err, errlen, "evpn: out of memory");
		return NULL;
	}
	e->dp = dp;
	e->seen_gen = calloc(cap, sizeof(*e->seen_gen));
	e->exported_key = calloc(cap, sizeof(*e->exported_key));
	e->exported = calloc(cap, 1);
	e->nets = calloc(SLUICE_MAX_NETWORKS, sizeof(*e->nets));
	e->flood_changed = calloc(SLUICE_MAX_NETWORKS, sizeof(*e->flood_changed));
	if (!e->seen_gen || !e->exported_key || !e->exported || !e->nets || !e->flood_changed) {
		snprintf(err, errlen, "evpn: out of memory for %u FDB entries", cap);
		evpn_destroy(e);
		return NULL;
	}
	if (evpn_nl_open(&e->nl, err, errlen) < 0) {
		evpn_destroy(e);
		return NULL;
	}
	/* A sluice killed before it could clean up left its shadows: they
	 * are made again, and zebra re-installs what it knows on them. */
	swept = evpn_shadow_sweep(&e->nl);
	if (swept > 0)
		printf("sluice: evpn: removed %d shadow devices a stopped sluice left\n", swept);
	return e;
}

void evpn_destroy(struct evpn *e)
{
	if (!e)
		return;
	if (e->nl.req && e->nets)
		for (uint16_t n = 0; n < SLUICE_MAX_NETWORKS; n++)
			if (e->nets[n].active)
				evpn_shadow_delete(&e->nl, &e->nets[n]);
	evpn_nl_close(&e->nl);
	free(e->seen_gen);
	free(e->exported_key);
	free(e->exported);
	free(e->nets);
	free(e->flood_changed);
	free(e);
}

static bool wants_shadow(const struct network_config *nc)
{
	return nc->name[0] && nc->type == NETWORK_TYPE_VXLAN && nc->evpn;
}

bool evpn_wanted(const struct sluice_config *cfg)
{
	for (uint32_t n = 0; n < cfg->n_networks; n++)
		if (wants_shadow(&cfg->networks[n]))
			return true;
	return false;
}

int evpn_sync_networks(struct evpn *e, char *err, size_t errlen)
{
	const struct sluice_config *cfg = &e->dp->desired.cfg;
	bool created = false;
	int rc = 0;

	for (uint16_t n = 0; n < SLUICE_MAX_NETWORKS; n++) {
		const struct network_config *nc = &cfg->networks[n];
		struct evpn_shadow *sh = &e->nets[n];
		bool want = n < cfg->n_networks && wants_shadow(nc);

		if (sh->active && (!want || sh->vni != nc->vni)) {
			evpn_shadow_delete(&e->nl, sh);
			evpn_remote_forget(e, n);
		}
		if (!want) {
			sh->failed_vni = 0;
			continue;
		}
		if (sh->active || sh->failed_vni == nc->vni)
			continue;
		if (evpn_shadow_create(&e->nl, nc->name, nc->vni, cfg->vtep.address.addr, sh, err,
				       errlen) < 0) {
			sh->failed_vni = nc->vni;
			rc = -1;
			continue;
		}
		created = true;
	}
	/* zebra may know the VNI already (a restart of sluice): what it installs
	 * on the new device comes as events, the dump catches the rest. */
	if (created)
		evpn_resync(e);
	return rc;
}

int evpn_resync(struct evpn *e)
{
	char buf[EVPN_MSG_MAX];
	int rc;

	evpn_remote_resync_begin(e);
	rc = evpn_nl_call(&e->nl, evpn_msg_fdb_dump(buf, e->nl.seq++), on_fdb, e);
	evpn_remote_resync_end(e);
	e->c.resyncs++;
	e->last_resync = time(NULL);
	if (rc < 0)
		RTE_LOG(ERR, USER1, "evpn: FDB dump failed: %s\n", strerror(-rc));
	return rc;
}

uint32_t evpn_poll(struct evpn *e)
{
	char err[512];
	uint32_t now = datapath_now(e->dp);
	int n;
	uint32_t work = 0;

	/* Networks added or removed by a reload or over the socket. */
	if (evpn_sync_networks(e, err, sizeof(err)) < 0)
		fprintf(stderr, "sluice: %s\n", err);
	n = evpn_nl_drain(&e->nl, on_fdb, e);
	if (n == -ENOBUFS) {
		/* The kernel dropped events: only a dump says what is true now. */
		e->c.overruns++;
		evpn_nl_drain(&e->nl, NULL, NULL);
		evpn_resync(e);
		work++;
	} else {
		work += (uint32_t)n;
	}
	if (now != e->last_export) {
		e->last_export = now;
		work += evpn_export_run(e);
	}
	return work;
}

int evpn_fd(const struct evpn *e)
{
	return evpn_nl_events_fd(&e->nl);
}
