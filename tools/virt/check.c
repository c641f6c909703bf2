#include "check.h"

#include <stdarg.h>
#include <string.h>

const struct check_rule check_rules[] = {
    {"nic-model", "every NIC is virtio (rtl8139, e1000 are emulated register by register)"},
    {"hugepages", "guest memory on hugepages (fewer TLB misses; vhost-user maps it whole)"},
    {"shared-memory", "guest memory shared (vhost-user: sluice maps it; else no traffic)"},
    {"vhost-port", "each vhostuser socket is a sluice port, of the opposite mode"},
    {"reconnect", "a vhostuser client reconnects when sluice restarts"},
    {"numa-cpus", "vCPUs pinned to the NUMA node of the PMD cores serving its ports"},
    {"numa-memory", "guest memory bound to that node"},
    {"mtu", "guest MTU (host_mtu) equal to the sluice port's MTU"},
    {"offloads", "virtio offloads (checksum, TSO) not turned off in the <driver>"},
    {"disk-io", "disks with io='native' cache='none' (no host page cache, no thread pool)"},
    {NULL, NULL},
};

static struct finding *add(struct check_result *r, const char *rule, const char *subject,
			   const char *fix_fmt, ...) __attribute__((format(printf, 4, 5)));

/* A new finding with its fix; the caller fills problem. */
static struct finding *add(struct check_result *r, const char *rule, const char *subject,
			   const char *fix_fmt, ...)
{
	static struct finding overflow;
	struct finding *f;
	va_list ap;

	if (r->n == CHECK_FINDINGS_MAX)
		return &overflow;
	f = &r->findings[r->n++];
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	snprintf(f->subject, sizeof(f->subject), "%s", subject);
	va_start(ap, fix_fmt);
	vsnprintf(f->fix, sizeof(f->fix), fix_fmt, ap);
	va_end(ap);
	return f;
}

static void iface_subject(const struct domain_iface *i, char *out, size_t outlen)
{
	snprintf(out, outlen, "interface %s", i->alias);
}

static void check_nics(const struct domain *d, struct check_result *r)
{
	for (int k = 0; k < d->n_ifaces; k++) {
		const struct domain_iface *i = &d->ifaces[k];
		char subject[64];
		struct finding *f;

		if (strcmp(i->model, "virtio") == 0)
			continue;
		iface_subject(i, subject, sizeof(subject));
		f = add(r, "nic-model", subject, "<model type='virtio'/> in the <interface>");
		if (i->model[0])
			snprintf(f->problem, sizeof(f->problem),
				 "model %s is an emulated NIC: every packet traps to QEMU",
				 i->model);
		else
			snprintf(f->problem, sizeof(f->problem),
				 "no <model>: QEMU's default (rtl8139) is an emulated NIC");
	}
}

/* Turning TSO and checksum offload off was the old cure for tunnelled
 * networks whose MTU broke TCP; sluice closes the MTU loop itself (MSS
 * clamping, ICMP too-big), and a guest without them segments and checksums
 * every packet on its own vCPUs. */
static void check_offloads(const struct domain *d, struct check_result *r)
{
	for (int k = 0; k < d->n_ifaces; k++) {
		const struct domain_iface *i = &d->ifaces[k];
		char subject[64];
		struct finding *f;

		if (!i->offloads_off[0])
			continue;
		iface_subject(i, subject, sizeof(subject));
		f = add(r, "offloads", subject,
			"remove the ='off' attributes from <driver><host .../><guest .../> "
			"(sluice clamps MSS and answers too-big itself: docs/mtu.md)");
		snprintf(f->problem, sizeof(f->problem),
			 "offloads turned off in <driver>: %s: the guest segments and "
			 "checksums every packet itself",
			 i->offloads_off);
	}
}

static int has_vhostuser(const struct domain *d)
{
	for (int k = 0; k < d->n_ifaces; k++)
		if (strcmp(d->ifaces[k].type, "vhostuser") == 0)
			return 1;
	return 0;
}

static void check_memory(const struct domain *d, struct check_result *r)
{
	struct finding *f;

	if (!d->hugepages) {
		f = add(r, "hugepages", "memory",
			"<memoryBacking><hugepages/></memoryBacking> (pages: sluice-hugepages "
			"reserve)");
		snprintf(f->problem, sizeof(f->problem),
			 "guest memory is on 4 KiB pages: TLB misses in every vhost copy");
	}
	if (has_vhostuser(d) && !d->shared) {
		f = add(r, "shared-memory", "memory",
			"<memoryBacking><access mode='shared'/></memoryBacking>");
		snprintf(
		    f->problem, sizeof(f->problem),
		    "guest memory is private: sluice cannot map it, vhost-user carries nothing");
	}
}

