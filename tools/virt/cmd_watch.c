/* sluice-virt watch: sluice ports follow libvirt domains as they start
 * and stop. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libvirt/libvirt.h>

#include "iface.h"
#include "virt.h"
#include "virt_lv.h"

#define WATCH_DOMAINS_MAX 256
#define WATCH_PORTS_MAX 8
/* Reconnecting to libvirtd: first retry after 0.5 s, doubling to 5 s. */
#define WATCH_RETRY_FIRST_MS 500
#define WATCH_RETRY_MAX_MS 5000

/* The ports watch created for each running domain, to remove at stop. */
struct watched {
	char domain[DOMAIN_NAME_MAX];
	int n;
	char ports[WATCH_PORTS_MAX][32];
};

struct watch_state {
	const struct virt_options *o;
	virConnectPtr conn;    /* NULL while libvirtd is away */
	int cb;		       /* the lifecycle callback on conn */
	int conn_closed;       /* set by libvirt's close callback */
	int retry_ms;	       /* the next back-off */
	long long retry_at_ms; /* when to try to open again */
	int sluice_down;       /* logged once per state change */
	const char *network;   /* for interfaces without <sluice:port> metadata */
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
		struct port_spec spec;
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
		spec = (struct port_spec){
		    .name = port,
		    .socket = i->socket,
		    .mode = strcmp(i->mode, "server") == 0 ? "client" : "server",
		    .network = network,
		    .queues = i->queues,
		    .socket_group = w->o->qemu_group,
		    .mac = i->mac, /* port security on, with the XML's <mac> */
		    .ips = i->sluice_ips,
		};
		if (virt_port_add(w->o, &spec, &mtu, err, sizeof(err)) < 0) {
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
static int watch_resync(struct watch_state *w)
{
	json_t *result = NULL;
	char err[256];

	/* sluice is down: nothing to add to yet. Said once, not every tick. */
	if (sluice_call(w->o->socket, "port.show", NULL, &result, err, sizeof(err)) < 0) {
		if (!w->sluice_down)
			printf("watch: sluice is not answering (%s); waiting\n", err);
		w->sluice_down = 1;
		fflush(stdout);
		return -1;
	}
	if (w->sluice_down)
		printf("watch: sluice answers again\n");
	w->sluice_down = 0;
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
	return 0;
}

static void watch_scan(struct watch_state *w)
{
	virDomainPtr *doms = NULL;
	int n;

	if (w->conn == NULL || watch_resync(w) < 0)
		return;
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

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* libvirt calls this when the connection dies (libvirtd stopped or
 * restarted); the tick does the reconnecting. */
static void watch_closed(virConnectPtr conn, int reason, void *opaque)
{
	struct watch_state *w = opaque;

	(void)conn;
	(void)reason;
	w->conn_closed = 1;
}

/* Open the connection and listen to it: the lifecycle events and its close. */
static int watch_connect(struct watch_state *w, char *err, size_t errlen)
{
	virConnectPtr conn = virt_lv_open(w->o, err, errlen);
	int cb;

	if (conn == NULL)
		return -1;
	cb = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
					      VIR_DOMAIN_EVENT_CALLBACK(watch_event), w, NULL);
	if (cb < 0 || virConnectRegisterCloseCallback(conn, watch_closed, w, NULL) < 0) {
		snprintf(err, errlen, "%s", virt_lv_error());
		if (cb >= 0)
			virConnectDomainEventDeregisterAny(conn, cb);
		virConnectClose(conn);
		return -1;
	}
	w->conn = conn;
	w->cb = cb;
	w->conn_closed = 0;
	return 0;
}

static void watch_disconnect(struct watch_state *w)
{
	if (w->conn == NULL)
		return;
	/* On a dead connection these fail; the local state goes either way. */
	virConnectDomainEventDeregisterAny(w->conn, w->cb);
	virConnectUnregisterCloseCallback(w->conn, watch_closed);
	virConnectClose(w->conn);
	w->conn = NULL;
}

/* A lost connection is dropped and reopened with back-off; once back, the
 * scan catches up with the domains that started or stopped meanwhile. */
static void watch_reconnect(struct watch_state *w)
{
	char err[512];

	if (w->conn && (w->conn_closed || virConnectIsAlive(w->conn) != 1)) {
		watch_disconnect(w);
		printf("watch: libvirt connection lost; reconnecting\n");
		fflush(stdout);
		w->retry_ms = WATCH_RETRY_FIRST_MS;
		w->retry_at_ms = now_ms();
	}
	if (w->conn || now_ms() < w->retry_at_ms)
		return;
	if (watch_connect(w, err, sizeof(err)) < 0) {
		w->retry_at_ms = now_ms() + w->retry_ms;
		w->retry_ms =
		    w->retry_ms * 2 > WATCH_RETRY_MAX_MS ? WATCH_RETRY_MAX_MS : w->retry_ms * 2;
		return;
	}
	printf("watch: libvirt connection back; resyncing\n");
	fflush(stdout);
}

static void watch_tick(int timer, void *opaque)
{
	(void)timer;
	watch_reconnect(opaque);
	watch_scan(opaque);
}

int virt_watch(const struct virt_options *o, const char *network)
{
	struct watch_state *w = calloc(1, sizeof(*w));
	struct sigaction sa = {.sa_handler = watch_signal};
	char err[512];

	if (w == NULL)
		return VIRT_EXIT_ERROR;
	w->o = o;
	w->network = network;
	snprintf(err, sizeof(err), "cannot start libvirt's event loop");
	/* The first connection must work: a wrong URI is an error, not a wait. */
	if (virEventRegisterDefaultImpl() < 0 || watch_connect(w, err, sizeof(err)) < 0) {
		fprintf(stderr, "sluice-virt: watch: %s\n", err);
		free(w);
		return VIRT_EXIT_ERROR;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* Domains already running when watch starts, then every 0.5 s (which
	 * also wakes the loop to notice a signal or a lost connection). */
	watch_scan(w);
	virEventAddTimeout(500, watch_tick, w, NULL);
	printf("watch: following %s\n", o->uri ? o->uri : "libvirt");
	fflush(stdout);
	while (!watch_stop && virEventRunDefaultImpl() == 0)
		;
	watch_disconnect(w);
	free(w);
	return VIRT_EXIT_OK;
}
