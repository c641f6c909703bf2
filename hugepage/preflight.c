#include "preflight.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "topology.h"

_Static_assert(HUGEPAGE_MAX_NODES == SLUICE_MAX_NODES, "one limit on NUMA nodes");

int preflight_facts_read(const char *root, const struct sluice_config *cfg,
			 struct preflight_facts *facts)
{
	hugepage_facts_read(root, &facts->hp);
	topology_cpu_nodes(root, facts->cpu_node, SLUICE_MAX_CPUS);
	for (uint32_t i = 0; i < SLUICE_PORTS_CEILING; i++) {
		char addr[32];
		int node;

		facts->port_node[i] = -1;
		if (i >= cfg->n_ports || cfg->ports[i].type != PORT_TYPE_PHY ||
		    topology_pci_address(cfg->ports[i].devargs, addr, sizeof(addr)) < 0)
			continue;
		/* -1 (one node, or unknown) is node 0, as for DPDK's port. */
		node = topology_pci_node(root, addr);
		facts->port_node[i] = (int16_t)(node < 0 ? 0 : node);
	}
	return 0;
}

static uint32_t node_of_cpu(const struct preflight_facts *facts, uint32_t cpu)
{
	int node = cpu < SLUICE_MAX_CPUS ? facts->cpu_node[cpu] : -1;

	return node < 0 || node >= HUGEPAGE_MAX_NODES ? 0 : (uint32_t)node;
}

static void append(char *buf, size_t len, const char *sep, const char *text)
{
	size_t used = strlen(buf);

	if (used < len)
		snprintf(buf + used, len - used, "%s%s", used ? sep : "", text);
}

/* Which lcores and PCI ports sit on which node. */
static void place(const struct sluice_config *cfg, const struct preflight_facts *facts,
		  struct hugepage_plan *plan)
{
	const struct dataplane_config *dp = &cfg->dataplane;
	uint32_t node;
	char text[48];

	plan->n_nodes = facts->hp.n_nodes ? facts->hp.n_nodes : 1;
	node = node_of_cpu(facts, dp->main_core);
	plan->nodes[node].main_core = true;
	if (node + 1 > plan->n_nodes)
		plan->n_nodes = node + 1;
	for (uint32_t i = 0; i < dp->worker_cores.n; i++) {
		node = node_of_cpu(facts, dp->worker_cores.cores[i]);
		plan->nodes[node].workers++;
		snprintf(text, sizeof(text), "%u", dp->worker_cores.cores[i]);
		append(plan->nodes[node].worker_list, sizeof(plan->nodes[node].worker_list), ",",
		       text);
		if (node + 1 > plan->n_nodes)
			plan->n_nodes = node + 1;
	}
	for (uint32_t i = 0; i < cfg->n_ports; i++) {
		if (facts->port_node[i] < 0 || facts->port_node[i] >= HUGEPAGE_MAX_NODES)
			continue;
		node = (uint32_t)facts->port_node[i];
		snprintf(text, sizeof(text), "'%s'", cfg->ports[i].name);
		append(plan->nodes[node].port_list, sizeof(plan->nodes[node].port_list), ", ",
		       text);
		if (node + 1 > plan->n_nodes)
			plan->n_nodes = node + 1;
	}
}

static bool node_is_used(const struct preflight_node *pn)
{
	return pn->main_core || pn->workers || pn->port_list[0];
}

/* "main core 0, worker cores 2,3, port 'uplink'" */
void preflight_node_describe(const struct sluice_config *cfg, const struct preflight_node *pn,
			     char *buf, size_t len)
{
	char text[160];

	buf[0] = '\0';
	if (pn->main_core) {
		snprintf(text, sizeof(text), "main core %u", cfg->dataplane.main_core);
		append(buf, len, ", ", text);
	}
	if (pn->workers) {
		snprintf(text, sizeof(text), "worker core%s %s", pn->workers > 1 ? "s" : "",
			 pn->worker_list);
		append(buf, len, ", ", text);
	}
	if (pn->port_list[0]) {
		snprintf(text, sizeof(text), "port%s %s", strchr(pn->port_list, ',') ? "s" : "",
			 pn->port_list);
		append(buf, len, ", ", text);
	}
}

