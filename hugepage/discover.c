/* Which page sizes the kernel offers, how many pages each node has, and where
 * hugetlbfs is mounted: sysfs and /proc/mounts, the same files DPDK's EAL
 * reads (eal_hugepage_info.c). */
#include "hugepage.h"

#include <ctype.h>
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysfs.h"

uint64_t hugepage_size_parse(const char *text)
{
	char *end;
	unsigned long long n;

	if (!isdigit((unsigned char)text[0]))
		return 0;
	n = strtoull(text, &end, 10);
	if (n == 0)
		return 0;
	switch (*end) {
	case '\0':
		return n % 1024 ? 0 : n / 1024; /* bytes, as the kernel's memparse() */
	case 'k':
	case 'K':
		break;
	case 'm':
	case 'M':
		n *= 1024;
		break;
	case 'g':
	case 'G':
		n *= 1024 * 1024;
		break;
	default:
		return 0;
	}
	end++;
	if (*end == 'B' || *end == 'b')
		end++;
	return *end == '\0' ? n : 0;
}

const char *hugepage_size_name(uint64_t size_kb, char *buf, size_t len)
{
	if (size_kb >= HUGEPAGE_1G && size_kb % HUGEPAGE_1G == 0)
		snprintf(buf, len, "%" PRIu64 "G", size_kb / HUGEPAGE_1G);
	else if (size_kb >= 1024 && size_kb % 1024 == 0)
		snprintf(buf, len, "%" PRIu64 "M", size_kb / 1024);
	else
		snprintf(buf, len, "%" PRIu64 "K", size_kb);
	return buf;
}

static int compare_pools(const void *a, const void *b)
{
	const struct hugepage_pool *pa = a, *pb = b;

	return pa->size_kb < pb->size_kb ? -1 : pa->size_kb > pb->size_kb;
}

static void read_sizes(const char *root, struct hugepage_facts *facts)
{
	char path[512];
	DIR *d;
	struct dirent *e;

	if (sysfs_path(path, sizeof(path), "%s/sys/kernel/mm/hugepages", root) < 0)
		return;
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d)) != NULL && facts->n_sizes < HUGEPAGE_MAX_SIZES) {
		struct hugepage_pool *pool = &facts->sizes[facts->n_sizes];
		unsigned long long kb;
		char tail;

		if (sscanf(e->d_name, "hugepages-%llukB%c", &kb, &tail) != 1 || kb == 0)
			continue;
		memset(pool, 0, sizeof(*pool));
		pool->size_kb = kb;
		sysfs_path(path, sizeof(path), "%s/sys/kernel/mm/hugepages/%s/nr_hugepages", root,
			   e->d_name);
		pool->total = sysfs_read_long(path);
		sysfs_path(path, sizeof(path), "%s/sys/kernel/mm/hugepages/%s/free_hugepages", root,
			   e->d_name);
		pool->free = sysfs_read_long(path);
		facts->n_sizes++;
	}
	closedir(d);
	qsort(facts->sizes, facts->n_sizes, sizeof(facts->sizes[0]), compare_pools);
}

/* nodeN directories; without any, one node 0 with the system-wide counts. */
static void read_nodes(const char *root, struct hugepage_facts *facts)
{
	char path[512];
	DIR *d;
	struct dirent *e;

	if (sysfs_path(path, sizeof(path), "%s/sys/devices/system/node", root) == 0 &&
	    (d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			unsigned node;
			char tail;

			if (sscanf(e->d_name, "node%u%c", &node, &tail) != 1 ||
			    node >= HUGEPAGE_MAX_NODES)
				continue;
			facts->node_present[node] = true;
			facts->numa = true;
			if (node + 1 > facts->n_nodes)
				facts->n_nodes = node + 1;
		}
		closedir(d);
	}
	for (uint32_t s = 0; s < facts->n_sizes; s++) {
		struct hugepage_pool *pool = &facts->sizes[s];

		for (uint32_t n = 0; n < HUGEPAGE_MAX_NODES; n++) {
			pool->node_total[n] = pool->node_free[n] = -1;
			if (!facts->numa || !facts->node_present[n])
				continue;
			/* A node without memory has no hugepages directory: 0 pages. */
			sysfs_path(path, sizeof(path),
				   "%s/sys/devices/system/node/node%u/hugepages/"
				   "hugepages-%" PRIu64 "kB/nr_hugepages",
				   root, n, pool->size_kb);
			pool->node_total[n] = sysfs_read_long(path);
			sysfs_path(path, sizeof(path),
				   "%s/sys/devices/system/node/node%u/hugepages/"
				   "hugepages-%" PRIu64 "kB/free_hugepages",
				   root, n, pool->size_kb);
			pool->node_free[n] = sysfs_read_long(path);
			if (pool->node_total[n] < 0)
				pool->node_total[n] = 0;
			if (pool->node_free[n] < 0)
				pool->node_free[n] = 0;
		}
	}
	if (!facts->numa) {
		facts->n_nodes = 1;
		facts->node_present[0] = true;
	}
}

