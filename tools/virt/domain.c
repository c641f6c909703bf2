#include "domain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "iface.h"

#define QEMU_NS "http://libvirt.org/schemas/domain/qemu/1.0"

/* A libvirt cpuset: "0-3,8,^2" (ranges, singles, '^' excludes). */
int domain_parse_cpulist(const char *text, unsigned char *set, int max)
{
	const char *p = text;

	memset(set, 0, (size_t)max);
	while (*p) {
		int exclude = 0;
		char *end;
		long lo, hi;

		while (*p == ' ')
			p++;
		if (*p == '^') {
			exclude = 1;
			p++;
		}
		lo = strtol(p, &end, 10);
		if (end == p || lo < 0 || lo >= max)
			return -1;
		hi = lo;
		p = end;
		if (*p == '-') {
			p++;
			hi = strtol(p, &end, 10);
			if (end == p || hi < lo || hi >= max)
				return -1;
			p = end;
		}
		for (long c = lo; c <= hi; c++)
			set[c] = exclude ? 0 : 1;
		while (*p == ' ')
			p++;
		if (*p == ',')
			p++;
		else if (*p)
			return -1;
	}
	return 0;
}

/* The string value of an XPath expression (attribute or text), relative to
 * node, copied into out; "" when it matches nothing. */
static void xpath_string(xmlXPathContextPtr ctx, xmlNodePtr node, const char *expr, char *out,
			 size_t outlen)
{
	xmlXPathObjectPtr obj;

	out[0] = '\0';
	ctx->node = node;
	obj = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	if (obj == NULL)
		return;
	if (obj->type == XPATH_NODESET && obj->nodesetval && obj->nodesetval->nodeNr > 0) {
		xmlChar *s = xmlNodeGetContent(obj->nodesetval->nodeTab[0]);

		if (s)
			snprintf(out, outlen, "%s", (const char *)s);
		xmlFree(s);
	}
	xmlXPathFreeObject(obj);
}

static int xpath_count(xmlXPathContextPtr ctx, xmlNodePtr node, const char *expr)
{
	xmlXPathObjectPtr obj;
	int n = 0;

	ctx->node = node;
	obj = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	if (obj && obj->type == XPATH_NODESET && obj->nodesetval)
		n = obj->nodesetval->nodeNr;
	xmlXPathFreeObject(obj);
	return n;
}

static int xpath_int(xmlXPathContextPtr ctx, xmlNodePtr node, const char *expr)
{
	char buf[32];

	xpath_string(ctx, node, expr, buf, sizeof(buf));
	return buf[0] ? atoi(buf) : 0;
}

/* host_mtu set for a device alias by <qemu:override> (libvirt >= 8.2):
 * <qemu:device alias='net0'><qemu:frontend><qemu:property name='host_mtu'
 * type='unsigned' value='1450'/>. */
static int override_host_mtu(xmlXPathContextPtr ctx, xmlNodePtr root, const char *alias)
{
	char expr[DOMAIN_NAME_MAX + 160];

	if (strchr(alias, '\''))
		return 0;
	snprintf(expr, sizeof(expr),
		 "qemu:override/qemu:device[@alias='%s']/qemu:frontend/"
		 "qemu:property[@name='host_mtu']/@value",
		 alias);
	return xpath_int(ctx, root, expr);
}

/* The virtio offloads an <interface>'s <driver> turns off, as "host csum,
 * guest tso4" (libvirt's names: <host> is what the guest sends, <guest>
 * what it receives). */
static void offloads_off(xmlXPathContextPtr ctx, xmlNodePtr node, char *out, size_t outlen)
{
	static const char *const sides[] = {"host", "guest"};
	static const char *const names[] = {"csum", "gso", "tso4", "tso6", "ecn", "ufo"};
	size_t len = 0;

	out[0] = '\0';
	for (size_t s = 0; s < sizeof(sides) / sizeof(sides[0]); s++)
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			char expr[64], value[16];

			snprintf(expr, sizeof(expr), "driver/%s/@%s", sides[s], names[k]);
			xpath_string(ctx, node, expr, value, sizeof(value));
			if (strcmp(value, "off") != 0 || len >= outlen)
				continue;
			len += (size_t)snprintf(out + len, outlen - len, "%s%s %s", len ? ", " : "",
						sides[s], names[k]);
		}
}
static void parse_iface(xmlXPathContextPtr ctx, xmlNodePtr root, xmlNodePtr node, int index,
			struct domain_iface *i)
{
	char buf[16];

