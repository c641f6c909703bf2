#include "reload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../dataplane/lifecycle.h"
#include "../dataplane/vtep_arp.h"
#include "dataplane_live.h"
#include "port_live.h"

/* What undoes one applied step. */
enum undo_kind {
	UNDO_ADD_PORT,	  /* a port was deleted: add it back */
	UNDO_DEL_PORT,	  /* a port was added: delete it */
	UNDO_ADD_NETWORK, /* a network was deleted: add it back */
	UNDO_DEL_NETWORK, /* a network was added: delete it */
	UNDO_SET_NETWORK, /* a network was updated: put the old keys back */
	UNDO_SET_PORT,	  /* a port was updated in place: put the old keys back */
	UNDO_SET_NEIGHBOUR,
	UNDO_DEL_NEIGHBOUR,
	UNDO_SET_DATAPLANE, /* the live [dataplane] keys changed: put the old ones back */
};

struct undo {
	enum undo_kind kind;
	char name[SLUICE_NAME_MAX];
	union {
		struct port_config port;
		struct network_config network;
		struct dataplane_config dataplane;
		struct {
			uint32_t ip;
			uint8_t mac[6];
		} neighbour;
	};
};

struct journal {
	uint32_t n;
	struct undo steps[DIFF_MAX_ENTRIES * 2];
};

static struct undo *push(struct journal *j, enum undo_kind kind, const char *name)
{
	struct undo *u = &j->steps[j->n++];

	u->kind = kind;
	snprintf(u->name, sizeof(u->name), "%s", name);
	return u;
}

static int neighbour_of(const struct neighbour_list *l, uint32_t ip)
{
	for (uint32_t i = 0; i < l->n; i++)
		if (l->entries[i].ip == ip)
			return (int)i;
	return -1;
}

/* Best effort: each undo is an ordinary change that may itself fail (say a
 * device that no longer opens); it is logged and the rest still run. */
static void undo_all(struct datapath *dp, struct journal *j)
{
	char why[512];

	while (j->n) {
		struct undo *u = &j->steps[--j->n];
		int i, rc = 0;

		switch (u->kind) {
		case UNDO_ADD_PORT:
			rc = datapath_port_add(dp, &u->port, why, sizeof(why));
			break;
		case UNDO_DEL_PORT:
			i = datapath_find_port(dp, u->name);
			rc = i < 0 ? 0 : datapath_port_del(dp, (uint16_t)i);
			snprintf(why, sizeof(why), "out of memory for the forwarding view");
			break;
		case UNDO_ADD_NETWORK:
			rc = datapath_network_add(dp, &u->network, why, sizeof(why));
			break;
		case UNDO_DEL_NETWORK:
			i = datapath_find_network(dp, u->name);
			rc = i < 0 ? 0 : datapath_network_del(dp, (uint16_t)i, why, sizeof(why));
			break;
		case UNDO_SET_NETWORK:
			i = datapath_find_network(dp, u->name);
			rc = i < 0 ? 0
				   : datapath_network_update(dp, (uint16_t)i, &u->network, why,
							     sizeof(why));
			break;
		case UNDO_SET_PORT:
			i = datapath_find_port(dp, u->name);
			rc = i < 0 ? 0
				   : datapath_port_update(dp, (uint16_t)i, &u->port, why,
							  sizeof(why));
			break;
		case UNDO_SET_NEIGHBOUR:
			rc = vtep_neighbour_add(dp, u->neighbour.ip, u->neighbour.mac);
			snprintf(why, sizeof(why), "the neighbour table is full");
			break;
		case UNDO_DEL_NEIGHBOUR:
			vtep_neighbour_del(dp, u->neighbour.ip);
			break;
		case UNDO_SET_DATAPLANE:
			dataplane_live_apply(&dp->desired.cfg.dataplane, &u->dataplane);
			break;
		}
		if (rc < 0)
			RTE_LOG(ERR, USER1, "reload: cannot undo the change of %s: %s\n", u->name,
				why);
	}
}

static int del_port(struct datapath *dp, struct journal *j, const char *name, char *err,
		    size_t errlen)
{
	int i = datapath_find_port(dp, name);
	struct port_config saved;

	if (i < 0 || !datapath_port_in_use(dp, (uint16_t)i)) {
		snprintf(err, errlen, "port '%s' is not running", name);
		return -1;
	}
	saved = dp->desired.cfg.ports[i];
	if (datapath_port_del(dp, (uint16_t)i) < 0) {
		snprintf(err, errlen, "port '%s': out of memory for the forwarding view", name);
		return -1;
	}
	push(j, UNDO_ADD_PORT, name)->port = saved;
	return 0;
}