static void check_disks(const struct domain *d, struct check_result *r)
{
	for (int k = 0; k < d->n_disks; k++) {
		const struct domain_disk *disk = &d->disks[k];
		char subject[64];
		struct finding *f;

		if (strcmp(disk->io, "native") == 0 && strcmp(disk->cache, "none") == 0)
			continue;
		snprintf(subject, sizeof(subject), "disk %s", disk->target[0] ? disk->target : "?");
		f = add(r, "disk-io", subject,
			"<driver name='qemu' type='raw' io='native' cache='none'/> in the <disk>");
		snprintf(f->problem, sizeof(f->problem),
			 "io='%s' cache='%s': host page cache and QEMU's I/O threads steal cycles "
			 "from the PMD cores",
			 disk->io[0] ? disk->io : "threads (default)",
			 disk->cache[0] ? disk->cache : "default");
	}
}

/* QEMU's <source mode> is QEMU's side: server means sluice must be client. */
static const char *opposite(const char *mode)
{
	return strcmp(mode, "server") == 0 ? "client" : "server";
}

static void check_vhost_ports(const struct domain *d, const struct facts *facts,
			      struct check_result *r)
{
	for (int k = 0; k < d->n_ifaces; k++) {
		const struct domain_iface *i = &d->ifaces[k];
		const struct facts_port *p;
		char subject[64];
		struct finding *f;
		int guest_mtu;

		if (strcmp(i->type, "vhostuser") != 0)
			continue;
		iface_subject(i, subject, sizeof(subject));
		if (strcmp(i->mode, "client") == 0 && !i->reconnect) {
			f = add(r, "reconnect", subject,
				"<reconnect enabled='yes' timeout='1'/> inside <source>");
			snprintf(
			    f->problem, sizeof(f->problem),
			    "QEMU is the vhost-user client without reconnect: the NIC stays dead "
			    "after sluice restarts");
		}
		if (i->mtu && !i->host_mtu) {
			f = add(r, "mtu", subject,
				"drop <mtu>; <qemu:override><qemu:device alias='%s'><qemu:frontend>"
				"<qemu:property name='host_mtu' type='unsigned' value='%d'/>...",
				i->alias, i->mtu);
			snprintf(
			    f->problem, sizeof(f->problem),
			    "<mtu size='%d'/> on a vhostuser interface: libvirt 9.0 refuses to "
			    "start it ('Cannot set interface MTU') unless Open vSwitch owns the "
			    "socket",
			    i->mtu);
		}
		if (facts == NULL)
			continue;
		p = facts_port_by_socket(facts, i->socket);
		if (p == NULL) {
			f = add(r, "vhost-port", subject,
				"sluice-virt attach %s --network NET, or sluicectl port add NAME "
				"type=vhost socket=%s mode=%s network=NET",
				d->name, i->socket, opposite(i->mode));
			snprintf(f->problem, sizeof(f->problem), "socket %s is no sluice port",
				 i->socket);
			continue;
		}
		if (p->mode[0] && strcmp(p->mode, opposite(i->mode)) != 0) {
			f = add(r, "vhost-port", subject, "<source ... mode='%s'/>",
				opposite(p->mode));
			snprintf(
			    f->problem, sizeof(f->problem),
			    "QEMU and sluice port %s are both vhost-user %s: they never connect",
			    p->name, p->mode);
		}
		guest_mtu = i->host_mtu ? i->host_mtu : (i->mtu ? i->mtu : 1500);
		if (p->mtu > 0 && guest_mtu != p->mtu && !(i->mtu && !i->host_mtu)) {
			f = add(
			    r, "mtu", subject,
			    "<qemu:override><qemu:device alias='%s'><qemu:frontend><qemu:property "
			    "name='host_mtu' type='unsigned' value='%d'/>...",
			    i->alias, p->mtu);
			snprintf(f->problem, sizeof(f->problem),
				 "guest MTU %d, sluice port %s (network %s) has MTU %d: %s",
				 guest_mtu, p->name, p->network, p->mtu,
				 guest_mtu > p->mtu ? "large packets are dropped"
						    : "the guest wastes the larger MTU");
		}
	}
}

