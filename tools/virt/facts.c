#include "facts.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct facts_port *facts_port_by_socket(const struct facts *f, const char *path)
{
	for (int i = 0; i < f->n_ports; i++)
		if (strcmp(f->ports[i].socket, path) == 0)
			return &f->ports[i];
	return NULL;
}

static void copy_string(const json_t *obj, const char *key, char *out, size_t outlen)
{
	const char *s = json_string_value(json_object_get(obj, key));

	snprintf(out, outlen, "%s", s ? s : "");
}

static void add_node(struct facts_port *p, int node)
{
	if (node < 0 || node >= FACTS_NODES_MAX)
		return;
	for (int i = 0; i < p->n_pmd_nodes; i++)
		if (p->pmd_nodes[i] == node)
			return;
	p->pmd_nodes[p->n_pmd_nodes++] = (unsigned char)node;
}

int facts_from_json(const json_t *root, struct facts *f, char *err, size_t errlen)
{
	const json_t *ports = json_object_get(root, "ports");
	const json_t *nodes = json_object_get(root, "nodes");
	const char *key;
	json_t *val;
	size_t i;
	json_t *p;

	memset(f, 0, sizeof(*f));
	if (!json_is_array(ports)) {
		snprintf(err, errlen, "facts: \"ports\" must be an array");
		return -1;
	}
	json_array_foreach(ports, i, p)
	{
		struct facts_port *fp;
		const json_t *pn = json_object_get(p, "pmd_nodes");
		size_t k;
		json_t *n;

		if (f->n_ports == FACTS_PORTS_MAX)
			break;
		if (!json_is_string(json_object_get(p, "socket"))) {
			snprintf(err, errlen, "facts: port %zu has no \"socket\"", i);
			return -1;
		}
		fp = &f->ports[f->n_ports++];
		copy_string(p, "name", fp->name, sizeof(fp->name));
		copy_string(p, "socket", fp->socket, sizeof(fp->socket));
		copy_string(p, "mode", fp->mode, sizeof(fp->mode));
		copy_string(p, "network", fp->network, sizeof(fp->network));
		fp->mtu = (int)json_integer_value(json_object_get(p, "mtu"));
		json_array_foreach(pn, k, n) add_node(fp, (int)json_integer_value(n));
	}
	json_object_foreach((json_t *)nodes, key, val)
	{
		int n = atoi(key);

		if (n >= 0 && n < FACTS_NODES_MAX && json_is_string(val))
			snprintf(f->cpus_on_node[n], sizeof(f->cpus_on_node[n]), "%s",
				 json_string_value(val));
	}
	return 0;
}

json_t *facts_to_json(const struct facts *f)
{
	json_t *ports = json_array();
	json_t *nodes = json_object();

	for (int i = 0; i < f->n_ports; i++) {
		const struct facts_port *p = &f->ports[i];
		json_t *pn = json_array();

		for (int k = 0; k < p->n_pmd_nodes; k++)
			json_array_append_new(pn, json_integer(p->pmd_nodes[k]));
		json_array_append_new(ports,
				      json_pack("{s:s,s:s,s:s,s:s,s:i,s:o}", "name", p->name,
						"socket", p->socket, "mode", p->mode, "network",
						p->network, "mtu", p->mtu, "pmd_nodes", pn));
	}
	for (int n = 0; n < FACTS_NODES_MAX; n++) {
		char key[8];

		if (f->cpus_on_node[n][0] == '\0')
			continue;
		snprintf(key, sizeof(key), "%d", n);
		json_object_set_new(nodes, key, json_string(f->cpus_on_node[n]));
	}
	return json_pack("{s:o,s:o}", "ports", ports, "nodes", nodes);
}

int facts_cpu_node(const char *sys_root, int cpu)
{
	char path[512];
	DIR *dir;
	struct dirent *e;
	int node = -1;

	snprintf(path, sizeof(path), "%s/devices/system/cpu/cpu%d", sys_root, cpu);
	dir = opendir(path);
	if (dir == NULL)
		return -1;
	while ((e = readdir(dir)) != NULL) {
		if (strncmp(e->d_name, "node", 4) == 0 && e->d_name[4] >= '0' &&
		    e->d_name[4] <= '9') {
			node = atoi(e->d_name + 4);
			break;
		}
	}
	closedir(dir);
	/* A kernel without NUMA has no nodeN link: everything is node 0. */
	return node < 0 ? 0 : node;
}

static void read_node_cpus(const char *sys_root, struct facts *f)
{
	for (int n = 0; n < FACTS_NODES_MAX; n++) {
		char path[512];
		FILE *fp;

		snprintf(path, sizeof(path), "%s/devices/system/node/node%d/cpulist", sys_root, n);
		fp = fopen(path, "r");
		if (fp == NULL)
			continue;
		if (fgets(f->cpus_on_node[n], sizeof(f->cpus_on_node[n]), fp) == NULL)
			f->cpus_on_node[n][0] = '\0';
		f->cpus_on_node[n][strcspn(f->cpus_on_node[n], "\n")] = '\0';
		fclose(fp);
	}
}

int facts_network_mtu(const json_t *networks_result, const char *name)
{
	const json_t *nets = json_object_get(networks_result, "networks");
	size_t i;
	json_t *n;

	json_array_foreach(nets, i, n)
	{
		const char *nn = json_string_value(json_object_get(n, "name"));

		if (nn && strcmp(nn, name) == 0)
			return (int)json_integer_value(json_object_get(n, "mtu"));
	}
	return 0;
}

int facts_from_sluice(const json_t *ports_result, const json_t *networks_result,
		      const json_t *rxq_result, const char *sys_root, struct facts *f, char *err,
		      size_t errlen)
{
	const json_t *ports = json_object_get(ports_result, "ports");
	const json_t *rxqs = json_object_get(rxq_result, "rxqs");
	size_t i, k;
	json_t *p, *q;

	memset(f, 0, sizeof(*f));
	if (!json_is_array(ports) || !json_is_array(rxqs)) {
		snprintf(err, errlen, "sluice answered port.show or rxq.show without a list");
		return -1;
	}
	json_array_foreach(ports, i, p)
	{
		const json_t *vhost = json_object_get(p, "vhost");
		struct facts_port *fp;

		if (vhost == NULL || f->n_ports == FACTS_PORTS_MAX)
			continue;
		fp = &f->ports[f->n_ports++];
		copy_string(p, "name", fp->name, sizeof(fp->name));
		copy_string(vhost, "socket", fp->socket, sizeof(fp->socket));
		copy_string(vhost, "mode", fp->mode, sizeof(fp->mode));
		copy_string(p, "network", fp->network, sizeof(fp->network));
		fp->mtu = (int)json_integer_value(json_object_get(p, "mtu"));
		if (fp->mtu <= 0)
			fp->mtu = facts_network_mtu(networks_result, fp->network);
		json_array_foreach(rxqs, k, q)
		{
			const char *port = json_string_value(json_object_get(q, "port"));

			if (port && strcmp(port, fp->name) == 0)
				add_node(fp,
					 facts_cpu_node(sys_root, (int)json_integer_value(
								      json_object_get(q, "core"))));
		}
	}
	read_node_cpus(sys_root, f);
	return 0;
}