static void read_default_size(const char *root, struct hugepage_facts *facts)
{
	char path[512], line[256];
	FILE *f;

	if (sysfs_path(path, sizeof(path), "%s/proc/meminfo", root) < 0 ||
	    (f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long kb;

		if (sscanf(line, "Hugepagesize: %llu kB", &kb) == 1) {
			facts->default_size_kb = kb;
			break;
		}
	}
	fclose(f);
}

/* /proc/mounts writes a space in a path as \040 (and tab, newline, backslash
 * likewise, in octal). */
static void unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/* The pagesize= option of a hugetlbfs mount; the kernel shows 1 GiB pages as
 * "pagesize=1024M". 0 when there is none. */
static uint64_t option_pagesize(char *options)
{
	char *save = NULL;

	for (char *o = strtok_r(options, ",", &save); o; o = strtok_r(NULL, ",", &save))
		if (strncmp(o, "pagesize=", 9) == 0)
			return hugepage_size_parse(o + 9);
	return 0;
}

static void read_mounts(const char *root, struct hugepage_facts *facts)
{
	char path[512], line[2048];
	FILE *f;

	if (sysfs_path(path, sizeof(path), "%s/proc/mounts", root) < 0 ||
	    (f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) && facts->n_mounts < HUGEPAGE_MAX_MOUNTS) {
		char dev[256], dir[1024], type[64], options[1024];
		struct hugepage_mount *m = &facts->mounts[facts->n_mounts];
		uint64_t size;

		if (sscanf(line, "%255s %1023s %63s %1023s", dev, dir, type, options) != 4 ||
		    strcmp(type, "hugetlbfs") != 0)
			continue;
		unescape(dir);
		size = option_pagesize(options);
		if (size == 0)
			size = facts->default_size_kb;
		if (size == 0 || strlen(dir) >= sizeof(m->dir))
			continue;
		snprintf(m->dir, sizeof(m->dir), "%s", dir);
		m->size_kb = size;
		facts->n_mounts++;
	}
	fclose(f);
}

int hugepage_facts_read(const char *root, struct hugepage_facts *facts)
{
	memset(facts, 0, sizeof(*facts));
	read_sizes(root, facts);
	read_nodes(root, facts);
	read_default_size(root, facts);
	read_mounts(root, facts);
	return 0;
}

const struct hugepage_pool *hugepage_pool_find(const struct hugepage_facts *facts, uint64_t size_kb)
{
	for (uint32_t i = 0; i < facts->n_sizes; i++)
		if (facts->sizes[i].size_kb == size_kb)
			return &facts->sizes[i];
	return NULL;
}

const struct hugepage_mount *hugepage_mount_find(const struct hugepage_facts *facts,
						 uint64_t size_kb)
{
	for (uint32_t i = 0; i < facts->n_mounts; i++)
		if (facts->mounts[i].size_kb == size_kb)
			return &facts->mounts[i];
	return NULL;
}

const struct hugepage_mount *hugepage_mount_at(const struct hugepage_facts *facts, const char *dir)
{
	for (uint32_t i = 0; i < facts->n_mounts; i++)
		if (strcmp(facts->mounts[i].dir, dir) == 0)
			return &facts->mounts[i];
	return NULL;
}

long hugepage_node_free(const struct hugepage_facts *facts, const struct hugepage_pool *pool,
			uint32_t node)
{
	if (node >= HUGEPAGE_MAX_NODES || !facts->node_present[node])
		return -1;
	return facts->numa ? pool->node_free[node] : pool->free;
}

long hugepage_node_total(const struct hugepage_facts *facts, const struct hugepage_pool *pool,
			 uint32_t node)
{
	if (node >= HUGEPAGE_MAX_NODES || !facts->node_present[node])
		return -1;
	return facts->numa ? pool->node_total[node] : pool->total;
}
