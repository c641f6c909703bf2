/* sluice-virt watch: sluice ports follow libvirt domains as they start
 * and stop. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>

#include "iface.h"
#include "virt.h"
#include "virt_lv.h"

#define WATCH_DOMAINS_MAX 256
#define WATCH_PORTS_MAX 8

/* The ports watch created for each running domain, to remove at stop. */
struct watched {
	char domain[DOMAIN_NAME_MAX];
	int n;
	char ports[WATCH_PORTS_MAX][32];
};

struct watch_state {
	const struct virt_options *o;
	virConnectPtr conn;
	const char *network; /* for interfaces without <sluice:port> metadata */
	struct watched domains[WATCH_DOMAINS_MAX];
};

static volatile sig_atomic_t watch_stop;

static void watch_signal(int sig)
{
	(void)sig;
	watch_stop = 1;
}

static struct watched *watched_slot(struct watch_state *w, const char *domain, int create)
{
	struct watched *free_slot = NULL;

	for (int k = 0; k < WATCH_DOMAINS_MAX; k++) {
		if (strcmp(w->domains[k].domain, domain) == 0)
			return &w->domains[k];
		if (!free_slot && w->domains[k].domain[0] == '\0')
			free_slot = &w->domains[k];
	}
	if (create && free_slot) {
		memset(free_slot, 0, sizeof(*free_slot));
		snprintf(free_slot->domain, sizeof(free_slot->domain), "%s", domain);
		return free_slot;
	}
	return NULL;
}

/* A socket watch manages: named in the metadata, or in the socket dir. */
static int managed(const struct watch_state *w, const struct domain_iface *i)
{
	size_t n = strlen(w->o->socket_dir);

	if (strcmp(i->type, "vhostuser") != 0 || i->socket[0] == '\0')
		return 0;
	return i->sluice_network[0] ||
	       (strncmp(i->socket, w->o->socket_dir, n) == 0 && i->socket[n] == '/');
}

static void watch_started(struct watch_state *w, virDomainPtr dom)
{
	const char *name = virDomainGetName(dom);
	struct domain *d = calloc(1, sizeof(*d));
	struct facts *f = calloc(1, sizeof(*f));
	struct watched *slot;
	char err[512];

	if (!d || !f)
		goto out;
	if (virt_domain_ifaces(w->o, dom, 0, d, f, err, sizeof(err)) < 0) {
		printf("watch: %s started: %s\n", name, err);
		goto out;
	}
	slot = watched_slot(w, name, 1);
	for (int k = 0; slot && k < d->n_ifaces; k++) {
		const struct domain_iface *i = &d->ifaces[k];
		const char *network = i->sluice_network[0] ? i->sluice_network : w->network;
		char port[32];
		const char *base;
		int mtu;

		if (!managed(w, i) || facts_port_by_socket(f, i->socket))
			continue;
		if (network == NULL) {
			printf("watch: %s: %s: no <sluice:port network=...> and no --network; "
			       "skipped\n",
			       name, i->socket);
			continue;
		}
		base = strrchr(i->socket, '/') ? strrchr(i->socket, '/') + 1 : i->socket;
		if (i->sluice_port[0])
			snprintf(port, sizeof(port), "%s", i->sluice_port);
		else
			snprintf(port, sizeof(port), "%.*s", (int)strcspn(base, "."), base);
		if (virt_port_add(w->o, port, i->socket,
				  strcmp(i->mode, "server") == 0 ? "client" : "server", network,
				  i->queues, &mtu, err, sizeof(err)) < 0) {
			printf("watch: %s: port %s: %s\n", name, port, err);
			continue;
		}
		if (slot->n < WATCH_PORTS_MAX)
			snprintf(slot->ports[slot->n++], sizeof(slot->ports[0]), "%s", port);
		if (mtu > 0)
			printf("watch: %s started: port %s added (network %s, MTU %d, %s)\n", name,
			       port, network, mtu, i->socket);
		else
			printf("watch: %s started: port %s added (network %s, %s)\n", name, port,
			       network, i->socket);
	}
out:
	fflush(stdout);
	free(d);
	free(f);
}

static void watch_stopped_name(struct watch_state *w, const char *name)
{
	struct watched *slot = watched_slot(w, name, 0);

	if (slot == NULL)
		return;
	for (int k = 0; k < slot->n; k++) {
		if (virt_port_del(w->o, slot->ports[k]) == 0)
			printf("watch: %s stopped: port %s removed\n", name, slot->ports[k]);
	}
	memset(slot, 0, sizeof(*slot));
	fflush(stdout);
}

