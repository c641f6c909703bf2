/* The <interface type='vhostuser'> sluice-virt hot-plugs, and the names
 * it gives ports. Pure: strings in, strings out. */
#ifndef SLUICE_VIRT_IFACE_H
#define SLUICE_VIRT_IFACE_H

#include <stddef.h>

/* Where a domain's XML says which sluice network a vhostuser interface
 * joins (for `watch`): <metadata><sluice:port xmlns:sluice=IFACE_NS
 * socket='/run/sluice/vhost/vm1.sock' network='tenant-a' name='vm1'/>. */
#define IFACE_NS "urn:sluice:libvirt:1"

struct iface_spec {
	const char *socket;
	const char *qemu_mode; /* QEMU's side: server when sluice is client */
	const char *mac;       /* NULL or "": libvirt chooses */
	const char *alias;     /* user alias "ua-..." or NULL */
	int queues;
	int mtu; /* 0: leave the guest's default (1500) */
};

/* The interface XML into out. Returns the length, or -1 when out is too small. */
int iface_xml(const struct iface_spec *s, char *out, size_t outlen);

/* A port name from a domain name: letters, digits, '-', '_', '.' kept, any
 * other character becomes '-', cut so that "-N" fits in 31 characters; n > 0
 * appends "-N". */
void iface_port_name(const char *domain, int n, char *out, size_t outlen);

#endif