/* "1024,1024" */
static void socket_mem_text(const struct socket_mem *sm, char *buf, size_t len)
{
	char text[16];

	buf[0] = '\0';
	for (uint32_t n = 0; n < sm->n_nodes; n++) {
		snprintf(text, sizeof(text), "%u", sm->node_mb[n]);
		append(buf, len, ",", text);
	}
}

/* Per-node socket-mem: every node it names exists, and every node with an
 * lcore or a PCI port gets some (DPDK allocates their memory there, without
 * falling back to another node). */
static int check_socket_mem_nodes(const struct sluice_config *cfg,
				  const struct preflight_facts *facts,
				  const struct hugepage_plan *plan, char *err, size_t errlen)
{
	const struct socket_mem *sm = &cfg->dataplane.socket_mem;
	char given[256], fixed[256], who[256], text[16], nodes[128];
	uint32_t biggest = 0;

	if (sm->n_nodes == 0)
		return 0;
	socket_mem_text(sm, given, sizeof(given));
	for (uint32_t n = 0; n < sm->n_nodes; n++) {
		if (sm->node_mb[n] > biggest)
			biggest = sm->node_mb[n];
		if (sm->node_mb[n] == 0 || (n < HUGEPAGE_MAX_NODES && facts->hp.node_present[n]))
			continue;
		nodes[0] = '\0';
		for (uint32_t i = 0; i < facts->hp.n_nodes; i++) {
			snprintf(text, sizeof(text), "%u", i);
			if (facts->hp.node_present[i])
				append(nodes, sizeof(nodes), ",", text);
		}
		snprintf(err, errlen,
			 "socket-mem = %s: this machine has no NUMA node %u (it has node%s %s); "
			 "give a total instead: socket-mem = %u",
			 given, n, strchr(nodes, ',') ? "s" : "", nodes, sm->total_mb);
		return -1;
	}
	for (uint32_t n = 0; n < plan->n_nodes; n++) {
		const struct preflight_node *pn = &plan->nodes[n];

		if (!node_is_used(pn) || (n < sm->n_nodes && sm->node_mb[n] > 0))
			continue;
		fixed[0] = '\0';
		for (uint32_t i = 0; i < sm->n_nodes || i <= n; i++) {
			uint32_t mb = i < sm->n_nodes ? sm->node_mb[i] : 0;

			if (mb == 0 && node_is_used(&plan->nodes[i]))
				mb = biggest;
			snprintf(text, sizeof(text), "%u", mb);
			append(fixed, sizeof(fixed), ",", text);
		}
		preflight_node_describe(cfg, pn, who, sizeof(who));
		snprintf(err, errlen,
			 "socket-mem = %s: NUMA node %u gets no memory, but %s %s there; give it "
			 "some, e.g. socket-mem = %s",
			 given, n, who, strchr(who, ',') || pn->workers > 1 ? "are" : "is", fixed);
		return -1;
	}
	return 0;
}

/* Pages of size_kb each node needs. A per-node socket-mem is exact. A total
 * is spread as DPDK 22.11 spreads it (eal_dynmem_calc_num_pages_per_socket):
 * in proportion to the lcores on each node, rounded up to whole pages. A node
 * with a PCI port and no lcore gets the port's packet pool at run time: at
 * least one page. */
static void compute_needs(const struct sluice_config *cfg, struct hugepage_plan *plan,
			  uint64_t size_kb)
{
	const struct socket_mem *sm = &cfg->dataplane.socket_mem;
	uint64_t lcores = 1 + cfg->dataplane.worker_cores.n;
	uint64_t page = size_kb * 1024;

	for (uint32_t n = 0; n < plan->n_nodes; n++) {
		struct preflight_node *pn = &plan->nodes[n];
		uint64_t bytes = 0;

		if (sm->n_nodes > 0)
			bytes = n < sm->n_nodes ? (uint64_t)sm->node_mb[n] << 20 : 0;
		else
			bytes =
			    ((uint64_t)sm->total_mb << 20) * (pn->workers + pn->main_core) / lcores;
		pn->mem_kb = bytes / 1024;
		pn->need = (uint32_t)((bytes + page - 1) / page);
		if (pn->need == 0 && sm->n_nodes == 0 && pn->port_list[0])
			pn->need = 1;
	}
}