static void watch_stopped(struct watch_state *w, virDomainPtr dom)
{
	watch_stopped_name(w, virDomainGetName(dom));
}

static int watch_event(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
	(void)conn;
	(void)detail;
	if (event == VIR_DOMAIN_EVENT_STARTED)
		watch_started(opaque, dom);
	else if (event == VIR_DOMAIN_EVENT_STOPPED)
		watch_stopped(opaque, dom);
	return 0;
}

/* Every half second: domains that became active without (or before) their
 * event. QEMU blocks at start until each vhost-user socket is connected, and
 * libvirt sends VIR_DOMAIN_EVENT_STARTED only after that: a domain whose
 * ports do not exist yet is seen here, active and paused, while it waits. */
/* A sluice that restarted lost the ports added over its socket: forget the
 * domains whose ports are gone, so the scan below adds them again. */
static void watch_resync(struct watch_state *w)
{
	json_t *result = NULL;
	char err[256];

	if (sluice_call(w->o->socket, "port.show", NULL, &result, err, sizeof(err)) < 0)
		return; /* sluice is down: nothing to add to yet */
	for (int k = 0; k < WATCH_DOMAINS_MAX; k++) {
		struct watched *slot = &w->domains[k];

		for (int p = 0; slot->domain[0] && p < slot->n; p++) {
			const json_t *ports = json_object_get(result, "ports");
			int found = 0;
			size_t i;
			json_t *e;

			json_array_foreach(ports, i, e)
			{
				const char *name = json_string_value(json_object_get(e, "name"));

				found |= name && strcmp(name, slot->ports[p]) == 0;
			}
			if (!found) {
				printf("watch: %s: port %s is gone from sluice; adding again\n",
				       slot->domain, slot->ports[p]);
				memset(slot, 0, sizeof(*slot));
			}
		}
	}
	json_decref(result);
}

static void watch_scan(struct watch_state *w)
{
	virDomainPtr *doms = NULL;
	int n;

	watch_resync(w);
	n = virConnectListAllDomains(w->conn, &doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE);

	for (int k = 0; k < n; k++) {
		if (watched_slot(w, virDomainGetName(doms[k]), 0) == NULL)
			watch_started(w, doms[k]);
		virDomainFree(doms[k]);
	}
	free(doms);
	/* Domains we followed that are gone or no longer running. */
	for (int k = 0; n >= 0 && k < WATCH_DOMAINS_MAX; k++) {
		virDomainPtr dom;

		if (w->domains[k].domain[0] == '\0')
			continue;
		dom = virDomainLookupByName(w->conn, w->domains[k].domain);
		if (dom == NULL || virDomainIsActive(dom) == 0)
			watch_stopped_name(w, w->domains[k].domain);
		if (dom)
			virDomainFree(dom);
	}
}

static void watch_tick(int timer, void *opaque)
{
	(void)timer;
	watch_scan(opaque);
}

int virt_watch(const struct virt_options *o, const char *network)
{
	struct watch_state *w = calloc(1, sizeof(*w));
	virConnectPtr conn = NULL;
	struct sigaction sa = {.sa_handler = watch_signal};
	char err[512];
	int cb;

	if (w == NULL)
		return VIRT_EXIT_ERROR;
	w->o = o;
	w->network = network;
	snprintf(err, sizeof(err), "cannot start libvirt's event loop");
	if (virEventRegisterDefaultImpl() < 0 ||
	    (conn = virt_lv_open(o, err, sizeof(err))) == NULL) {
		fprintf(stderr, "sluice-virt: watch: %s\n", err);
		free(w);
		return VIRT_EXIT_ERROR;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	cb = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
					      VIR_DOMAIN_EVENT_CALLBACK(watch_event), w, NULL);
	if (cb < 0) {
		fprintf(stderr, "sluice-virt: watch: %s\n", virt_lv_error());
		virConnectClose(conn);
		free(w);
		return VIRT_EXIT_ERROR;
	}
	w->conn = conn;
	/* Domains already running when watch starts, then every 0.5 s (which
	 * also wakes the loop to notice a signal). */
	watch_scan(w);
	virEventAddTimeout(500, watch_tick, w, NULL);
	printf("watch: following %s\n", o->uri ? o->uri : "libvirt");
	fflush(stdout);
	while (!watch_stop && virEventRunDefaultImpl() == 0)
		;
	virConnectDomainEventDeregisterAny(conn, cb);
	virConnectClose(conn);
	free(w);
	return VIRT_EXIT_OK;
}
