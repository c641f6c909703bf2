/* What sluice knows that a domain's tuning is judged against: its vhost
 * ports (socket, MTU, NUMA nodes of the PMD cores polling them). Gathered
 * from a running sluice over the control socket, or read from a JSON file
 * of the same shape (`sluice-virt facts` prints one), so `check --xml`
 * runs without sluice or libvirtd. */
#ifndef SLUICE_VIRT_FACTS_H
#define SLUICE_VIRT_FACTS_H

#include <stddef.h>

#include <jansson.h>

#define FACTS_PORTS_MAX 256
#define FACTS_NODES_MAX 64

struct facts_port {
	char name[32];
	char socket[108];
	char mode[16]; /* sluice's side: client|server */
	char network[32];
	int mtu;
	/* NUMA nodes of the PMD cores that poll this port's queues. */
	unsigned char pmd_nodes[FACTS_NODES_MAX];
	int n_pmd_nodes;
};

struct facts {
	int n_ports;
	struct facts_port ports[FACTS_PORTS_MAX];
	/* cpus_on_node[n] lists the host CPUs of node n ("0-3,8"), for fixes. */
	char cpus_on_node[FACTS_NODES_MAX][64];
};

/* The port whose socket is path, or NULL. */
const struct facts_port *facts_port_by_socket(const struct facts *f, const char *path);

/* Fills f from a JSON object {"ports":[{"name","socket","mode","network","mtu",
 * "pmd_nodes":[0]}], "nodes":{"0":"0-3"}}. Returns 0 or -1 with err. */
int facts_from_json(const json_t *root, struct facts *f, char *err, size_t errlen);
json_t *facts_to_json(const struct facts *f);

/* Fills f from sluice's replies to port.show, network.show and rxq.show
 * (the "result" objects) and the CPU-to-node map of this host, read from
 * sysfs under sys_root ("/sys" normally). A port's MTU is its own "mtu"
 * when sluice reports one, else its network's. */
int facts_from_sluice(const json_t *ports_result, const json_t *networks_result,
		      const json_t *rxq_result, const char *sys_root, struct facts *f, char *err,
		      size_t errlen);

/* The "mtu" of network name in a network.show result, 0 when absent. */
int facts_network_mtu(const json_t *networks_result, const char *name);

/* NUMA node of a host CPU from sysfs, or -1. */
int facts_cpu_node(const char *sys_root, int cpu);

#endif
