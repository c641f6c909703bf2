#include "hugepage.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A count from ROOT/sys/kernel/mm/hugepages/hugepages-SIZEkB/FILE, or -1. */
static long read_count(const char *root, uint64_t size_kb, const char *file)
{
	char path[512];
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/sys/kernel/mm/hugepages/hugepages-%" PRIu64 "kB/%s", root,
		 size_kb, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &n) != 1)
		n = -1;
	fclose(f);
	return n;
}

long hugepage_free(const char *root, uint64_t size_kb)
{
	return read_count(root, size_kb, "free_hugepages");
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
		/* nr_hugepages is the pool's total: pages other processes hold stay
		 * in it, so the pool must grow by what is missing. */
		long total = read_count(root, size_kb, "nr_hugepages");
		uint64_t target =
		    total >= free_pages ? (uint64_t)(total - free_pages) + need : need;

		snprintf(err, errlen,
			 "hugepages = %s: socket-mem %u MiB needs %" PRIu64 " free %s pages, %ld "
			 "are free; reserve them: echo %" PRIu64
			 " > /sys/kernel/mm/hugepages/hugepages-%" PRIu64 "kB/nr_hugepages",
			 size, mem_mb, need, size, free_pages, target, size_kb);
		return -1;
	}
	return 0;
}

int hugepage_remove_files(const char *mounts_file, const char *prefix)
{
	FILE *f = fopen(mounts_file, "r");
	char line[1024], stem[128];
	int removed = 0;

	if (!f)
		return 0;
	snprintf(stem, sizeof(stem), "%smap_", prefix);
	while (fgets(line, sizeof(line), f)) {
		char dev[256], dir[512], type[64];
		DIR *d;
		struct dirent *e;

		if (sscanf(line, "%255s %511s %63s", dev, dir, type) != 3 ||
		    strcmp(type, "hugetlbfs") != 0)
			continue;
		d = opendir(dir);
		if (!d)
			continue;
		while ((e = readdir(d)) != NULL) {
			char path[1024];

			if (strncmp(e->d_name, stem, strlen(stem)) != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			removed += unlink(path) == 0;
		}
		closedir(d);
	}
	fclose(f);
	return removed;
}
