/* The startup configuration: what the INI file says, validated as a whole.
 *
 * config_load() either returns a complete, valid config or an error of the
 * form "FILE:LINE: key 'x': why" and touches nothing else. */
#ifndef SLUICE_CONFIG_H
#define SLUICE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/config_types.h"
#include "schema.h"

/* Parse and validate FILE. On error returns -1 with the message in err. */
int config_load(const char *file, const struct config_host *host, struct sluice_config *cfg,
		char *err, size_t errlen);
/* The same from a string (file is used in messages only). */
int config_load_string(const char *file, const char *text, const struct config_host *host,
		       struct sluice_config *cfg, char *err, size_t errlen);

/* The same checks as the file's, for a port or network added at run time
 * (no line numbers in the message). config_check_port also fills defaults
 * that depend on the rest (tx-queues). */
int config_check_port(const struct sluice_config *cfg, const struct config_host *host,
		      struct port_config *port, char *err, size_t errlen);
int config_check_network(const struct sluice_config *cfg, const struct network_config *net,
			 char *err, size_t errlen);

void port_config_defaults(struct port_config *port);
/* The checks of config_check_port for a changed port that stays in its
 * slot index (port.set): dp's other ports are its neighbours. */
int config_check_port_update(const struct sluice_config *cfg, const struct config_host *host,
			     uint32_t index, struct port_config *port, char *err, size_t errlen);
void network_config_defaults(struct network_config *net);
/* 0 for a vdev name ("net_ring0,..."), 1 for a PCI address. */
bool config_devargs_is_pci(const char *devargs);

#endif
