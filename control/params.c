#include "params.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int params_only(json_t *params, const char *const *allowed, struct rpc_error *err)
{
	const char *key;
	json_t *value;

	if (!params)
		return 0;
	json_object_foreach(params, key, value)
	{
		bool known = false;

		for (int i = 0; allowed && allowed[i]; i++)
			known = known || strcmp(allowed[i], key) == 0;
		if (!known) {
			rpc_fail(err, RPC_INVALID_PARAMS, "unknown param '%s'", key);
			return -1;
		}
	}
	return 0;
}

const char *params_string(json_t *params, const char *name, bool required, struct rpc_error *err)
{
	json_t *v = params ? json_object_get(params, name) : NULL;

	if (!v) {
		if (required)
			rpc_fail(err, RPC_INVALID_PARAMS, "missing param '%s'", name);
		return NULL;
	}
	if (!json_is_string(v)) {
		rpc_fail(err, RPC_INVALID_PARAMS, "param '%s' must be a string", name);
		return NULL;
	}
	return json_string_value(v);
}

/* The text a config file would hold for this JSON value. */
static int value_text(json_t *v, const char *name, char *buf, size_t len, struct rpc_error *err)
{
	if (json_is_string(v)) {
		if (strlen(json_string_value(v)) >= len) {
			rpc_fail(err, RPC_INVALID_PARAMS, "param '%s' is too long", name);
			return -1;
		}
		snprintf(buf, len, "%s", json_string_value(v));
		return 0;
	}
	if (json_is_integer(v)) {
		snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return 0;
	}
	rpc_fail(err, RPC_INVALID_PARAMS, "param '%s' must be a string or an integer", name);
	return -1;
}

int params_uint(json_t *params, const char *name, uint32_t min, uint32_t max, uint32_t *out,
		struct rpc_error *err)
{
	json_t *v = params ? json_object_get(params, name) : NULL;
	char text[64], why[128];

	if (!v) {
		rpc_fail(err, RPC_INVALID_PARAMS, "missing param '%s'", name);
		return -1;
	}
	if (value_text(v, name, text, sizeof(text), err) < 0)
		return -1;
	if (schema_parse_uint(text, min, max, out, why, sizeof(why)) < 0) {
		rpc_fail(err, RPC_INVALID_PARAMS, "param '%s': %s", name, why);
		return -1;
	}
	return 0;
}

static int apply(const struct schema_object *obj, json_t *params, void *object,
		 struct schema_origin *origin, char *name, struct rpc_error *err)
{
	const char *key;
	json_t *value;
	char text[1024], why[256];

	if (!params) {
		rpc_fail(err, RPC_INVALID_PARAMS, "missing param 'name'");
		return -1;
	}
	json_object_foreach(params, key, value)
	{
		int k;

		if (strcmp(key, "name") == 0) {
			if (!json_is_string(value) ||
			    !schema_name_is_valid(json_string_value(value))) {
				rpc_fail(
				    err, RPC_INVALID_PARAMS,
				    "param 'name': use 1 to %d letters, digits, '-', '_' or '.'",
				    SLUICE_NAME_MAX - 1);
				return -1;
			}
			strcpy(name, json_string_value(value));
			continue;
		}
		k = schema_find_key(obj, key);
		if (k < 0) {
			rpc_fail(err, RPC_INVALID_PARAMS, "unknown param '%s' for a %s", key,
				 obj->section);
			return -1;
		}
		if (value_text(value, key, text, sizeof(text), err) < 0)
			return -1;
		if (schema_set(obj, k, object, text, why, sizeof(why)) < 0) {
			rpc_fail(err, RPC_INVALID_PARAMS, "param '%s': %s", key, why);
			return -1;
		}
		/* Marks the key as given, as a line number does for the file. */
		origin->key_line[k] = 1;
	}
	if (name[0] == '\0') {
		rpc_fail(err, RPC_INVALID_PARAMS, "missing param 'name'");
		return -1;
	}
	return 0;
}

int params_to_port(json_t *params, struct port_config *port, struct rpc_error *err)
{
	port_config_defaults(port);
	return apply(&schema_port, params, port, &port->origin, port->name, err);
}

int params_update_port(json_t *params, struct port_config *port, struct rpc_error *err)
{
	return apply(&schema_port, params, port, &port->origin, port->name, err);
}

int params_to_network(json_t *params, struct network_config *net, struct rpc_error *err)
{
	network_config_defaults(net);
	return apply(&schema_network, params, net, &net->origin, net->name, err);
}
