/* NUMA nodes of CPUs and PCI devices, from sysfs below a root directory. */
#ifndef SLUICE_HUGEPAGE_TOPOLOGY_H
#define SLUICE_HUGEPAGE_TOPOLOGY_H

#include <stddef.h>
#include <stdint.h>

/* Fills node_of_cpu[0..n_cpus-1] from ROOT/sys/devices/system/node/nodeN/cpulist:
 * -1 for a CPU no node lists; 0 for every CPU when the kernel has no NUMA
 * (no node directory). Returns the number of CPUs placed. */
int topology_cpu_nodes(const char *root, int16_t *node_of_cpu, uint32_t n_cpus);

/* NUMA node of a PCI device from ROOT/sys/bus/pci/devices/ADDR/numa_node.
 * pci is a devargs string: "0000:3b:00.0" or "3b:00.0", optionally with
 * ",driver-args". -1 when unknown: no such device, or a one-node machine
 * where the kernel reports -1. */
int topology_pci_node(const char *root, const char *pci);

/* "0000:3b:00.0" from "3b:00.0,arg=1"; -1 when it is not a PCI address. */
int topology_pci_address(const char *pci, char *out, size_t len);

#endif
