/* The vhost-user NIC sluice-virt hot-plugs, as the three QMP commands that
 * create it (chardev-add, netdev_add, device_add) and the three that remove
 * it, and the names it gives ports and devices. Pure: no I/O.
 *
 * Why QMP and not <interface type='vhostuser'> through libvirt: libvirt 9.0
 * refuses <mtu> on a vhostuser interface unless Open vSwitch owns the
 * socket ("Cannot set interface MTU on '(null)'"), and applies
 * <qemu:override> (host_mtu, vectors) only to devices present at start, so
 * a hot-plugged NIC could not carry the network's MTU. docs/libvirt.md. */
#ifndef SLUICE_VIRT_IFACE_H
#define SLUICE_VIRT_IFACE_H

#include <stddef.h>

#include <jansson.h>

/* Where a domain's XML says which sluice network a vhostuser interface
 * joins (for `watch`): <metadata><sluice:port xmlns:sluice=IFACE_NS
 * socket='/run/sluice/vhost/vm1.sock' network='tenant-a' name='vm1'/>. */
#define IFACE_NS "urn:sluice:libvirt:1"

/* QEMU ids of a hot-plugged NIC: device "sl-PORT", netdev "hostsl-PORT",
 * chardev "charsl-PORT". */
#define IFACE_DEVICE_PREFIX "sl-"

struct iface_spec {
	const char *port; /* sluice port name: the QEMU ids derive from it */
	const char *socket;
	const char *qemu_mode; /* QEMU's side: server when sluice is client */
	const char *mac;       /* NULL or "": QEMU chooses */
	int queues;
	int mtu;     /* host_mtu; 0 leaves the guest's default (1500) */
	int vectors; /* MSI-X vectors; -1 QEMU's default, 0 none (TCG: see docs) */
};

/* The sluice port behind a NIC: port.add's params. With mac, sluice turns
 * port security on (docs/security.md): the VM may send only from mac and,
 * for IP, from ips. */
struct port_spec {
	const char *name;
	const char *socket;
	const char *mode; /* sluice's side: client or server */
	const char *network;
	int queues;
	const char *socket_group; /* server mode: QEMU's group, "" or NULL: none */
	const char *mac;	  /* the NIC's, NULL or "": none (no port security) */
	const char *ips;	  /* "198.18.0.11, 2001:db8::11", NULL or "": none */
};

json_t *iface_port_params(const struct port_spec *s);
/* A MAC in QEMU's range 52:54:00 for a NIC attach gives none (random: three
 * bytes), so sluice and QEMU know the same one. */
void iface_mac_from_bytes(const unsigned char random[3], char *out, size_t outlen);

/* The commands that create the NIC, in order: an array of 3 QMP objects. */
json_t *iface_qmp_add(const struct iface_spec *s);
/* The commands that remove it, in order (device_del first; the caller waits
 * for the guest to release the device before the other two). */
json_t *iface_qmp_del(const char *port);

/* A port name from a domain name: letters, digits, '-', '_', '.' kept, any
 * other character becomes '-', cut so that "-N" fits in 31 characters; n > 0
 * appends "-N". */
void iface_port_name(const char *domain, int n, char *out, size_t outlen);

#endif
