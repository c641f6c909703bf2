#include "iface.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static json_t *qmp(const char *command, json_t *arguments)
{
	return json_pack("{s:s,s:o}", "execute", command, "arguments", arguments);
}

static void ids(const char *port, char *dev, char *netdev, char *chardev, size_t len)
{
	snprintf(dev, len, IFACE_DEVICE_PREFIX "%s", port);
	snprintf(netdev, len, "host" IFACE_DEVICE_PREFIX "%s", port);
	snprintf(chardev, len, "char" IFACE_DEVICE_PREFIX "%s", port);
}

json_t *iface_qmp_add(const struct iface_spec *s)
{
	char dev[64], netdev[64], chardev[64];
	int server = strcmp(s->qemu_mode, "server") == 0;
	int queues = s->queues > 1 ? s->queues : 1;
	json_t *sock, *device;

	ids(s->port, dev, netdev, chardev, sizeof(dev));
	sock = json_pack("{s:{s:s,s:{s:s}},s:b}", "addr", "type", "unix", "data", "path", s->socket,
			 "server", server);
	/* A server does not block QEMU until sluice connects; a client retries
	 * every second, so a restarted sluice gets the NIC back. */
	if (server)
		json_object_set_new(sock, "wait", json_false());
	else
		json_object_set_new(sock, "reconnect", json_integer(1));
	device =
	    json_pack("{s:s,s:s,s:s}", "driver", "virtio-net-pci", "id", dev, "netdev", netdev);
	if (s->mac && s->mac[0])
		json_object_set_new(device, "mac", json_string(s->mac));
	if (s->mtu > 0)
		json_object_set_new(device, "host_mtu", json_integer(s->mtu));
	if (queues > 1)
		json_object_set_new(device, "mq", json_true());
	if (s->vectors >= 0)
		json_object_set_new(device, "vectors", json_integer(s->vectors));
	else if (queues > 1)
		json_object_set_new(device, "vectors", json_integer(2 * queues + 2));
	return json_pack(
	    "[o,o,o]",
	    qmp("chardev-add", json_pack("{s:s,s:{s:s,s:o}}", "id", chardev, "backend", "type",
					 "socket", "data", sock)),
	    qmp("netdev_add", json_pack("{s:s,s:s,s:s,s:i}", "type", "vhost-user", "id", netdev,
					"chardev", chardev, "queues", queues)),
	    qmp("device_add", device));
}

json_t *iface_qmp_del(const char *port)
{
	char dev[64], netdev[64], chardev[64];

	ids(port, dev, netdev, chardev, sizeof(dev));
	return json_pack("[o,o,o]", qmp("device_del", json_pack("{s:s}", "id", dev)),
			 qmp("netdev_del", json_pack("{s:s}", "id", netdev)),
			 qmp("chardev-remove", json_pack("{s:s}", "id", chardev)));
}

void iface_port_name(const char *domain, int n, char *out, size_t outlen)
{
	char suffix[16] = "";
	size_t max = outlen - 1, len = 0;

	if (max > 31)
		max = 31;
	if (n > 0)
		snprintf(suffix, sizeof(suffix), "-%d", n);
	for (const char *p = domain; *p && len < max - strlen(suffix); p++) {
		unsigned char c = (unsigned char)*p;

		out[len++] = (char)(isalnum(c) || c == '-' || c == '_' || c == '.' ? c : '-');
	}
	if (len == 0)
		out[len++] = 'v';
	out[len] = '\0';
	snprintf(out + len, outlen - len, "%s", suffix);
}

json_t *iface_port_params(const struct port_spec *s)
{
	json_t *params = json_pack("{s:s,s:s,s:s,s:s,s:s}", "name", s->name, "type", "vhost",
				   "socket", s->socket, "mode", s->mode, "network", s->network);

	if (s->queues > 1)
		json_object_set_new(params, "max-queues", json_integer(s->queues));
	/* sluice listens: its socket goes to QEMU's group, now and after restarts. */
	if (strcmp(s->mode, "server") == 0 && s->socket_group && s->socket_group[0]) {
		json_object_set_new(params, "socket-group", json_string(s->socket_group));
		json_object_set_new(params, "socket-mode", json_string("0660"));
	}
	if (s->mac && s->mac[0])
		json_object_set_new(params, "mac", json_string(s->mac));
	if (s->ips && s->ips[0])
		json_object_set_new(params, "ips", json_string(s->ips));
	return params;
}

void iface_mac_from_bytes(const unsigned char random[3], char *out, size_t outlen)
{
	snprintf(out, outlen, "52:54:00:%02x:%02x:%02x", random[0], random[1], random[2]);
}
