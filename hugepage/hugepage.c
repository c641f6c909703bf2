#include "hugepage.h"

#include <inttypes.h>
#include <stdio.h>

long hugepage_free(const char *root, uint64_t size_kb)
{
	char path[512];
	FILE *f;
	long n;

	snprintf(path, sizeof(path),
		 "%s/sys/kernel/mm/hugepages/hugepages-%" PRIu64 "kB/free_hugepages", root,
		 size_kb);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &n) != 1)
		n = -1;
	fclose(f);
	return n;
}

int hugepage_preflight(const char *root, uint64_t size_kb, uint32_t mem_mb, char *err,
		       size_t errlen)
{
	const char *size = size_kb == 1048576 ? "1G" : "2M";
	uint64_t need = ((uint64_t)mem_mb * 1024 + size_kb - 1) / size_kb;
	long free_pages = hugepage_free(root, size_kb);

	if (free_pages < 0) {
		snprintf(err, errlen,
			 "hugepages = %s: this kernel offers no %s pages (no "
			 "/sys/kernel/mm/hugepages/hugepages-%" PRIu64 "kB); use hugepages = %s",
			 size, size, size_kb, size_kb == 1048576 ? "2M" : "none");
		return -1;
	}
	if ((uint64_t)free_pages < need) {
		snprintf(err, errlen,
			 "hugepages = %s: socket-mem %u MiB needs %" PRIu64 " free %s pages, %ld "
			 "are free; reserve them: echo %" PRIu64
			 " > /sys/kernel/mm/hugepages/hugepages-%" PRIu64 "kB/nr_hugepages",
			 size, mem_mb, need, size, free_pages, need, size_kb);
		return -1;
	}
	return 0;
}
