/* Request params to config objects: the socket's side of the one schema.
 * A JSON string or integer is turned into the same text the config file
 * would hold and goes through schema_set(), so both transports share the
 * parsing and the validation. */
#ifndef SLUICE_PARAMS_H
#define SLUICE_PARAMS_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "config.h"
#include "jsonrpc.h"

/* Unknown params are an error: allowed is NULL-terminated. */
int params_only(json_t *params, const char *const *allowed, struct rpc_error *err);
/* A string param; returns NULL (err set) when required and missing. */
const char *params_string(json_t *params, const char *name, bool required, struct rpc_error *err);
/* An integer param (a JSON integer, or a string of digits) in min..max. */
int params_uint(json_t *params, const char *name, uint32_t min, uint32_t max, uint32_t *out,
		struct rpc_error *err);

/* Fills a port or network from params ("name" plus schema keys). */
int params_to_port(json_t *params, struct port_config *port, struct rpc_error *err);
/* Applies params ("name" plus schema keys) over a port that exists. */
int params_update_port(json_t *params, struct port_config *port, struct rpc_error *err);
int params_to_network(json_t *params, struct network_config *net, struct rpc_error *err);

#endif
