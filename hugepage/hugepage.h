/* Hugepage facts from sysfs, and the check that the config's memory fits
 * before DPDK starts. Paths are relative to a root so tests use fake trees. */
#ifndef SLUICE_HUGEPAGE_H
#define SLUICE_HUGEPAGE_H

#include <stddef.h>
#include <stdint.h>

/* Free pages of size_kb (2048, 1048576) system-wide, or -1 when the kernel
 * offers no such size. root is "" for the real /sys. */
long hugepage_free(const char *root, uint64_t size_kb);

/* 0 when mem_mb of size_kb pages is free; otherwise -1 with a message that
 * names size, need, free and the command that fixes it. */
int hugepage_preflight(const char *root, uint64_t size_kb, uint32_t mem_mb, char *err,
		       size_t errlen);

/* Deletes PREFIXmap_* files in every hugetlbfs mount listed in mounts_file
 * (/proc/mounts): what a file-backed DPDK process leaves behind. Returns how
 * many were removed. Only names starting with "PREFIXmap_" are touched. */
int hugepage_remove_files(const char *mounts_file, const char *prefix);

#endif
