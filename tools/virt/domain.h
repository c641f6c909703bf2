/* What sluice-virt reads from a libvirt domain XML: the parts the tuning
 * checks and the port management need, nothing else. Pure (libxml2 only). */
#ifndef SLUICE_VIRT_DOMAIN_H
#define SLUICE_VIRT_DOMAIN_H

#include <stddef.h>

#define DOMAIN_NAME_MAX 128
#define DOMAIN_TEXT_MAX 256
#define DOMAIN_IFACES_MAX 32
#define DOMAIN_DISKS_MAX 32
#define DOMAIN_CPUS_MAX 1024

struct domain_iface {
	int index;		      /* position among <interface> elements, 0 first */
	char type[32];		      /* vhostuser, network, bridge, ... */
	char model[32];		      /* "" when no <model> */
	char mac[32];		      /* "" when libvirt is to choose */
	char alias[DOMAIN_NAME_MAX];  /* <alias name>, else "net<index>" as libvirt names it */
	char socket[DOMAIN_TEXT_MAX]; /* vhostuser <source path> */
	char mode[16];		      /* vhostuser <source mode>: QEMU's side, server|client */
	int reconnect;		      /* vhostuser client: <reconnect enabled='yes'> */
	int queues;		      /* <driver queues>, 0 when absent */
	int mtu;		      /* <mtu size>, 0 when absent */
	int host_mtu;		      /* host_mtu from <qemu:override>, 0 when absent */
	/* Virtio offloads the <driver> turns off ("host csum, guest tso4"), ""
	 * when none: <driver><host csum='off' .../><guest tso4='off' .../>. */
	char offloads_off[128];
	/* From <metadata><sluice:port socket=... network=... name=... ips=...>. */
	char sluice_network[32];
	char sluice_port[32];
	char sluice_ips[DOMAIN_TEXT_MAX]; /* the port's ips (port security) */
};

struct domain_disk {
	char target[32]; /* <target dev>, e.g. vda */
	char io[16];	 /* <driver io>, "" when absent */
	char cache[16];	 /* <driver cache>, "" when absent */
};

struct domain {
	char name[DOMAIN_NAME_MAX];
	int vcpus;
	/* CPUs the vCPUs may run on: <vcpu cpuset> or the union of <vcpupin>
	 * (all vCPUs pinned); cpus_set 0 when they float over the whole host. */
	int cpus_set;
	unsigned char cpus[DOMAIN_CPUS_MAX];
	/* <numatune><memory nodeset>; nodes_set 0 when absent. */
	int nodes_set;
	unsigned char nodes[64];
	int hugepages; /* <memoryBacking><hugepages> */
	int shared;    /* <access mode='shared'> or every NUMA cell memAccess='shared' */
	int memfd;     /* <source type='memfd'> */
	int n_ifaces;
	struct domain_iface ifaces[DOMAIN_IFACES_MAX];
	int n_disks;
	struct domain_disk disks[DOMAIN_DISKS_MAX];
};

/* Parses a domain's XML text. Returns 0, or -1 with a message in err. */
int domain_parse(const char *xml, size_t len, struct domain *d, char *err, size_t errlen);

/* Parses a CPU list like "0-3,8,10-11" into set[0..max). Returns 0 or -1. */
int domain_parse_cpulist(const char *text, unsigned char *set, int max);

#endif
