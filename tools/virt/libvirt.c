/* The commands that talk to libvirt: attach, detach, watch, and the domain
 * XML for check. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <grp.h>
#include <pwd.h>

#include <libvirt/libvirt-qemu.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "domain.h"
#include "iface.h"
#include "perm.h"
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

/* The socket directory: created when missing (group: QEMU's user's, mode
 * 2770, so QEMU can create sockets there and sluice, as root, reach them). */
static int socket_dir_ready(const char *dir, const struct perm_user *qemu, char *err, size_t errlen)
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
	struct passwd *pw = getpwuid(qemu->uid);

	if (pw == NULL || chown(dir, 0, pw->pw_gid) < 0 || chmod(dir, 02770) < 0) {
		snprintf(err, errlen, "cannot give %s to QEMU's group: %s", dir, strerror(errno));
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
	/* sluice listens: its socket goes to QEMU's group, now and after restarts. */
	if (strcmp(mode, "server") == 0 && o->qemu_group[0]) {
		json_object_set_new(params, "socket-group", json_string(o->qemu_group));
		json_object_set_new(params, "socket-mode", json_string("0660"));
	}
	if (sluice_call(o->socket, "port.add", params, &result, err, errlen) < 0)
		return -1;
	*mtu = (int)json_integer_value(json_object_get(result, "mtu"));
	json_decref(result);
	/* A vhost port's MTU is its network's (network.show "mtu"). */
	if (*mtu <= 0 && sluice_call(o->socket, "network.show", json_pack("{s:s}", "name", network),
				     &result, err, errlen) == 0) {
		*mtu = facts_network_mtu(result, network);
		json_decref(result);
	}
	return 0;
}

/* One QMP command through libvirt's monitor passthrough. Returns the
 * "return" member (new reference) or NULL with err. */
static json_t *qmp_run(virDomainPtr dom, const json_t *cmd, char *err, size_t errlen)
{
	char *text = json_dumps(cmd, JSON_COMPACT);
	char *reply = NULL;
	json_t *root, *ret = NULL;

	if (text == NULL || virDomainQemuMonitorCommand(dom, text, &reply, 0) < 0) {
		snprintf(err, errlen, "%s: %s", json_string_value(json_object_get(cmd, "execute")),
			 lv_error());
		free(text);
		return NULL;
	}
	free(text);
	root = json_loads(reply, 0, NULL);
	free(reply);
	if (root && json_object_get(root, "return"))
		ret = json_incref(json_object_get(root, "return"));
	else
		snprintf(err, errlen, "%s: %s", json_string_value(json_object_get(cmd, "execute")),
			 root ? json_string_value(
				    json_object_get(json_object_get(root, "error"), "desc"))
			      : "no reply");
	json_decref(root);
	return ret;
}

/* Whether QEMU still has the device id (the guest releases an unplugged
 * device asynchronously). -1 when the monitor cannot say. */
static int qemu_has_device(virDomainPtr dom, const char *id)
{
	json_t *cmd = json_pack("{s:s,s:{s:s}}", "execute", "qom-list", "arguments", "path",
				"/machine/peripheral");
	char err[256];
	json_t *list = qmp_run(dom, cmd, err, sizeof(err));
	size_t k;
	json_t *e;
	int found = 0;

	json_decref(cmd);
	if (list == NULL)
		return -1;
	json_array_foreach(list, k, e)
	{
		const char *name = json_string_value(json_object_get(e, "name"));

		found |= name && strcmp(name, id) == 0;
	}
	json_decref(list);
	return found;
}

/* Removes the NIC of port from QEMU: device_del, wait for the guest to let
 * it go (up to 30 s), netdev_del, chardev-remove. Returns 0 or -1 with err. */