	memset(i, 0, sizeof(*i));
	i->index = index;
	xpath_string(ctx, node, "@type", i->type, sizeof(i->type));
	xpath_string(ctx, node, "model/@type", i->model, sizeof(i->model));
	xpath_string(ctx, node, "mac/@address", i->mac, sizeof(i->mac));
	xpath_string(ctx, node, "alias/@name", i->alias, sizeof(i->alias));
	if (i->alias[0] == '\0')
		snprintf(i->alias, sizeof(i->alias), "net%d", index);
	xpath_string(ctx, node, "source/@path", i->socket, sizeof(i->socket));
	xpath_string(ctx, node, "source/@mode", i->mode, sizeof(i->mode));
	xpath_string(ctx, node, "source/reconnect/@enabled", buf, sizeof(buf));
	i->reconnect = strcmp(buf, "yes") == 0;
	i->queues = xpath_int(ctx, node, "driver/@queues");
	offloads_off(ctx, node, i->offloads_off, sizeof(i->offloads_off));
	i->mtu = xpath_int(ctx, node, "mtu/@size");
	i->host_mtu = override_host_mtu(ctx, root, i->alias);
	if (i->socket[0] && !strchr(i->socket, '\'')) {
		char expr[DOMAIN_TEXT_MAX + 64];

		snprintf(expr, sizeof(expr), "metadata/sluice:port[@socket='%s']/@network",
			 i->socket);
		xpath_string(ctx, root, expr, i->sluice_network, sizeof(i->sluice_network));
		snprintf(expr, sizeof(expr), "metadata/sluice:port[@socket='%s']/@name", i->socket);
		xpath_string(ctx, root, expr, i->sluice_port, sizeof(i->sluice_port));
		snprintf(expr, sizeof(expr), "metadata/sluice:port[@socket='%s']/@ips", i->socket);
		xpath_string(ctx, root, expr, i->sluice_ips, sizeof(i->sluice_ips));
	}
}

static void parse_cpus(xmlXPathContextPtr ctx, xmlNodePtr root, struct domain *d)
{
	char buf[DOMAIN_TEXT_MAX];
	xmlXPathObjectPtr pins;
	unsigned char one[DOMAIN_CPUS_MAX];

	d->vcpus = xpath_int(ctx, root, "vcpu");
	xpath_string(ctx, root, "vcpu/@cpuset", buf, sizeof(buf));
	if (buf[0] && domain_parse_cpulist(buf, d->cpus, DOMAIN_CPUS_MAX) == 0)
		d->cpus_set = 1;

	/* <vcpupin> overrides the cpuset per vCPU; the vCPUs are placed only
	 * when every one of them is pinned (or the cpuset covers the rest). */
	ctx->node = root;
	pins = xmlXPathEvalExpression((const xmlChar *)"cputune/vcpupin", ctx);
	if (pins && pins->nodesetval && pins->nodesetval->nodeNr > 0) {
		int n = pins->nodesetval->nodeNr;

		if (n >= d->vcpus || d->cpus_set) {
			/* All pinned: the cpuset no longer applies to any vCPU. */
			if (n >= d->vcpus)
				memset(d->cpus, 0, sizeof(d->cpus));
			for (int k = 0; k < n; k++) {
				xpath_string(ctx, pins->nodesetval->nodeTab[k], "@cpuset", buf,
					     sizeof(buf));
				if (domain_parse_cpulist(buf, one, DOMAIN_CPUS_MAX) != 0)
					continue;
				for (int c = 0; c < DOMAIN_CPUS_MAX; c++)
					d->cpus[c] |= one[c];
			}
			d->cpus_set = 1;
		}
	}
	xmlXPathFreeObject(pins);

	xpath_string(ctx, root, "numatune/memory/@nodeset", buf, sizeof(buf));
	if (buf[0] && domain_parse_cpulist(buf, d->nodes, (int)sizeof(d->nodes)) == 0)
		d->nodes_set = 1;
}