/* Why node n needs what it needs, for the message. */
static void need_reason(const struct sluice_config *cfg, const struct hugepage_plan *plan,
			uint32_t n, char *buf, size_t len)
{
	const struct socket_mem *sm = &cfg->dataplane.socket_mem;
	const struct preflight_node *pn = &plan->nodes[n];
	uint32_t lcores = 1 + cfg->dataplane.worker_cores.n;
	uint32_t here = pn->workers + pn->main_core;

	if (sm->n_nodes > 0)
		snprintf(buf, len, "socket-mem gives node %u %u MiB", n, sm->node_mb[n]);
	else if (here == 0)
		snprintf(buf, len, "the packet pool of port%s %s",
			 strchr(pn->port_list, ',') ? "s" : "", pn->port_list);
	else if (here == lcores)
		snprintf(buf, len, "socket-mem %u MiB", sm->total_mb);
	else
		snprintf(buf, len, "its share of socket-mem %u MiB: %u of %u lcores", sm->total_mb,
			 here, lcores);
}

/* Fills the plan for one size. 0 when it fits; -1 with the message body in
 * err (after "hugepages = X: ") and a short reason in brief. */
static int evaluate(const struct sluice_config *cfg, const struct preflight_facts *facts,
		    struct hugepage_plan *plan, uint64_t size_kb, char *err, size_t errlen,
		    char *brief, size_t brieflen)
{
	const struct hugepage_facts *hp = &facts->hp;
	const struct hugepage_pool *pool = hugepage_pool_find(hp, size_kb);
	const struct hugepage_mount *mount;
	char name[16], why[192], node_opt[32];

	hugepage_size_name(size_kb, name, sizeof(name));
	plan->size_kb = size_kb;
	plan->hugepages = size_kb == HUGEPAGE_1G ? HUGEPAGES_1G : HUGEPAGES_2M;
	plan->huge_dir[0] = '\0';
	if (!pool) {
		snprintf(err, errlen,
			 "this kernel offers no %s pages (no /sys/kernel/mm/hugepages/"
			 "hugepages-%" PRIu64 "kB); use hugepages = %s",
			 name, size_kb, size_kb == HUGEPAGE_1G ? "2M" : "none");
		snprintf(brief, brieflen, "this kernel offers no %s pages", name);
		return -1;
	}
	compute_needs(cfg, plan, size_kb);
	for (uint32_t n = 0; n < plan->n_nodes; n++) {
		struct preflight_node *pn = &plan->nodes[n];
		long total = hugepage_node_total(hp, pool, n);

		pn->free = hugepage_node_free(hp, pool, n);
		pn->total = total;
		if (pn->free < 0)
			pn->free = 0;
		if (pn->total < 0)
			pn->total = 0;
	}
	for (uint32_t n = 0; n < plan->n_nodes; n++) {
		const struct preflight_node *pn = &plan->nodes[n];
		long target;

		if ((long)pn->need <= pn->free)
			continue;
		/* nr_hugepages counts the pages others hold too: the pool must
		 * grow by what is missing, not shrink to what sluice needs. */
		target = pn->total - pn->free + (long)pn->need;
		need_reason(cfg, plan, n, why, sizeof(why));
		node_opt[0] = '\0';
		if (hp->numa)
			snprintf(node_opt, sizeof(node_opt), " --node %u", n);
		snprintf(err, errlen,
			 "NUMA node %u needs %u free %s page%s (%s), %ld %s free; reserve them: "
			 "sluice-hugepages reserve --size %s --count %ld%s",
			 n, pn->need, name, pn->need == 1 ? "" : "s", why, pn->free,
			 pn->free == 1 ? "is" : "are", name, target, node_opt);
		snprintf(brief, brieflen, "NUMA node %u has %ld free of the %u it needs", n,
			 pn->free, pn->need);
		return -1;
	}
	mount = hugepage_mount_find(hp, size_kb);
	if (!mount) {
		snprintf(err, errlen,
			 "no hugetlbfs is mounted with %s pages, so DPDK cannot use them; mount "
			 "one: sluice-hugepages mount --size %s",
			 name, name);
		snprintf(brief, brieflen, "no hugetlbfs mount of %s pages", name);
		return -1;
	}
	snprintf(plan->huge_dir, sizeof(plan->huge_dir), "%s", mount->dir);
	return 0;
}

