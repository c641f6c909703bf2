#include "config_types.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool network_is_tunnel(const struct network_config *net)
{
	return net->type == NETWORK_TYPE_VXLAN || net->type == NETWORK_TYPE_GRE;
}

int config_find_network(const struct sluice_config *cfg, const char *name)
{
	for (uint32_t i = 0; i < cfg->n_networks; i++)
		if (strcmp(cfg->networks[i].name, name) == 0)
			return (int)i;
	return -1;
}

bool port_config_security_on(const struct port_config *port)
{
	return port->port_security < 0 ? port->mac.set : port->port_security == 1;
}

int config_find_port(const struct sluice_config *cfg, const char *name)
{
	for (uint32_t i = 0; i < cfg->n_ports; i++)
		if (strcmp(cfg->ports[i].name, name) == 0)
			return (int)i;
	return -1;
}

int config_host_read(struct config_host *host)
{
	FILE *f = fopen("/sys/devices/system/cpu/online", "r");
	char buf[1024];

	memset(host, 0, sizeof(*host));
	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	/* "0-1" or "0,2-5": the core-list syntax, but possibly longer than a worker list. */
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		unsigned lo, hi;

		if (sscanf(tok, "%u-%u", &lo, &hi) != 2)
			hi = lo = (unsigned)atoi(tok);
		for (unsigned c = lo; c <= hi && c < SLUICE_MAX_CPUS; c++)
			host->cpu_online[c] = true;
	}
	return 0;
}
