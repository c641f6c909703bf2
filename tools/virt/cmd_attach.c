/* sluice-virt attach and detach: a sluice port and a hot-plugged
 * virtio-net NIC, made and removed together. */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libvirt/libvirt.h>

#include "iface.h"
#include "perm.h"
#include "virt.h"
#include "virt_lv.h"

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

/* Whether QEMU still has the device id (the guest releases an unplugged
 * device asynchronously). -1 when the monitor cannot say. */
static int qemu_has_device(virDomainPtr dom, const char *id)
{
	json_t *cmd = json_pack("{s:s,s:{s:s}}", "execute", "qom-list", "arguments", "path",
				"/machine/peripheral");
	char err[256];
	json_t *list = virt_qmp(dom, cmd, err, sizeof(err));
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
	ret = virt_qmp(dom, json_array_get(cmds, 0), err, errlen);
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
		ret = virt_qmp(dom, json_array_get(cmds, k), err, errlen);
		json_decref(ret);
	}
	json_decref(cmds);
	return 0;
}

int virt_attach(const struct virt_options *o, const struct attach_request *a)
{
	char err[512], port[32], socket[256], domain_type[16] = "", mac[18];
	virConnectPtr conn;
	virDomainPtr dom = NULL;
	struct iface_spec spec = {0};
	struct port_spec pspec;
	struct perm_user qemu;
	json_t *cmds = NULL;
	int mtu = 0, rc = VIRT_EXIT_ERROR, added = 0;
	size_t done = 0;
	char *xml;

	conn = virt_lv_open(o, err, sizeof(err));
	if (conn == NULL)
		goto fail;
	dom = virDomainLookupByName(conn, a->domain);
	if (dom == NULL) {
		snprintf(err, sizeof(err), "domain %s: %s", a->domain, virt_lv_error());
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
	if (!a->mac) {
		unsigned char random[3];

		if (getrandom(random, sizeof(random), 0) != sizeof(random)) {
			snprintf(err, sizeof(err), "no random bytes for a MAC: give --mac");
			goto fail;
		}
		iface_mac_from_bytes(random, mac, sizeof(mac));
	}
	pspec = (struct port_spec){.name = port,
				   .socket = socket,
				   .mode = a->mode,
				   .network = a->network,
				   .queues = a->queues,
				   .socket_group = o->qemu_group,
				   .mac = a->mac ? a->mac : mac,
				   .ips = a->ips};
	if (virt_port_add(o, &pspec, &mtu, err, sizeof(err)) < 0)
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
	spec.mac = pspec.mac;
	spec.queues = a->queues;
	spec.mtu = a->mtu ? a->mtu : mtu;
	spec.vectors = strcmp(domain_type, "qemu") == 0 ? 0 : -1;
	cmds = iface_qmp_add(&spec);
	/* netdev_add returns once sluice (a reconnecting client) has connected. */
	for (done = 0; done < json_array_size(cmds); done++) {
		json_t *ret = virt_qmp(dom, json_array_get(cmds, done), err, sizeof(err));

		if (ret == NULL)
			goto fail;
		json_decref(ret);
	}
	if (spec.mtu > 0)
		printf("%s: port %s (network %s, MTU %d) on %s, QEMU %s, device %s%s\n", a->domain,
		       port, a->network, spec.mtu, socket, spec.qemu_mode, IFACE_DEVICE_PREFIX,
		       port);
	else
		printf("%s: port %s (network %s, guest's default MTU: sluice reports none) on %s, "
		       "QEMU %s, device %s%s\n",
		       a->domain, port, a->network, socket, spec.qemu_mode, IFACE_DEVICE_PREFIX,
		       port);
	rc = VIRT_EXIT_OK;
	goto out;
fail:
	fprintf(stderr, "sluice-virt: attach: %s\n", err);
	/* Undo what was made, newest first: no half-attached NIC stays. */
	if (done > 0) {
		json_t *del = iface_qmp_del(port);
		char ignore[256];

		for (size_t k = done; k-- > 0;)
			json_decref(virt_qmp(dom, json_array_get(del, k), ignore, sizeof(ignore)));
		json_decref(del);
	}
	if (added)
		virt_port_del(o, port);
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
	json_t *list = virt_qmp(dom, cmd, err, errlen);
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

	conn = virt_lv_open(o, err, sizeof(err));
	if (conn == NULL || (dom = virDomainLookupByName(conn, domain)) == NULL) {
		if (conn)
			snprintf(err, sizeof(err), "domain %s: %s", domain, virt_lv_error());
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
		if (virt_port_del(o, name) < 0) {
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
