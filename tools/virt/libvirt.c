/* The commands that talk to libvirt: attach, detach, watch, and the domain
 * XML for check. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "domain.h"
#include "iface.h"
#include "virt.h"

/* libvirt prints its errors to stderr by default; we report them ourselves. */
static void quiet_errors(void *data, virErrorPtr e)
{
	(void)data;
	(void)e;
}

static const char *lv_error(void)
{
	const virError *e = virGetLastError();

	return e && e->message ? e->message : "unknown libvirt error";
}

static virConnectPtr lv_open(const struct virt_options *o, char *err, size_t errlen)
{
	virConnectPtr conn;

	virSetErrorFunc(NULL, quiet_errors);
	conn = virConnectOpen(o->uri);
	if (conn == NULL)
		snprintf(err, errlen, "libvirt %s: %s", o->uri ? o->uri : "(default)", lv_error());
	return conn;
}

char *virt_domain_xml(const struct virt_options *o, const char *name, unsigned int flags, char *err,
		      size_t errlen)
{
	virConnectPtr conn = lv_open(o, err, errlen);
	virDomainPtr dom;
	char *xml = NULL;

	if (conn == NULL)
		return NULL;
	dom = virDomainLookupByName(conn, name);
	if (dom == NULL)
		snprintf(err, errlen, "domain %s: %s", name, lv_error());
	else if ((xml = virDomainGetXMLDesc(dom, flags)) == NULL)
		snprintf(err, errlen, "domain %s: %s", name, lv_error());
	if (dom)
		virDomainFree(dom);
	virConnectClose(conn);
	return xml;
}

/* A port name for the domain that sluice does not know yet. */
static int free_port_name(const struct virt_options *o, const char *domain, char *out,
			  size_t outlen, char *err, size_t errlen)
{
	for (int n = 0; n < 100; n++) {
		json_t *result = NULL;
		char why[256];

		iface_port_name(domain, n, out, outlen);
		if (sluice_call(o->socket, "port.show", json_pack("{s:s}", "name", out), &result,
				why, sizeof(why)) < 0) {
			if (strstr(why, "no port"))
				return 0;
			snprintf(err, errlen, "%s", why);
			return -1;
		}
		json_decref(result);
	}
	snprintf(err, errlen, "no free port name for %s", domain);
	return -1;
}

/* The socket directory must let QEMU (libvirt-qemu) create or reach sockets
 * in it. Created when missing with the group of libvirt's QEMU user. */
static int socket_dir_ready(const char *dir, char *err, size_t errlen)
{
	struct stat st;

	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "%s is not a directory", dir);
			return -1;
		}
		return 0;
	}
	if (errno != ENOENT || mkdir(dir, 0770) < 0) {
		snprintf(err, errlen, "cannot create %s: %s (mkdir -p %s)", dir, strerror(errno),
			 dir);
		return -1;
	}
	return 0;
}

static int port_del(const struct virt_options *o, const char *name)
{
	json_t *result = NULL;
	char err[256];

	if (sluice_call(o->socket, "port.del", json_pack("{s:s}", "name", name), &result, err,
			sizeof(err)) < 0) {
		fprintf(stderr, "sluice-virt: %s\n", err);
		return -1;
	}
	json_decref(result);
	return 0;
}

/* port.add for a vhost port; its MTU comes back in *mtu. */
static int port_add(const struct virt_options *o, const char *name, const char *socket,
		    const char *mode, const char *network, int queues, int *mtu, char *err,
		    size_t errlen)
{
	json_t *result = NULL;
	json_t *params = json_pack("{s:s,s:s,s:s,s:s,s:s}", "name", name, "type", "vhost", "socket",
				   socket, "mode", mode, "network", network);

	if (queues > 1)
		json_object_set_new(params, "max-queues", json_integer(queues));
	if (sluice_call(o->socket, "port.add", params, &result, err, errlen) < 0)
		return -1;
	*mtu = (int)json_integer_value(json_object_get(result, "mtu"));
	json_decref(result);
	return 0;
}

static int virt_hotplug(virDomainPtr dom, const struct iface_spec *spec, const char *xml,
			unsigned int flags, char *err, size_t errlen);

