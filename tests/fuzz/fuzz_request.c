/* libFuzzer target over the control socket's request decoder: JSON-RPC
 * framing, then params through the schema as port.add and network.add take
 * them, then the reply encoder. Whatever the bytes, no crash, no leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../control/jsonrpc.h"
#include "../../control/params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpc_request req;
	struct rpc_error err = {0};
	char *reply;

	if (rpc_decode((const char *)data, size, &req, &err) == 0) {
		struct port_config port;
		struct network_config net;
		uint32_t n;

		if (params_to_port(req.params, &port, &err) < 0)
			err.code = RPC_INVALID_PARAMS;
		if (params_to_network(req.params, &net, &err) < 0)
			err.code = RPC_INVALID_PARAMS;
		params_uint(req.params, "queue", 0, 15, &n, &err);
		params_string(req.params, "name", false, &err);
		reply = rpc_reply_result(req.id, json_object());
	} else {
		reply = rpc_reply_error(req.id, &err);
	}
	free(reply);
	rpc_request_free(&req);
	return 0;
}