static int unplug(virDomainPtr dom, const char *port, char *err, size_t errlen)
{
	json_t *cmds = iface_qmp_del(port);
	char dev[64];
	json_t *ret;
	int left = 150;

	snprintf(dev, sizeof(dev), IFACE_DEVICE_PREFIX "%s", port);
	ret = qmp_run(dom, json_array_get(cmds, 0), err, errlen);
	if (ret == NULL) {
		json_decref(cmds);
		return -1;
	}
	json_decref(ret);
	while (qemu_has_device(dom, dev) == 1 && left-- > 0)
		usleep(200000);
	if (qemu_has_device(dom, dev) != 0) {
		snprintf(err, errlen, "the guest did not release %s in 30 s (no ACPI hotplug?)",
			 dev);
		json_decref(cmds);
		return -1;
	}
	for (size_t k = 1; k < 3; k++) {
		ret = qmp_run(dom, json_array_get(cmds, k), err, errlen);
		json_decref(ret);
	}
	json_decref(cmds);
	return 0;
}

int virt_attach(const struct virt_options *o, const struct attach_request *a)
{
	char err[512], port[32], socket[256], domain_type[16] = "";
	virConnectPtr conn;
	virDomainPtr dom = NULL;
	struct iface_spec spec = {0};
	struct perm_user qemu;
	json_t *cmds = NULL;
	int mtu = 0, rc = VIRT_EXIT_ERROR, added = 0;
	size_t done = 0;
	char *xml;

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
			 "domain %s is not running (attach hot-plugs; for a stopped domain put "
			 "the interface in its XML and run 'watch')",
			 a->domain);
		goto fail;
	}
	/* TCG (type 'qemu'): QEMU 7.2 crashes when vhost-user meets MSI-X. */
	xml = virDomainGetXMLDesc(dom, 0);
	if (xml && strstr(xml, "<domain type='qemu'"))
		snprintf(domain_type, sizeof(domain_type), "qemu");
	free(xml);
	if (perm_user_lookup(o->qemu_user, &qemu, err, sizeof(err)) < 0 ||
	    socket_dir_ready(o->socket_dir, &qemu, err, sizeof(err)) < 0)
		goto fail;
	if (a->port)
		snprintf(port, sizeof(port), "%s", a->port);
	else if (free_port_name(o, a->domain, port, sizeof(port), err, sizeof(err)) < 0)
		goto fail;
	snprintf(socket, sizeof(socket), "%s/%s.sock", o->socket_dir, port);
	/* QEMU as server creates the socket in the directory. */
	if (strcmp(a->mode, "client") == 0 &&
	    perm_check_socket(socket, &qemu, 1, 0, err, sizeof(err)) < 0)
		goto fail;
	rc = VIRT_EXIT_FINDINGS;
	if (port_add(o, port, socket, a->mode, a->network, a->queues, &mtu, err, sizeof(err)) < 0)
		goto fail;
	added = 1;
	/* sluice as server made the socket (socket-group, socket-mode): check
	 * that QEMU can write to it. */
	if (strcmp(a->mode, "server") == 0 &&
	    perm_check_socket(socket, &qemu, 0, 1, err, sizeof(err)) < 0)
		goto fail;

	spec.port = port;
	spec.socket = socket;
	spec.qemu_mode = strcmp(a->mode, "client") == 0 ? "server" : "client";
	spec.mac = a->mac;
	spec.queues = a->queues;
	spec.mtu = a->mtu ? a->mtu : mtu;
	spec.vectors = strcmp(domain_type, "qemu") == 0 ? 0 : -1;
	cmds = iface_qmp_add(&spec);
	/* netdev_add returns once sluice (a reconnecting client) has connected. */
	for (done = 0; done < json_array_size(cmds); done++) {
		json_t *ret = qmp_run(dom, json_array_get(cmds, done), err, sizeof(err));

		if (ret == NULL)
			goto fail;
		json_decref(ret);
	}
	printf("%s: port %s (network %s, MTU %d) on %s, QEMU %s, device %s%s\n", a->domain, port,
	       a->network, spec.mtu, socket, spec.qemu_mode, IFACE_DEVICE_PREFIX, port);
	rc = VIRT_EXIT_OK;
	goto out;
