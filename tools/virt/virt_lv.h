/* What the libvirt commands share (tools/virt/libvirt.c). */
#ifndef SLUICE_VIRT_LV_H
#define SLUICE_VIRT_LV_H

#include <stddef.h>

#include <jansson.h>
#include <libvirt/libvirt.h>

#include "domain.h"
#include "facts.h"
#include "iface.h"
#include "virt.h"

/* libvirt's last error message. */
const char *virt_lv_error(void);
/* A connection to o->uri, or NULL with err. libvirt's own stderr printing is off. */
virConnectPtr virt_lv_open(const struct virt_options *o, char *err, size_t errlen);

/* port.add of a vhost port; *mtu: the port's MTU, or its network's. */
int virt_port_add(const struct virt_options *o, const struct port_spec *spec, int *mtu, char *err,
		  size_t errlen);
/* port.del; a failure is printed. Returns 0 or -1. */
int virt_port_del(const struct virt_options *o, const char *name);

/* One QMP command through libvirt's monitor passthrough: the "return"
 * member (new reference), or NULL with err. */
json_t *virt_qmp(virDomainPtr dom, const json_t *cmd, char *err, size_t errlen);

/* The domain's XML (virDomainGetXMLDesc flags) parsed, and sluice's facts. */
int virt_domain_ifaces(const struct virt_options *o, virDomainPtr dom, unsigned int xml_flags,
		       struct domain *d, struct facts *f, char *err, size_t errlen);

#endif