int virt_attach(const struct virt_options *o, const struct attach_request *a)
{
	char err[512], port[32], socket[256], xml[1024];
	virConnectPtr conn;
	virDomainPtr dom = NULL;
	struct iface_spec spec = {0};
	int mtu = 0, rc = VIRT_EXIT_ERROR;
	unsigned int flags = VIR_DOMAIN_AFFECT_LIVE;

	conn = lv_open(o, err, sizeof(err));
	if (conn == NULL)
		goto fail;
	dom = virDomainLookupByName(conn, a->domain);
	if (dom == NULL) {
		snprintf(err, sizeof(err), "domain %s: %s", a->domain, lv_error());
		goto fail;
	}
	if (virDomainIsActive(dom) != 1) {
		snprintf(err, sizeof(err),
			 "domain %s is not running (attach hot-plugs; for a "
			 "stopped domain add the interface and run 'watch')",
			 a->domain);
		goto fail;
	}
	if (a->port)
		snprintf(port, sizeof(port), "%s", a->port);
	else if (free_port_name(o, a->domain, port, sizeof(port), err, sizeof(err)) < 0)
		goto fail;
	if (socket_dir_ready(o->socket_dir, err, sizeof(err)) < 0)
		goto fail;
	snprintf(socket, sizeof(socket), "%s/%s.sock", o->socket_dir, port);
	if (port_add(o, port, socket, a->mode, a->network, a->queues, &mtu, err, sizeof(err)) < 0)
		goto fail;

	spec.socket = socket;
	spec.qemu_mode = strcmp(a->mode, "client") == 0 ? "server" : "client";
	spec.mac = a->mac;
	spec.queues = a->queues;
	spec.mtu = mtu != 1500 ? mtu : 0;
	if (iface_xml(&spec, xml, sizeof(xml)) < 0) {
		snprintf(err, sizeof(err), "interface XML too long");
		goto undo;
	}
	if (a->persist && virDomainIsPersistent(dom) == 1)
		flags |= VIR_DOMAIN_AFFECT_CONFIG;
	if (virt_hotplug(dom, &spec, xml, flags, err, sizeof(err)) < 0)
		goto undo;
	printf("%s: port %s (network %s, MTU %d) on %s, QEMU %s\n", a->domain, port, a->network,
	       mtu, socket, spec.qemu_mode);
	rc = VIRT_EXIT_OK;
	goto out;
undo:
	port_del(o, port);
fail:
	fprintf(stderr, "sluice-virt: attach: %s\n", err);
	rc = rc == VIRT_EXIT_OK ? rc : VIRT_EXIT_FINDINGS;
out:
	if (dom)
		virDomainFree(dom);
	if (conn)
		virConnectClose(conn);
	return rc;
}

static int virt_hotplug(virDomainPtr dom, const struct iface_spec *spec, const char *xml,
			unsigned int flags, char *err, size_t errlen)
{
	(void)spec;
	if (virDomainAttachDeviceFlags(dom, xml, flags) < 0) {
		snprintf(err, errlen, "hot-plug failed: %s", lv_error());
		return -1;
	}
	return 0;
}

/* The domain's live vhostuser interfaces whose sockets are sluice ports. */
static int sluice_ifaces(const struct virt_options *o, virDomainPtr dom, unsigned int xml_flags,
			 struct domain *d, struct facts *f, char *err, size_t errlen)
{
	char *xml = virDomainGetXMLDesc(dom, xml_flags);
	int rc;

	if (xml == NULL) {
		snprintf(err, errlen, "%s", lv_error());
		return -1;
	}
	rc = domain_parse(xml, strlen(xml), d, err, errlen);
	free(xml);
	if (rc < 0)
		return -1;
	return sluice_facts(o->socket, f, err, errlen);
}

static int iface_present(virDomainPtr dom, const char *socket)
{
	char *xml = virDomainGetXMLDesc(dom, 0);
	int found = xml && strstr(xml, socket) != NULL;

	free(xml);
	return found;
}

