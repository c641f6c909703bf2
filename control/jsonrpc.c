#include "jsonrpc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rpc_fail(struct rpc_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

int rpc_decode(const char *line, size_t len, struct rpc_request *req, struct rpc_error *err)
{
	json_error_t jerr;
	json_t *version, *method, *id;

	memset(req, 0, sizeof(*req));
	req->id = json_null();
	if (len > RPC_LINE_MAX) {
		rpc_fail(err, RPC_INVALID_REQUEST, "request is longer than %d bytes", RPC_LINE_MAX);
		return -1;
	}
	req->root = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!req->root) {
		rpc_fail(err, RPC_PARSE_ERROR, "not JSON: %s at column %d", jerr.text, jerr.column);
		return -1;
	}
	if (!json_is_object(req->root)) {
		rpc_fail(err, RPC_INVALID_REQUEST, "a request is a JSON object");
		return -1;
	}
	id = json_object_get(req->root, "id");
	if (id && (json_is_integer(id) || json_is_string(id)))
		req->id = id;
	else if (id && !json_is_null(id)) {
		rpc_fail(err, RPC_INVALID_REQUEST, "'id' must be a number or a string");
		return -1;
	}
	version = json_object_get(req->root, "jsonrpc");
	if (!version || !json_is_string(version) || strcmp(json_string_value(version), "2.0")) {
		rpc_fail(err, RPC_INVALID_REQUEST, "'jsonrpc' must be \"2.0\"");
		return -1;
	}
	method = json_object_get(req->root, "method");
	if (!method || !json_is_string(method)) {
		rpc_fail(err, RPC_INVALID_REQUEST, "'method' must be a string");
		return -1;
	}
	req->method = json_string_value(method);
	req->params = json_object_get(req->root, "params");
	if (req->params && json_is_null(req->params))
		req->params = NULL;
	if (req->params && !json_is_object(req->params)) {
		rpc_fail(err, RPC_INVALID_PARAMS, "'params' must be an object");
		return -1;
	}
	{
		const char *key;
		json_t *value;

		json_object_foreach(req->root, key, value)
		{
			if (strcmp(key, "jsonrpc") && strcmp(key, "id") && strcmp(key, "method") &&
			    strcmp(key, "params")) {
				rpc_fail(err, RPC_INVALID_REQUEST, "unknown member '%s'", key);
				return -1;
			}
		}
	}
	return 0;
}

void rpc_request_free(struct rpc_request *req)
{
	json_decref(req->root);
	memset(req, 0, sizeof(*req));
}

static char *dump_line(json_t *reply)
{
	char *text = json_dumps(reply, JSON_COMPACT);
	char *line = NULL;
	size_t n;

	json_decref(reply);
	if (!text)
		return NULL;
	n = strlen(text);
	line = malloc(n + 2);
	if (line) {
		memcpy(line, text, n);
		line[n] = '\n';
		line[n + 1] = '\0';
	}
	free(text);
	return line;
}

char *rpc_reply_result(json_t *id, json_t *result)
{
	return dump_line(json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id ? id : json_null(),
				   "result", result ? result : json_object()));
}

char *rpc_reply_error(json_t *id, const struct rpc_error *err)
{
	return dump_line(json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0", "id",
				   id ? id : json_null(), "error", "code", err->code, "message",
				   err->message));
}
