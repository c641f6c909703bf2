/* The status tables: pure printing of facts and a preflight plan. */
#include <inttypes.h>
#include <string.h>

#include "hugepages.h"

static const char *mount_of(const struct hugepage_facts *facts, uint64_t size_kb)
{
	const struct hugepage_mount *m = hugepage_mount_find(facts, size_kb);

	return m ? m->dir : "-";
}

void status_print_pools(FILE *out, const struct hugepage_facts *facts)
{
	char name[16];

	if (facts->n_sizes == 0) {
		fprintf(out, "this kernel offers no hugepages (no /sys/kernel/mm/hugepages)\n");
		return;
	}
	fprintf(out, "%-5s %-5s %8s %8s  %s\n", "node", "size", "total", "free", "mount");
	for (uint32_t n = 0; n < facts->n_nodes; n++) {
		if (!facts->node_present[n])
			continue;
		for (uint32_t s = 0; s < facts->n_sizes; s++) {
			const struct hugepage_pool *pool = &facts->sizes[s];

			fprintf(out, "%-5u %-5s %8ld %8ld  %s\n", n,
				hugepage_size_name(pool->size_kb, name, sizeof(name)),
				hugepage_node_total(facts, pool, n),
				hugepage_node_free(facts, pool, n), mount_of(facts, pool->size_kb));
		}
	}
	if (facts->numa && facts->n_nodes > 1) {
		for (uint32_t s = 0; s < facts->n_sizes; s++) {
			const struct hugepage_pool *pool = &facts->sizes[s];

			fprintf(out, "%-5s %-5s %8ld %8ld  %s\n", "all",
				hugepage_size_name(pool->size_kb, name, sizeof(name)), pool->total,
				pool->free, mount_of(facts, pool->size_kb));
		}
	}
	if (!hugepage_pool_find(facts, HUGEPAGE_1G))
		fprintf(out, "no 1G pages: this CPU (flag pdpe1gb) or its hypervisor has none\n");
	fprintf(out, "default size %s (Hugepagesize in /proc/meminfo); hugetlbfs mounts:",
		facts->default_size_kb
		    ? hugepage_size_name(facts->default_size_kb, name, sizeof(name))
		    : "unknown");
	if (facts->n_mounts == 0)
		fprintf(out, " none");
	for (uint32_t i = 0; i < facts->n_mounts; i++)
		fprintf(out, "%s %s (%s)", i ? "," : "", facts->mounts[i].dir,
			hugepage_size_name(facts->mounts[i].size_kb, name, sizeof(name)));
	fprintf(out, "\n");
}

static void socket_mem_text(const struct socket_mem *sm, char *buf, size_t len)
{
	size_t used = 0;

	if (sm->n_nodes == 0) {
		snprintf(buf, len, "%u MiB in total", sm->total_mb);
		return;
	}
	buf[0] = '\0';
	for (uint32_t n = 0; n < sm->n_nodes && used < len; n++)
		used +=
		    (size_t)snprintf(buf + used, len - used, "%s%u", n ? "," : "", sm->node_mb[n]);
	if (used < len)
		snprintf(buf + used, len - used, " MiB per node");
}

void status_print_config(FILE *out, const char *file, const struct sluice_config *cfg,
			 const struct hugepage_plan *plan, int plan_rc, const char *err)
{
	static const char *const modes[] = {"none", "2M", "1G", "auto"};
	const struct dataplane_config *dp = &cfg->dataplane;
	char mem[256], name[16], who[256], need[32], fre[32];

	socket_mem_text(&dp->socket_mem, mem, sizeof(mem));
	fprintf(out, "\nconfig %s: hugepages = %s, socket-mem %s\n", file, modes[dp->hugepages],
		mem);
	if (dp->hugepages == HUGEPAGES_NONE) {
		fprintf(out, "fits: DPDK runs with --no-huge, no hugepages needed\n");
		return;
	}
	fprintf(out, "%-5s %-5s %8s %8s  %s\n", "node", "size", "needs", "free", "used by");
	for (uint32_t n = 0; n < plan->n_nodes; n++) {
		const struct preflight_node *pn = &plan->nodes[n];

		preflight_node_describe(cfg, pn, who, sizeof(who));
		if (!who[0] && pn->need == 0)
			continue;
		if (plan->size_kb) {
			hugepage_size_name(plan->size_kb, name, sizeof(name));
			snprintf(need, sizeof(need), "%u", pn->need);
			snprintf(fre, sizeof(fre), "%ld", pn->free);
		} else {
			snprintf(name, sizeof(name), "-");
			snprintf(need, sizeof(need), "-");
			snprintf(fre, sizeof(fre), "-");
		}
		fprintf(out, "%-5u %-5s %8s %8s  %s\n", n, name, need, fre, who[0] ? who : "-");
	}
	if (plan_rc == 0)
		fprintf(out, "fits: %s\n", plan->summary);
	else
		fprintf(out, "does not fit: %s\n", err);
}