static void summarize(struct hugepage_plan *plan, const char *spec, const char *skipped)
{
	char name[16], text[96];

	snprintf(plan->summary, sizeof(plan->summary), "hugepages = %s: using %s pages from %s%s",
		 spec, hugepage_size_name(plan->size_kb, name, sizeof(name)), plan->huge_dir,
		 skipped);
	for (uint32_t n = 0, first = 1; n < plan->n_nodes; n++) {
		if (plan->nodes[n].need == 0)
			continue;
		snprintf(text, sizeof(text), "node %u needs %u of %ld free", n, plan->nodes[n].need,
			 plan->nodes[n].free);
		append(plan->summary, sizeof(plan->summary), first ? "; " : ", ", text);
		first = 0;
	}
}

int preflight_check(const struct sluice_config *cfg, const struct preflight_facts *facts,
		    struct hugepage_plan *plan, char *err, size_t errlen)
{
	int mode = cfg->dataplane.hugepages;
	char body[768], body_1g[768], brief[128], skipped[192];

	memset(plan, 0, sizeof(*plan));
	plan->hugepages = HUGEPAGES_NONE;
	if (mode == HUGEPAGES_NONE)
		return 0;
	place(cfg, facts, plan);
	if (check_socket_mem_nodes(cfg, facts, plan, err, errlen) < 0)
		return -1;
	if (mode == HUGEPAGES_1G || mode == HUGEPAGES_2M) {
		uint64_t size = mode == HUGEPAGES_1G ? HUGEPAGE_1G : HUGEPAGE_2M;
		const char *spec = mode == HUGEPAGES_1G ? "1G" : "2M";

		if (evaluate(cfg, facts, plan, size, body, sizeof(body), brief, sizeof(brief)) <
		    0) {
			snprintf(err, errlen, "hugepages = %s: %s", spec, body);
			return -1;
		}
		summarize(plan, spec, "");
		return 0;
	}
	/* auto: 1G when it fits, else 2M, and the summary says why not 1G. */
	if (evaluate(cfg, facts, plan, HUGEPAGE_1G, body_1g, sizeof(body_1g), brief,
		     sizeof(brief)) == 0) {
		summarize(plan, "auto", "");
		return 0;
	}
	snprintf(skipped, sizeof(skipped), " (1G: %s)", brief);
	if (evaluate(cfg, facts, plan, HUGEPAGE_2M, body, sizeof(body), brief, sizeof(brief)) ==
	    0) {
		summarize(plan, "auto", skipped);
		return 0;
	}
	/* Neither fits. 2M pages can nearly always be reserved at run time, so
	 * the fix offered is 2M's, unless the kernel has only 1G pages. */
	if (hugepage_pool_find(&facts->hp, HUGEPAGE_2M)) {
		snprintf(err, errlen, "hugepages = auto: no page size fits%s; for 2M pages: %s",
			 skipped, body);
		return -1;
	}
	if (!hugepage_pool_find(&facts->hp, HUGEPAGE_1G)) {
		snprintf(err, errlen,
			 "hugepages = auto: this kernel offers no 1G or 2M pages; use hugepages = "
			 "none");
		return -1;
	}
	evaluate(cfg, facts, plan, HUGEPAGE_1G, body_1g, sizeof(body_1g), brief, sizeof(brief));
	snprintf(err, errlen, "hugepages = auto: no page size fits; for 1G pages: %s", body_1g);
	return -1;
}