/* The nodes of the PMD cores serving the domain's sluice ports. */
static int pmd_nodes(const struct domain *d, const struct facts *facts, unsigned char *nodes)
{
	int n = 0;

	memset(nodes, 0, FACTS_NODES_MAX);
	for (int k = 0; k < d->n_ifaces; k++) {
		const struct facts_port *p = facts_port_by_socket(facts, d->ifaces[k].socket);

		if (p == NULL || strcmp(d->ifaces[k].type, "vhostuser") != 0)
			continue;
		for (int j = 0; j < p->n_pmd_nodes; j++) {
			n += !nodes[p->pmd_nodes[j]];
			nodes[p->pmd_nodes[j]] = 1;
		}
	}
	return n;
}

static void node_list(const unsigned char *nodes, char *out, size_t outlen)
{
	size_t used = 0;

	out[0] = '\0';
	for (int n = 0; n < FACTS_NODES_MAX && used < outlen; n++)
		if (nodes[n])
			used +=
			    (size_t)snprintf(out + used, outlen - used, "%s%d", used ? "," : "", n);
}

static void check_numa(const struct domain *d, const struct facts *facts, struct check_result *r)
{
	unsigned char nodes[FACTS_NODES_MAX];
	unsigned char node_cpus[DOMAIN_CPUS_MAX];
	char list[64], cpus[256] = "";
	int off_node = 0, first;
	struct finding *f;

	if (pmd_nodes(d, facts, nodes) == 0)
		return;
	node_list(nodes, list, sizeof(list));
	/* The host CPUs of those nodes, as a cpuset for the fix. */
	memset(node_cpus, 0, sizeof(node_cpus));
	for (int n = 0; n < FACTS_NODES_MAX; n++) {
		unsigned char one[DOMAIN_CPUS_MAX];

		if (!nodes[n] || facts->cpus_on_node[n][0] == '\0' ||
		    domain_parse_cpulist(facts->cpus_on_node[n], one, DOMAIN_CPUS_MAX) != 0)
			continue;
		for (int c = 0; c < DOMAIN_CPUS_MAX; c++)
			node_cpus[c] |= one[c];
		snprintf(cpus + strlen(cpus), sizeof(cpus) - strlen(cpus), "%s%s",
			 cpus[0] ? "," : "", facts->cpus_on_node[n]);
	}
	first = -1;
	if (d->cpus_set) {
		for (int c = 0; c < DOMAIN_CPUS_MAX; c++) {
			if (d->cpus[c] && !node_cpus[c]) {
				off_node++;
				if (first < 0)
					first = c;
			}
		}
	}
	if (!d->cpus_set || off_node) {
		f = add(r, "numa-cpus", "vcpus", "<vcpu placement='static' cpuset='%s'>%d</vcpu>",
			cpus[0] ? cpus : "CPUS-OF-NODE", d->vcpus > 0 ? d->vcpus : 1);
		if (!d->cpus_set)
			snprintf(f->problem, sizeof(f->problem),
				 "vCPUs are not pinned; the PMD cores of its ports are on node %s",
				 list);
		else
			snprintf(
			    f->problem, sizeof(f->problem),
			    "vCPUs may run on %d CPU(s) off node %s (CPU %d first), where the PMD "
			    "cores of its ports are",
			    off_node, list, first);
	}
	if (!d->nodes_set || memcmp(d->nodes, nodes, sizeof(d->nodes)) != 0) {
		f = add(r, "numa-memory", "memory",
			"<numatune><memory mode='strict' nodeset='%s'/></numatune>", list);
		if (!d->nodes_set)
			snprintf(f->problem, sizeof(f->problem),
				 "memory is not bound to a node; the PMD cores of its ports are on "
				 "node %s",
				 list);
		else
			snprintf(
			    f->problem, sizeof(f->problem),
			    "memory is bound to other nodes than %s, where the PMD cores of its "
			    "ports are",
			    list);
	}
}

void check_domain(const struct domain *d, const struct facts *facts, struct check_result *r)
{
	memset(r, 0, sizeof(*r));
	check_nics(d, r);
	check_offloads(d, r);
	check_memory(d, r);
	check_vhost_ports(d, facts, r);
	if (facts)
		check_numa(d, facts, r);
	else if (has_vhostuser(d))
		snprintf(r->skipped, sizeof(r->skipped), "vhost-port, mtu, numa-cpus, numa-memory");
	check_disks(d, r);
}

void check_print(FILE *out, const struct domain *d, const struct check_result *r)
{
	for (int k = 0; k < r->n; k++) {
		const struct finding *f = &r->findings[k];

		fprintf(out, "%s: %s: %s: %s\n  fix: %s\n", d->name, f->rule, f->subject,
			f->problem, f->fix);
	}
}
