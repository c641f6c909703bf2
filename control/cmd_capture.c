/* capture.start, capture.status, capture.stop: packet capture on any port
 * into a pcapng file that sluice writes (dataplane/capture.c). */
#include <string.h>

#include "../dataplane/capture.h"
#include "commands.h"
#include "params.h"

static const char *direction_name(uint8_t d)
{
	return d == (CAPTURE_RX | CAPTURE_TX) ? "both" : d == CAPTURE_RX ? "rx" : "tx";
}

static const char *state_name(enum capture_state s)
{
	return s == CAPTURE_RUNNING ? "running" : s == CAPTURE_DONE ? "done" : "failed";
}

static json_t *status_json(const struct capture_status *st)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:s, s:I, s:I, s:I, s:I}", "port", st->port,
			      "path", st->path, "direction", direction_name(st->direction), "count",
			      (json_int_t)st->count, "state", state_name(st->state), "written",
			      (json_int_t)st->written, "dropped",
			      (json_int_t)(st->ring_full + st->pool_empty), "ring_full",
			      (json_int_t)st->ring_full, "pool_empty", (json_int_t)st->pool_empty);

	if (st->error[0])
		json_object_set_new(j, "error", json_string(st->error));
	return j;
}

json_t *cmd_capture_start(struct control *ctl, json_t *params, struct rpc_error *err)
{
	int port = lookup_port(ctl->dp, params_string(params, "port", true, err), err);
	const char *dir, *path;
	uint32_t count = 0;
	uint8_t direction;
	char why[512];

	if (port < 0)
		return NULL;
	if (params && json_object_get(params, "count") &&
	    params_uint(params, "count", 0, UINT32_MAX, &count, err) < 0)
		return NULL;
	dir = params_string(params, "direction", false, err);
	if (!dir && err->code)
		return NULL;
	if (!dir)
		dir = "both";
	if (strcmp(dir, "rx") == 0)
		direction = CAPTURE_RX;
	else if (strcmp(dir, "tx") == 0)
		direction = CAPTURE_TX;
	else if (strcmp(dir, "both") == 0)
		direction = CAPTURE_RX | CAPTURE_TX;
	else {
		rpc_fail(err, RPC_INVALID_PARAMS, "param 'direction': '%s' is not rx, tx or both",
			 dir);
		return NULL;
	}
	path = params_string(params, "path", true, err);
	if (!path)
		return NULL;
	/* sluice's working directory is not the caller's. */
	if (path[0] != '/') {
		rpc_fail(err, RPC_INVALID_PARAMS, "param 'path': '%s' is not an absolute path",
			 path);
		return NULL;
	}
	if (capture_start(ctl->dp, (uint16_t)port, direction, count, path, why, sizeof(why)) < 0) {
		rpc_fail(err, RPC_FAILED, "%s", why);
		return NULL;
	}
	{
		struct capture_status st;

		capture_status(ctl->dp, (uint16_t)port, &st);
		return status_json(&st);
	}
}

json_t *cmd_capture_status(struct control *ctl, json_t *params, struct rpc_error *err)
{
	const char *name = params_string(params, "port", false, err);
	json_t *list = json_array();
	struct capture_status st;
	int only = -1;

	if (name) {
		only = lookup_port(ctl->dp, name, err);
		if (only < 0) {
			json_decref(list);
			return NULL;
		}
	}
	for (uint16_t i = 0; i < SLUICE_MAX_PORTS; i++)
		if ((only < 0 || only == i) && capture_status(ctl->dp, i, &st) == 0)
			json_array_append_new(list, status_json(&st));
	return json_pack("{s:o}", "captures", list);
}

json_t *cmd_capture_stop(struct control *ctl, json_t *params, struct rpc_error *err)
{
	int port = lookup_port(ctl->dp, params_string(params, "port", true, err), err);
	struct capture_status st;

	if (port < 0)
		return NULL;
	if (capture_stop(ctl->dp, (uint16_t)port, &st) < 0) {
		rpc_fail(err, RPC_NOT_FOUND, "no capture on port '%s'", ctl->dp->ports[port].name);
		return NULL;
	}
	return status_json(&st);
}