static int add_port(struct datapath *dp, struct journal *j, const struct port_config *pc, char *err,
		    size_t errlen)
{
	char why[512];

	if (datapath_port_add(dp, pc, why, sizeof(why)) < 0) {
		char named[SLUICE_NAME_MAX + 16];

		/* The device layer's messages mostly name the port already. */
		snprintf(named, sizeof(named), "port '%s'", pc->name);
		snprintf(err, errlen, "%s%s%s", strstr(why, named) ? "" : named,
			 strstr(why, named) ? "" : ": ", why);
		return -1;
	}
	push(j, UNDO_DEL_PORT, pc->name);
	return 0;
}

static int del_network(struct datapath *dp, struct journal *j, const char *name, char *err,
		       size_t errlen)
{
	int i = datapath_find_network(dp, name);
	struct network_config saved;
	char why[512];

	if (i < 0) {
		snprintf(err, errlen, "network '%s' is not running", name);
		return -1;
	}
	saved = dp->desired.cfg.networks[i];
	if (datapath_network_del(dp, (uint16_t)i, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "network '%s': %s", name, why);
		return -1;
	}
	push(j, UNDO_ADD_NETWORK, name)->network = saved;
	return 0;
}

static int add_network(struct datapath *dp, struct journal *j, const struct network_config *nc,
		       char *err, size_t errlen)
{
	char why[512];

	if (datapath_network_add(dp, nc, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "network '%s': %s", nc->name, why);
		return -1;
	}
	push(j, UNDO_DEL_NETWORK, nc->name);
	return 0;
}

static int set_network(struct datapath *dp, struct journal *j, const struct network_config *nc,
		       char *err, size_t errlen)
{
	int i = datapath_find_network(dp, nc->name);
	struct network_config saved;
	char why[512];

	if (i < 0) {
		snprintf(err, errlen, "network '%s' is not running", nc->name);
		return -1;
	}
	saved = dp->desired.cfg.networks[i];
	if (datapath_network_update(dp, (uint16_t)i, nc, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "network '%s': %s", nc->name, why);
		return -1;
	}
	push(j, UNDO_SET_NETWORK, nc->name)->network = saved;
	return 0;
}

static int set_port(struct datapath *dp, struct journal *j, const struct port_config *pc, char *err,
		    size_t errlen)
{
	int i = datapath_find_port(dp, pc->name);
	struct port_config saved;
	const char *fixed;
	char why[512];

	if (i < 0) {
		snprintf(err, errlen, "port '%s' is not running", pc->name);
		return -1;
	}
	saved = dp->desired.cfg.ports[i];
	fixed = port_config_fixed_change(&saved, pc);
	if (fixed) {
		snprintf(err, errlen,
			 "port '%s': key '%s' cannot change on a running port: delete and re-add "
			 "the port",
			 pc->name, fixed);
		return -1;
	}
	if (datapath_port_update(dp, (uint16_t)i, pc, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "port '%s': %s", pc->name, why);
		return -1;
	}
	push(j, UNDO_SET_PORT, pc->name)->port = saved;
	return 0;
}

static int set_neighbour(struct datapath *dp, struct journal *j, const struct sluice_config *next,
			 const struct diff_entry *e, char *err, size_t errlen)
{
	const struct neighbour_list *old = &dp->desired.cfg.vtep.neighbours;
	uint32_t ip;
	int was, now;
	struct undo *u;

	if (schema_parse_ipv4(e->name, &ip, err, errlen) < 0)
		return -1;
	was = neighbour_of(old, ip);
	now = neighbour_of(&next->vtep.neighbours, ip);
	if (now < 0) {
		vtep_neighbour_del(dp, ip);
	} else if (vtep_neighbour_add(dp, ip, next->vtep.neighbours.entries[now].mac) < 0) {
		snprintf(err, errlen,
			 "neighbour %s: the neighbour table is full (%u slots): remove unused "
			 "ones with sluicectl neighbour del",
			 e->name, dp->neigh.n_slots);
		return -1;
	}
	u = push(j, was < 0 ? UNDO_DEL_NEIGHBOUR : UNDO_SET_NEIGHBOUR, e->name);
	u->neighbour.ip = ip;
	if (was >= 0)
		memcpy(u->neighbour.mac, old->entries[was].mac, 6);
	return 0;
}

/* The [dataplane] keys rxq.auto changes live, as the file has them; cannot fail. */
static void set_dataplane(struct datapath *dp, struct journal *j,
			  const struct dataplane_config *next)
{
	push(j, UNDO_SET_DATAPLANE, "[dataplane]")->dataplane = dp->desired.cfg.dataplane;
	dataplane_live_apply(&dp->desired.cfg.dataplane, next);
}

static bool is(const struct diff_entry *e, enum diff_object object, enum diff_op op)
{
	return e->object == object && e->op == op;
}

