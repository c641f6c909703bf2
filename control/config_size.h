/* [dataplane] max-ports and max-networks against what a config declares or a
 * live request adds: the error names the count, the key and the value to
 * raise it to. */
#ifndef SLUICE_CONFIG_SIZE_H
#define SLUICE_CONFIG_SIZE_H

#include <stddef.h>
#include <stdint.h>

#include "../common/config_types.h"

/* A config over a limit: what it declares and which key would have to grow. */
struct config_excess {
	const char *what; /* "ports" or "networks" */
	const char *key;  /* "max-ports" or "max-networks" */
	uint32_t count, limit;
	int line; /* of the first section over the limit */
};

/* True and *x filled when cfg declares more ports or networks than its
 * [dataplane] limits allow (ports first). */
bool config_size_exceeded(const struct sluice_config *cfg, struct config_excess *x);
/* The message for x, without the file:line the caller adds. */
void config_size_describe(const struct config_excess *x, char *err, size_t errlen);
/* A live add refused at the limit: names the key and that it needs a restart. */
void config_limit_full(char *err, size_t errlen, const char *what, const char *key, uint32_t limit,
		       uint32_t ceiling);

#endif
