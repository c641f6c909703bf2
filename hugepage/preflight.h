/* The check before EAL init: does the config's memory fit in the free
 * hugepages of the nodes that need it, and which hugetlbfs mount does DPDK
 * take them from?
 *
 * preflight_check() is pure: the config and the facts (read from sysfs by
 * preflight_facts_read, or made up by tests) in, a plan or one message out.
 * The message names the node, the size, what is needed and free, and the
 * command that fixes it. */
#ifndef SLUICE_HUGEPAGE_PREFLIGHT_H
#define SLUICE_HUGEPAGE_PREFLIGHT_H

#include <stddef.h>
#include <stdint.h>

#include "../control/config.h"
#include "hugepage.h"

struct preflight_facts {
	struct hugepage_facts hp;
	int16_t cpu_node[SLUICE_MAX_CPUS];	 /* -1: unknown, counted as node 0 */
	int16_t port_node[SLUICE_PORTS_CEILING]; /* PCI phy ports; -1 for others or unknown */
};

/* Hugepage facts, the nodes of every CPU and of the config's PCI devices. */
int preflight_facts_read(const char *root, const struct sluice_config *cfg,
			 struct preflight_facts *facts);

/* What one NUMA node holds and needs. */
struct preflight_node {
	bool main_core;	  /* the main-core is on this node */
	uint32_t workers; /* worker cores on this node */
	char worker_list[64];
	char port_list[96]; /* 'a', 'b': the PCI phy ports on this node */
	uint64_t mem_kb;    /* socket-mem put here: given per node, or DPDK's share of a total */
	uint32_t need;	    /* pages of the plan's size */
	long free, total;   /* pages of that size on this node */
};

struct hugepage_plan {
	int hugepages;			  /* enum hugepage_mode: NONE, 2M or 1G, never AUTO */
	uint64_t size_kb;		  /* 0 with none */
	char huge_dir[HUGEPAGE_PATH_MAX]; /* the mount for --huge-dir, "" with none */
	uint32_t n_nodes;
	struct preflight_node nodes[HUGEPAGE_MAX_NODES];
	char summary[512]; /* what was chosen and why, for the log; "" with none */
};

/* "main core 0, worker cores 2,3, port 'uplink'": what sits on a node. */
void preflight_node_describe(const struct sluice_config *cfg, const struct preflight_node *node,
			     char *buf, size_t len);

/* 0 with the plan filled in; -1 with one message in err. On failure the plan
 * still holds the needs of the size the message is about (for
 * sluice-hugepages status). */
int preflight_check(const struct sluice_config *cfg, const struct preflight_facts *facts,
		    struct hugepage_plan *plan, char *err, size_t errlen);

#endif
