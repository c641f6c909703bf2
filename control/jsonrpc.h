/* JSON-RPC 2.0 framing for the control socket: one request per line in, one
 * reply per line out. Pure (jansson only), so it is unit-tested and fuzzed
 * without a datapath. */
#ifndef SLUICE_JSONRPC_H
#define SLUICE_JSONRPC_H

#include <stddef.h>

#include <jansson.h>

enum rpc_code {
	RPC_PARSE_ERROR = -32700,
	RPC_INVALID_REQUEST = -32600,
	RPC_METHOD_NOT_FOUND = -32601,
	RPC_INVALID_PARAMS = -32602,
	RPC_FAILED = -32000,
	RPC_NOT_FOUND = -32001,
	RPC_EXISTS = -32002,
};

#define RPC_LINE_MAX 65536

struct rpc_error {
	int code;
	char message[512];
};

struct rpc_request {
	json_t *root;
	json_t *id;	    /* borrowed from root; JSON null when absent or unusable */
	const char *method; /* borrowed from root */
	json_t *params;	    /* borrowed from root; NULL when absent */
};

/* Returns 0, or -1 with err set (req->id is still usable for the reply). */
int rpc_decode(const char *line, size_t len, struct rpc_request *req, struct rpc_error *err);
void rpc_request_free(struct rpc_request *req);

/* Both return a malloc'd line ending in '\n'. rpc_reply_result steals result. */
char *rpc_reply_result(json_t *id, json_t *result);
char *rpc_reply_error(json_t *id, const struct rpc_error *err);

void rpc_fail(struct rpc_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
