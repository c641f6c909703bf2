#include "topology.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hugepage.h"
#include "sysfs.h"

/* "0-3,8-11": marks each CPU of the list as on node. */
static int place_cpus(const char *list, int node, int16_t *node_of_cpu, uint32_t n_cpus)
{
	const char *p = list;
	int placed = 0;

	while (*p) {
		char *end;
		unsigned long lo, hi;

		if (!isdigit((unsigned char)*p))
			break;
		lo = hi = strtoul(p, &end, 10);
		if (*end == '-')
			hi = strtoul(end + 1, &end, 10);
		for (unsigned long c = lo; c <= hi && c < n_cpus; c++, placed++)
			node_of_cpu[c] = (int16_t)node;
		p = *end == ',' ? end + 1 : end;
		if (*end != ',')
			break;
	}
	return placed;
}

int topology_cpu_nodes(const char *root, int16_t *node_of_cpu, uint32_t n_cpus)
{
	char path[512], list[4096];
	bool numa = false;
	int placed = 0;
	DIR *d;
	struct dirent *e;

	for (uint32_t c = 0; c < n_cpus; c++)
		node_of_cpu[c] = -1;
	if (sysfs_path(path, sizeof(path), "%s/sys/devices/system/node", root) == 0 &&
	    (d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			unsigned node;
			char tail;

			if (sscanf(e->d_name, "node%u%c", &node, &tail) != 1 ||
			    node >= HUGEPAGE_MAX_NODES)
				continue;
			numa = true;
			if (sysfs_path(path, sizeof(path), "%s/sys/devices/system/node/%s/cpulist",
				       root, e->d_name) == 0 &&
			    sysfs_read_line(path, list, sizeof(list)) == 0)
				placed += place_cpus(list, (int)node, node_of_cpu, n_cpus);
		}
		closedir(d);
	}
	if (!numa) {
		for (uint32_t c = 0; c < n_cpus; c++)
			node_of_cpu[c] = 0;
		placed = (int)n_cpus;
	}
	return placed;
}

int topology_pci_address(const char *pci, char *out, size_t len)
{
	unsigned domain = 0, bus, dev, fn;
	char tail = '\0';
	int n = sscanf(pci, "%x:%x:%x.%x%c", &domain, &bus, &dev, &fn, &tail);

	if (!(n == 4 || (n == 5 && tail == ','))) {
		domain = 0;
		tail = '\0';
		n = sscanf(pci, "%x:%x.%x%c", &bus, &dev, &fn, &tail);
		if (!(n == 3 || (n == 4 && tail == ',')))
			return -1;
	}
	snprintf(out, len, "%04x:%02x:%02x.%x", domain, bus, dev, fn);
	return 0;
}

int topology_pci_node(const char *root, const char *pci)
{
	char addr[32], path[512];
	long node;

	if (topology_pci_address(pci, addr, sizeof(addr)) < 0 ||
	    sysfs_path(path, sizeof(path), "%s/sys/bus/pci/devices/%s/numa_node", root, addr) < 0)
		return -1;
	node = sysfs_read_long(path);
	return node >= 0 && node < HUGEPAGE_MAX_NODES ? (int)node : -1;
}