static void parse_memory(xmlXPathContextPtr ctx, xmlNodePtr root, struct domain *d)
{
	char buf[32];
	int cells, shared_cells;

	d->hugepages = xpath_count(ctx, root, "memoryBacking/hugepages") > 0;
	xpath_string(ctx, root, "memoryBacking/source/@type", buf, sizeof(buf));
	d->memfd = strcmp(buf, "memfd") == 0;
	xpath_string(ctx, root, "memoryBacking/access/@mode", buf, sizeof(buf));
	d->shared = strcmp(buf, "shared") == 0;
	/* Per-cell access overrides the domain-wide one. */
	cells = xpath_count(ctx, root, "cpu/numa/cell");
	shared_cells = xpath_count(ctx, root, "cpu/numa/cell[@memAccess='shared']");
	if (cells > 0 && xpath_count(ctx, root, "cpu/numa/cell[@memAccess]") > 0)
		d->shared = shared_cells == cells;
}

int domain_parse(const char *xml, size_t len, struct domain *d, char *err, size_t errlen)
{
	xmlDocPtr doc;
	xmlXPathContextPtr ctx;
	xmlXPathObjectPtr set;
	xmlNodePtr root;

	memset(d, 0, sizeof(*d));
	doc = xmlReadMemory(xml, (int)len, "domain.xml", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL) {
		const xmlError *e = xmlGetLastError();

		if (e)
			snprintf(err, errlen, "not XML: line %d: %s", e->line,
				 e->message ? e->message : "?");
		else
			snprintf(err, errlen, "not XML");
		/* libxml2's message ends in a newline. */
		err[strcspn(err, "\n")] = '\0';
		return -1;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || strcmp((const char *)root->name, "domain") != 0) {
		snprintf(err, errlen, "not a libvirt domain: the root element is <%s>",
			 root ? (const char *)root->name : "");
		xmlFreeDoc(doc);
		return -1;
	}
	ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, (const xmlChar *)"qemu", (const xmlChar *)QEMU_NS);
	xmlXPathRegisterNs(ctx, (const xmlChar *)"sluice", (const xmlChar *)IFACE_NS);

	xpath_string(ctx, root, "name", d->name, sizeof(d->name));
	parse_cpus(ctx, root, d);
	parse_memory(ctx, root, d);

	ctx->node = root;
	set = xmlXPathEvalExpression((const xmlChar *)"devices/interface", ctx);
	if (set && set->nodesetval) {
		for (int k = 0; k < set->nodesetval->nodeNr && d->n_ifaces < DOMAIN_IFACES_MAX; k++)
			parse_iface(ctx, root, set->nodesetval->nodeTab[k], k,
				    &d->ifaces[d->n_ifaces++]);
	}
	xmlXPathFreeObject(set);

	ctx->node = root;
	set = xmlXPathEvalExpression(
	    (const xmlChar *)"devices/disk[@device='disk' or not(@device)]", ctx);
	if (set && set->nodesetval) {
		for (int k = 0; k < set->nodesetval->nodeNr && d->n_disks < DOMAIN_DISKS_MAX; k++) {
			struct domain_disk *disk = &d->disks[d->n_disks++];
			xmlNodePtr n = set->nodesetval->nodeTab[k];

			xpath_string(ctx, n, "target/@dev", disk->target, sizeof(disk->target));
			xpath_string(ctx, n, "driver/@io", disk->io, sizeof(disk->io));
			xpath_string(ctx, n, "driver/@cache", disk->cache, sizeof(disk->cache));
		}
	}
	xmlXPathFreeObject(set);

	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	return 0;
}