static bool is_recreated_port(const struct diff_entry *e)
{
	return is(e, DIFF_PORT, DIFF_CHANGE) && e->how == DIFF_RECREATE;
}

/* The steps, in an order where each finds what it needs: ports leave before
 * their networks, networks come before their ports. */
static int apply_steps(struct datapath *dp, struct journal *j, const struct sluice_config *next,
		       const struct config_diff *d, char *err, size_t errlen)
{
	const struct diff_entry *e;

	for (e = d->entries; e < d->entries + d->n; e++)
		if ((is(e, DIFF_PORT, DIFF_REMOVE) || is_recreated_port(e)) &&
		    del_port(dp, j, e->name, err, errlen) < 0)
			return -1;
	for (e = d->entries; e < d->entries + d->n; e++)
		if ((is(e, DIFF_NETWORK, DIFF_REMOVE) ||
		     (is(e, DIFF_NETWORK, DIFF_CHANGE) && e->how == DIFF_RECREATE)) &&
		    del_network(dp, j, e->name, err, errlen) < 0)
			return -1;
	for (e = d->entries; e < d->entries + d->n; e++) {
		int n = config_find_network(next, e->name);

		if (e->object != DIFF_NETWORK || e->op == DIFF_REMOVE)
			continue;
		if (e->op == DIFF_CHANGE && e->how == DIFF_IN_PLACE
			? set_network(dp, j, &next->networks[n], err, errlen) < 0
			: add_network(dp, j, &next->networks[n], err, errlen) < 0)
			return -1;
	}
	for (e = d->entries; e < d->entries + d->n; e++) {
		const struct port_config *pc;

		if (e->object != DIFF_PORT || e->op == DIFF_REMOVE)
			continue;
		pc = &next->ports[config_find_port(next, e->name)];
		if (is_recreated_port(e) || e->op == DIFF_ADD
			? add_port(dp, j, pc, err, errlen) < 0
			: set_port(dp, j, pc, err, errlen) < 0)
			return -1;
	}
	for (e = d->entries; e < d->entries + d->n; e++)
		if (e->object == DIFF_NEIGHBOUR && set_neighbour(dp, j, next, e, err, errlen) < 0)
			return -1;
	for (e = d->entries; e < d->entries + d->n; e++)
		if (e->object == DIFF_DATAPLANE)
			set_dataplane(dp, j, &next->dataplane);
	return 0;
}

enum reload_status reload_apply(struct datapath *dp, const struct sluice_config *next,
				const struct config_diff *diff, char *err, size_t errlen)
{
	struct journal *j = calloc(1, sizeof(*j));
	char why[1024];

	if (!j) {
		snprintf(err, errlen, "reload failed: out of memory; nothing changed");
		return RELOAD_FAILED;
	}
	if (apply_steps(dp, j, next, diff, why, sizeof(why)) < 0) {
		undo_all(dp, j);
		free(j);
		snprintf(err, errlen, "reload failed: %s; the changes made before it were undone",
			 why);
		return RELOAD_FAILED;
	}
	free(j);
	dp->desired.cfg.vtep.neighbours = next->vtep.neighbours;
	return RELOAD_OK;
}

enum reload_status reload_run(struct datapath *dp, const char *path, bool dry_run,
			      struct config_diff *diff, char *err, size_t errlen)
{
	struct sluice_config *next = malloc(sizeof(*next));
	enum reload_status rc;
	char why[1024];

	diff->n = diff->n_restart = 0;
	if (!next) {
		snprintf(err, errlen, "reload failed: out of memory; nothing changed");
		return RELOAD_FAILED;
	}
	if (!path || !path[0])
		path = dp->desired.cfg.file;
	if (config_load(path, &dp->desired.host, next, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "reload failed: %s; nothing changed", why);
		free(next);
		return RELOAD_BAD_FILE;
	}
	config_diff(&dp->desired.cfg, next, diff);
	if (config_diff_refusal(diff, err, errlen)) {
		free(next);
		return RELOAD_REFUSED;
	}
	rc = dry_run ? RELOAD_OK : reload_apply(dp, next, diff, err, errlen);
	free(next);
	return rc;
}

void reload_log(FILE *out, const char *how, const char *path, enum reload_status status,
		const struct config_diff *diff, const char *err)
{
	char line[DIFF_TEXT_MAX + 64];

	fprintf(out, "sluice: reload of %s (%s)\n", path, how);
	if (status != RELOAD_OK) {
		fprintf(out, "sluice: %s\n", err);
	} else {
		for (uint32_t i = 0; i < diff->n; i++) {
			config_diff_entry_text(&diff->entries[i], line, sizeof(line));
			fprintf(out, "sluice: reload: %s\n", line);
		}
		fprintf(out, "sluice: reload done: %u change%s\n", diff->n,
			diff->n == 1 ? "" : "s");
	}
	fflush(out);
}