int virt_detach(const struct virt_options *o, const char *domain, const char *port)
{
	struct domain *d = calloc(1, sizeof(*d));
	struct facts *f = calloc(1, sizeof(*f));
	char err[512];
	virConnectPtr conn = NULL;
	virDomainPtr dom = NULL;
	int rc = VIRT_EXIT_ERROR, done = 0;

	if (!d || !f)
		goto out;
	conn = lv_open(o, err, sizeof(err));
	if (conn == NULL || (dom = virDomainLookupByName(conn, domain)) == NULL) {
		if (conn)
			snprintf(err, sizeof(err), "domain %s: %s", domain, lv_error());
		fprintf(stderr, "sluice-virt: detach: %s\n", err);
		goto out;
	}
	if (sluice_ifaces(o, dom, 0, d, f, err, sizeof(err)) < 0) {
		fprintf(stderr, "sluice-virt: detach: %s: %s\n", domain, err);
		goto out;
	}
	rc = VIRT_EXIT_OK;
	for (int k = 0; k < d->n_ifaces; k++) {
		const struct domain_iface *i = &d->ifaces[k];
		const struct facts_port *p = facts_port_by_socket(f, i->socket);
		char xml[1024];
		int64_t waited = 0;

		if (strcmp(i->type, "vhostuser") != 0 || p == NULL ||
		    (port && strcmp(port, p->name) != 0))
			continue;
		snprintf(
		    xml, sizeof(xml),
		    "<interface type='vhostuser'><mac address='%s'/>"
		    "<source type='unix' path='%s' mode='%s'/><model type='virtio'/></interface>",
		    i->mac, i->socket, i->mode);
		if (virDomainDetachDeviceFlags(dom, xml, VIR_DOMAIN_AFFECT_LIVE) < 0) {
			fprintf(stderr, "sluice-virt: detach: %s: %s\n", i->alias, lv_error());
			rc = VIRT_EXIT_FINDINGS;
			continue;
		}
		/* The guest acknowledges the unplug (ACPI); wait for it, up to 30 s. */
		while (iface_present(dom, i->socket) && waited < 30000) {
			usleep(200000);
			waited += 200;
		}
		if (iface_present(dom, i->socket)) {
			fprintf(
			    stderr,
			    "sluice-virt: detach: %s: the guest did not release the NIC in 30 s; "
			    "port %s kept\n",
			    i->alias, p->name);
			rc = VIRT_EXIT_FINDINGS;
			continue;
		}
		if (port_del(o, p->name) < 0) {
			rc = VIRT_EXIT_FINDINGS;
			continue;
		}
		printf("%s: port %s detached and removed\n", domain, p->name);
		done++;
	}
	if (done == 0 && rc == VIRT_EXIT_OK) {
		fprintf(stderr, "sluice-virt: detach: %s has no sluice NIC%s%s\n", domain,
			port ? " on port " : "", port ? port : "");
		rc = VIRT_EXIT_FINDINGS;
	}
out:
	if (dom)
		virDomainFree(dom);
	if (conn)
		virConnectClose(conn);
	free(d);
	free(f);
	return rc;
}

/* --- watch ------------------------------------------------------------ */

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
	if (sluice_ifaces(w->o, dom, 0, d, f, err, sizeof(err)) < 0) {
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
		if (port_add(w->o, port, i->socket,
			     strcmp(i->mode, "server") == 0 ? "client" : "server", network,
			     i->queues, &mtu, err, sizeof(err)) < 0) {
			printf("watch: %s: port %s: %s\n", name, port, err);
			continue;
		}
		if (slot->n < WATCH_PORTS_MAX)
			snprintf(slot->ports[slot->n++], sizeof(slot->ports[0]), "%s", port);
		printf("watch: %s started: port %s added (network %s, MTU %d, %s)\n", name, port,
		       network, mtu, i->socket);
	}
out:
	fflush(stdout);
	free(d);
	free(f);
}

static void watch_stopped(struct watch_state *w, virDomainPtr dom)
{
	const char *name = virDomainGetName(dom);
	struct watched *slot = watched_slot(w, name, 0);

	if (slot == NULL)
		return;
	for (int k = 0; k < slot->n; k++) {
		if (port_del(w->o, slot->ports[k]) == 0)
			printf("watch: %s stopped: port %s removed\n", name, slot->ports[k]);
	}
	memset(slot, 0, sizeof(*slot));
	fflush(stdout);
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

static void watch_tick(int timer, void *opaque)
{
	(void)timer;
	(void)opaque;
}

int virt_watch(const struct virt_options *o, const char *network)
{
	struct watch_state *w = calloc(1, sizeof(*w));
	virDomainPtr *doms = NULL;
	virConnectPtr conn = NULL;
	struct sigaction sa = {.sa_handler = watch_signal};
	char err[512];
	int n, cb;

	if (w == NULL)
		return VIRT_EXIT_ERROR;
	w->o = o;
	w->network = network;
	snprintf(err, sizeof(err), "cannot start libvirt's event loop");
	if (virEventRegisterDefaultImpl() < 0 || (conn = lv_open(o, err, sizeof(err))) == NULL) {
		fprintf(stderr, "sluice-virt: watch: %s\n", err);
		free(w);
		return VIRT_EXIT_ERROR;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	cb = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
					      VIR_DOMAIN_EVENT_CALLBACK(watch_event), w, NULL);
	if (cb < 0) {
		fprintf(stderr, "sluice-virt: watch: %s\n", lv_error());
		virConnectClose(conn);
		free(w);
		return VIRT_EXIT_ERROR;
	}
	/* Wakes the loop so a signal is noticed within a second. */
	virEventAddTimeout(1000, watch_tick, NULL, NULL);
	/* Domains already running when watch starts. */
	n = virConnectListAllDomains(conn, &doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
	for (int k = 0; k < n; k++) {
		watch_started(w, doms[k]);
		virDomainFree(doms[k]);
	}
	free(doms);
	printf("watch: following %s\n", o->uri ? o->uri : "libvirt");
	fflush(stdout);
	while (!watch_stop && virEventRunDefaultImpl() == 0)
		;
	virConnectDomainEventDeregisterAny(conn, cb);
	virConnectClose(conn);
	free(w);
	return VIRT_EXIT_OK;
}
