/* Hugepage facts: the page sizes the kernel offers, total and free pages per
 * size and NUMA node, and the hugetlbfs mounts of each size.
 *
 * Every function reads below a root directory ("" for the real machine) so the
 * unit tests run against fake sysfs and proc trees
 * (tests/unit/fixtures/hugepages/). */
#ifndef SLUICE_HUGEPAGE_H
#define SLUICE_HUGEPAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HUGEPAGE_MAX_NODES 32 /* DPDK 22.11's RTE_MAX_NUMA_NODES */
#define HUGEPAGE_MAX_SIZES 4
#define HUGEPAGE_MAX_MOUNTS 16
#define HUGEPAGE_PATH_MAX 256
#define HUGEPAGE_2M ((uint64_t)2048)
#define HUGEPAGE_1G ((uint64_t)1048576)

/* One page size: ROOT/sys/kernel/mm/hugepages/hugepages-SIZEkB and, per node,
 * ROOT/sys/devices/system/node/nodeN/hugepages/hugepages-SIZEkB. */
struct hugepage_pool {
	uint64_t size_kb;
	long total, free; /* nr_hugepages, free_hugepages system-wide */
	long node_total[HUGEPAGE_MAX_NODES];
	long node_free[HUGEPAGE_MAX_NODES];
};

/* A hugetlbfs mount from ROOT/proc/mounts. */
struct hugepage_mount {
	char dir[HUGEPAGE_PATH_MAX];
	uint64_t size_kb; /* its pagesize= option, or the default size without one */
};

struct hugepage_facts {
	uint32_t n_sizes; /* ascending by size */
	struct hugepage_pool sizes[HUGEPAGE_MAX_SIZES];
	uint32_t n_mounts; /* in /proc/mounts order */
	struct hugepage_mount mounts[HUGEPAGE_MAX_MOUNTS];
	uint64_t default_size_kb; /* Hugepagesize: of /proc/meminfo, 0 if unknown */
	/* Nodes from ROOT/sys/devices/system/node. Without that directory (a
	 * kernel without NUMA) there is one node, 0, holding the system-wide
	 * counts, and numa is false. */
	bool numa;
	uint32_t n_nodes; /* highest node + 1 */
	bool node_present[HUGEPAGE_MAX_NODES];
};

/* Reads everything above. Returns 0; a missing file means "not offered" or
 * "not mounted", never an error. */
int hugepage_facts_read(const char *root, struct hugepage_facts *facts);

/* The pool of size_kb, or NULL when the kernel offers no such size. */
const struct hugepage_pool *hugepage_pool_find(const struct hugepage_facts *facts,
					       uint64_t size_kb);
/* The first hugetlbfs mount of size_kb, or NULL. */
const struct hugepage_mount *hugepage_mount_find(const struct hugepage_facts *facts,
						 uint64_t size_kb);
/* The hugetlbfs mount at dir, of any size, or NULL. */
const struct hugepage_mount *hugepage_mount_at(const struct hugepage_facts *facts, const char *dir);
/* Free and total pages of a pool on one node (the system-wide counts when the
 * kernel has no NUMA); -1 for a node that does not exist. */
long hugepage_node_free(const struct hugepage_facts *facts, const struct hugepage_pool *pool,
			uint32_t node);
long hugepage_node_total(const struct hugepage_facts *facts, const struct hugepage_pool *pool,
			 uint32_t node);

/* "2M", "1G", "64K" into buf; returns buf. */
const char *hugepage_size_name(uint64_t size_kb, char *buf, size_t len);
/* "2M", "1G", "1024M", "2048k", "2048kB" or a number of bytes; 0 when not a size. */
uint64_t hugepage_size_parse(const char *text);

/* Free pages of size_kb system-wide, or -1 when the kernel offers no such
 * size. root is "" for the real /sys. */
long hugepage_free(const char *root, uint64_t size_kb);

/* Deletes PREFIXmap_* files in every hugetlbfs mount listed in mounts_file
 * (/proc/mounts): what a file-backed DPDK process leaves behind. Returns how
 * many were removed. Only names starting with "PREFIXmap_" are touched. */
int hugepage_remove_files(const char *mounts_file, const char *prefix);

/* The same, but only files no process holds a lock on: the pages of a DPDK
 * process of this prefix that was killed (SIGKILL, a crash) and never
 * cleaned up. They stay allocated until deleted, so a restart with the same
 * prefix would find too few free pages. Returns how many were removed. */
int hugepage_remove_stale_files(const char *mounts_file, const char *prefix);

#endif