fail:
	fprintf(stderr, "sluice-virt: attach: %s\n", err);
	/* Undo what was made, newest first: no half-attached NIC stays. */
	if (done > 0) {
		json_t *del = iface_qmp_del(port);
		char ignore[256];

		for (size_t k = done; k-- > 0;)
			json_decref(qmp_run(dom, json_array_get(del, k), ignore, sizeof(ignore)));
		json_decref(del);
	}
	if (added)
		port_del(o, port);
out:
	json_decref(cmds);
	if (dom)
		virDomainFree(dom);
	if (conn)
		virConnectClose(conn);
	return rc;
}

/* The sluice ports whose NICs sluice-virt attached to dom: QEMU devices
 * named "sl-PORT". */
static json_t *attached_ports(virDomainPtr dom, char *err, size_t errlen)
{
	json_t *cmd = json_pack("{s:s,s:{s:s}}", "execute", "qom-list", "arguments", "path",
				"/machine/peripheral");
	json_t *list = qmp_run(dom, cmd, err, errlen);
	json_t *ports = json_array();
	size_t k;
	json_t *e;

	json_decref(cmd);
	json_array_foreach(list, k, e)
	{
		const char *name = json_string_value(json_object_get(e, "name"));

		if (name && strncmp(name, IFACE_DEVICE_PREFIX, strlen(IFACE_DEVICE_PREFIX)) == 0)
			json_array_append_new(ports,
					      json_string(name + strlen(IFACE_DEVICE_PREFIX)));
	}
	if (list == NULL) {
		json_decref(ports);
		return NULL;
	}
	json_decref(list);
	return ports;
}

int virt_detach(const struct virt_options *o, const char *domain, const char *port)
{
	char err[512];
	virConnectPtr conn;
	virDomainPtr dom = NULL;
	json_t *ports = NULL;
	int rc = VIRT_EXIT_ERROR, done = 0;
	size_t k;
	json_t *p;

	conn = lv_open(o, err, sizeof(err));
	if (conn == NULL || (dom = virDomainLookupByName(conn, domain)) == NULL) {
		if (conn)
			snprintf(err, sizeof(err), "domain %s: %s", domain, lv_error());
		fprintf(stderr, "sluice-virt: detach: %s\n", err);
		goto out;
	}
	ports = attached_ports(dom, err, sizeof(err));
	if (ports == NULL) {
		fprintf(stderr, "sluice-virt: detach: %s: %s\n", domain, err);
		goto out;
	}
	rc = VIRT_EXIT_OK;
	json_array_foreach(ports, k, p)
	{
		const char *name = json_string_value(p);

		if (port && strcmp(port, name) != 0)
			continue;
		if (unplug(dom, name, err, sizeof(err)) < 0) {
			fprintf(stderr, "sluice-virt: detach: %s: %s; port %s kept\n", domain, err,
				name);
			rc = VIRT_EXIT_FINDINGS;
			continue;
		}
		if (port_del(o, name) < 0) {
			rc = VIRT_EXIT_FINDINGS;
			continue;
		}
		printf("%s: port %s detached and removed\n", domain, name);
		done++;
	}
	if (done == 0 && rc == VIRT_EXIT_OK) {
		fprintf(stderr, "sluice-virt: detach: %s has no NIC attached by sluice-virt%s%s\n",
			domain, port ? " on port " : "", port ? port : "");
		rc = VIRT_EXIT_FINDINGS;
	}
out:
	json_decref(ports);
	if (dom)
		virDomainFree(dom);
	if (conn)
		virConnectClose(conn);
	return rc;
}

/* --- watch ------------------------------------------------------------ */

/* The domain's XML parsed, and sluice's ports. */
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

static void watch_stopped_name(struct watch_state *w, const char *name)
{
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
