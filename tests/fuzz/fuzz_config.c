/* libFuzzer target over the INI config file: ini.c's line parser, schema.c's
 * value parsers and config.c's whole-file validation, as config_load() runs
 * them at start. Beyond "no crash, no leak", an accepted config must be what
 * the datapath relies on: names found where they are, members naming real
 * networks, lists within their bounds; a refused one says why. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../control/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

static bool terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

static void check_accepted(const struct sluice_config *cfg)
{
	FUZZ_CHECK(cfg->n_ports <= cfg->dataplane.max_ports &&
		   cfg->n_networks <= cfg->dataplane.max_networks);
	for (uint32_t i = 0; i < cfg->n_networks; i++) {
		const struct network_config *n = &cfg->networks[i];

		FUZZ_CHECK(terminated(n->name, sizeof(n->name)) && n->name[0]);
		FUZZ_CHECK(config_find_network(cfg, n->name) == (int)i);
		FUZZ_CHECK(n->flood.n <= cfg->vtep.max_flood_vteps);
		if (n->type == NETWORK_TYPE_VLAN) {
			FUZZ_CHECK(n->vid >= 1 && n->vid <= 4094);
			FUZZ_CHECK(config_find_port(cfg, n->port) >= 0);
		}
		if (n->type == NETWORK_TYPE_VXLAN)
			FUZZ_CHECK(n->vni >= 1 && n->vni <= 16777215);
	}
	for (uint32_t i = 0; i < cfg->n_ports; i++) {
		const struct port_config *p = &cfg->ports[i];

		FUZZ_CHECK(terminated(p->name, sizeof(p->name)) && p->name[0]);
		FUZZ_CHECK(terminated(p->devargs, sizeof(p->devargs)));
		FUZZ_CHECK(terminated(p->socket, sizeof(p->socket)));
		FUZZ_CHECK(config_find_port(cfg, p->name) == (int)i);
		FUZZ_CHECK(!p->network[0] || config_find_network(cfg, p->network) >= 0);
		/* Queue counts are a phy port's; a vhost port's come from its guest. */
		FUZZ_CHECK(p->type != PORT_TYPE_PHY ||
			   (p->rx_queues >= 1 && p->rx_queues <= SLUICE_MAX_QUEUES));
		FUZZ_CHECK(p->type != PORT_TYPE_PHY ||
			   (p->tx_queues >= 1 && p->tx_queues <= SLUICE_MAX_QUEUES));
	}
	FUZZ_CHECK(terminated(cfg->dataplane.eal_args, sizeof(cfg->dataplane.eal_args)));
	FUZZ_CHECK(terminated(cfg->control.socket, sizeof(cfg->control.socket)));
	FUZZ_CHECK(!cfg->vtep.present || config_find_port(cfg, cfg->vtep.port) >= 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Static: the config is large (paths, lists) and the target is hot. */
	static struct sluice_config cfg;
	static struct config_host host;
	char err[1024] = "";
	char *text;

	/* The host: the first byte takes up to 8 of CPUs 0..7 offline, so
	 * core checks see both answers. */
	for (int i = 0; i < 64; i++)
		host.cpu_online[i] = i >= 8 || !size || !(data[0] >> i & 1);
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (config_load_string("fuzz.ini", text, &host, &cfg, err, sizeof(err)) == 0)
		check_accepted(&cfg);
	else
		FUZZ_CHECK(err[0] != '\0' && terminated(err, sizeof(err)));
	free(text);
	return 0;
}
