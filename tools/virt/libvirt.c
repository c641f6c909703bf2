/* What the libvirt commands share: the connection, QMP passthrough, the
 * domain XML, sluice port add/del. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt-qemu.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "domain.h"
#include "virt.h"
#include "virt_lv.h"

/* libvirt prints its errors to stderr by default; we report them ourselves. */
static void quiet_errors(void *data, virErrorPtr e)
{
	(void)data;
	(void)e;
}

const char *virt_lv_error(void)
{
	const virError *e = virGetLastError();

	return e && e->message ? e->message : "unknown libvirt error";
}

virConnectPtr virt_lv_open(const struct virt_options *o, char *err, size_t errlen)
{
	virConnectPtr conn;

	virSetErrorFunc(NULL, quiet_errors);
	conn = virConnectOpen(o->uri);
	if (conn == NULL)
		snprintf(err, errlen, "libvirt %s: %s", o->uri ? o->uri : "(default)",
			 virt_lv_error());
	return conn;
}

char *virt_domain_xml(const struct virt_options *o, const char *name, unsigned int flags, char *err,
		      size_t errlen)
{
	virConnectPtr conn = virt_lv_open(o, err, errlen);
	virDomainPtr dom;
	char *xml = NULL;

	if (conn == NULL)
		return NULL;
	dom = virDomainLookupByName(conn, name);
	if (dom == NULL)
		snprintf(err, errlen, "domain %s: %s", name, virt_lv_error());
	else if ((xml = virDomainGetXMLDesc(dom, flags)) == NULL)
		snprintf(err, errlen, "domain %s: %s", name, virt_lv_error());
	if (dom)
		virDomainFree(dom);
	virConnectClose(conn);
	return xml;
}

int virt_port_del(const struct virt_options *o, const char *name)
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
int virt_port_add(const struct virt_options *o, const struct port_spec *spec, int *mtu, char *err,
		  size_t errlen)
{
	const char *network = spec->network;
	json_t *result = NULL;
	json_t *params = iface_port_params(spec);

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
json_t *virt_qmp(virDomainPtr dom, const json_t *cmd, char *err, size_t errlen)
{
	char *text = json_dumps(cmd, JSON_COMPACT);
	char *reply = NULL;
	json_t *root, *ret = NULL;

	if (text == NULL || virDomainQemuMonitorCommand(dom, text, &reply, 0) < 0) {
		snprintf(err, errlen, "%s: %s", json_string_value(json_object_get(cmd, "execute")),
			 virt_lv_error());
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

/* The domain's XML parsed, and sluice's ports. */
int virt_domain_ifaces(const struct virt_options *o, virDomainPtr dom, unsigned int xml_flags,
		       struct domain *d, struct facts *f, char *err, size_t errlen)
{
	char *xml = virDomainGetXMLDesc(dom, xml_flags);
	int rc;

	if (xml == NULL) {
		snprintf(err, errlen, "%s", virt_lv_error());
		return -1;
	}
	rc = domain_parse(xml, strlen(xml), d, err, errlen);
	free(xml);
	if (rc < 0)
		return -1;
	return sluice_facts(o->socket, f, err, errlen);
}

int virt_domain_names(const struct virt_options *o, char ***names, char *err, size_t errlen)
{
	virConnectPtr conn = virt_lv_open(o, err, errlen);
	virDomainPtr *doms = NULL;
	int n;

	*names = NULL;
	if (conn == NULL)
		return -1;
	n = virConnectListAllDomains(conn, &doms, 0);
	if (n < 0) {
		snprintf(err, errlen, "libvirt: cannot list domains: %s", virt_lv_error());
		virConnectClose(conn);
		return -1;
	}
	*names = calloc((size_t)n + 1, sizeof(char *));
	for (int i = 0; i < n; i++) {
		if (*names)
			(*names)[i] = strdup(virDomainGetName(doms[i]));
		virDomainFree(doms[i]);
	}
	free(doms);
	virConnectClose(conn);
	if (*names == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return n;
}
