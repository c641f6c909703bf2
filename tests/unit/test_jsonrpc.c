/* JSON-RPC framing and the params side of the schema. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../control/jsonrpc.h"
#include "../../control/params.h"

static int decode(const char *text, struct rpc_request *req, struct rpc_error *err)
{
	return rpc_decode(text, strlen(text), req, err);
}

static void test_decode_valid(void **state)
{
	struct rpc_request req;
	struct rpc_error err = {0};

	(void)state;
	assert_int_equal(decode("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"port.show\","
				"\"params\":{\"name\":\"vm1\"}}",
				&req, &err),
			 0);
	assert_string_equal(req.method, "port.show");
	assert_int_equal(json_integer_value(req.id), 7);
	assert_string_equal(json_string_value(json_object_get(req.params, "name")), "vm1");
	rpc_request_free(&req);
	/* No params, a string id. */
	assert_int_equal(
	    decode("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"version\"}", &req, &err), 0);
	assert_null(req.params);
	assert_string_equal(json_string_value(req.id), "a");
	rpc_request_free(&req);
}

static void expect_decode_error(const char *text, int code, const char *words)
{
	struct rpc_request req;
	struct rpc_error err = {0};

	assert_int_equal(decode(text, &req, &err), -1);
	assert_int_equal(err.code, code);
	assert_non_null(strstr(err.message, words));
	rpc_request_free(&req);
}

static void test_decode_errors(void **state)
{
	(void)state;
	expect_decode_error("{", RPC_PARSE_ERROR, "not JSON");
	expect_decode_error("", RPC_PARSE_ERROR, "not JSON");
	expect_decode_error("42", RPC_PARSE_ERROR, "not JSON");
	expect_decode_error("[]", RPC_INVALID_REQUEST, "object");
	expect_decode_error("{\"id\":1,\"method\":\"x\"}", RPC_INVALID_REQUEST, "jsonrpc");
	expect_decode_error("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":3}", RPC_INVALID_REQUEST,
			    "method");
	expect_decode_error("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"x\"}",
			    RPC_INVALID_REQUEST, "id");
	expect_decode_error("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":3}",
			    RPC_INVALID_PARAMS, "object");
	expect_decode_error("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"extra\":3}",
			    RPC_INVALID_REQUEST, "unknown member 'extra'");
	expect_decode_error("{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"x\"}",
			    RPC_PARSE_ERROR, "duplicate");
}

static void test_decode_keeps_id_for_the_error_reply(void **state)
{
	struct rpc_request req;
	struct rpc_error err = {0};
	char *reply;
	json_t *j;

	(void)state;
	assert_int_equal(decode("{\"id\":9,\"method\":\"x\"}", &req, &err), -1);
	reply = rpc_reply_error(req.id, &err);
	j = json_loads(reply, 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "id")), 9);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "error"), "code")),
			 RPC_INVALID_REQUEST);
	json_decref(j);
	free(reply);
	rpc_request_free(&req);
}

static void test_reply_is_one_line(void **state)
{
	json_t *id = json_integer(3);
	char *reply = rpc_reply_result(
	    id, json_pack("{s:[i,i], s:{s:s}}", "a", 1, 2, "b", "c", "d\nnewline"));

	(void)state;
	assert_non_null(reply);
	assert_int_equal(reply[strlen(reply) - 1], '\n');
	assert_null(strchr(reply, '\n') + 1 == reply + strlen(reply) ? NULL : "two lines");
	assert_non_null(strstr(reply, "\"result\""));
	free(reply);
	json_decref(id);
}

static void test_line_limit(void **state)
{
	struct rpc_request req;
	struct rpc_error err = {0};
	char *big = malloc(RPC_LINE_MAX + 2);

	(void)state;
	memset(big, ' ', RPC_LINE_MAX + 1);
	big[RPC_LINE_MAX + 1] = '\0';
	assert_int_equal(rpc_decode(big, RPC_LINE_MAX + 1, &req, &err), -1);
	assert_int_equal(err.code, RPC_INVALID_REQUEST);
	assert_non_null(strstr(err.message, "longer than"));
	rpc_request_free(&req);
	free(big);
}

static void test_params_to_port_shares_the_schema(void **state)
{
	json_t *p = json_pack("{s:s, s:s, s:s, s:i, s:s}", "name", "vm1", "type", "vhost", "socket",
			      "/tmp/vm1.sock", "max-queues", 2, "mode", "server");
	struct port_config port;
	struct rpc_error err = {0};

	(void)state;
	assert_int_equal(params_to_port(p, &port, &err), 0);
	assert_string_equal(port.name, "vm1");
	assert_int_equal(port.type, PORT_TYPE_VHOST);
	assert_int_equal(port.max_queues, 2);
	assert_int_equal(port.mode, VHOST_MODE_SERVER);
	assert_int_equal(port.rx_descriptors, 1024); /* the file's default */
	json_decref(p);

	/* The file's words for the same mistakes. */
	p = json_pack("{s:s, s:s}", "name", "p", "rx-queues", "0");
	assert_int_equal(params_to_port(p, &port, &err), -1);
	assert_int_equal(err.code, RPC_INVALID_PARAMS);
	assert_string_equal(err.message, "param 'rx-queues': 0 is out of range 1..16");
	json_decref(p);
	p = json_pack("{s:s, s:s}", "name", "p", "colour", "red");
	assert_int_equal(params_to_port(p, &port, &err), -1);
	assert_non_null(strstr(err.message, "unknown param 'colour'"));
	json_decref(p);
	p = json_pack("{s:s, s:b}", "name", "p", "mtu", 1);
	assert_int_equal(params_to_port(p, &port, &err), -1);
	assert_non_null(strstr(err.message, "must be a string or an integer"));
	json_decref(p);
	p = json_pack("{s:s}", "type", "phy");
	assert_int_equal(params_to_port(p, &port, &err), -1);
	assert_non_null(strstr(err.message, "missing param 'name'"));
	json_decref(p);
	p = json_pack("{s:s}", "name", "bad name");
	assert_int_equal(params_to_port(p, &port, &err), -1);
	assert_non_null(strstr(err.message, "param 'name'"));
	json_decref(p);
	assert_int_equal(params_to_port(NULL, &port, &err), -1);
}

static void test_params_helpers(void **state)
{
	json_t *p =
	    json_pack("{s:s, s:i, s:s, s:i}", "name", "x", "queue", 3, "core", "2", "big", -5);
	static const char *const allowed[] = {"name", "queue", "core", NULL};
	struct rpc_error err = {0};
	uint32_t v;

	(void)state;
	assert_int_equal(params_only(p, allowed, &err), -1);
	assert_non_null(strstr(err.message, "unknown param 'big'"));
	assert_int_equal(params_uint(p, "queue", 0, 15, &v, &err), 0);
	assert_int_equal(v, 3);
	assert_int_equal(params_uint(p, "core", 0, 15, &v, &err), 0);
	assert_int_equal(v, 2);
	assert_int_equal(params_uint(p, "big", 0, 15, &v, &err), -1);
	assert_int_equal(params_uint(p, "queue", 4, 15, &v, &err), -1);
	assert_non_null(strstr(err.message, "out of range"));
	assert_int_equal(params_uint(p, "missing", 0, 15, &v, &err), -1);
	assert_string_equal(params_string(p, "name", true, &err), "x");
	assert_null(params_string(p, "queue", true, &err));
	assert_non_null(strstr(err.message, "must be a string"));
	assert_null(params_string(p, "nope", false, &err));
	json_decref(p);
}

static void test_params_to_network(void **state)
{
	json_t *p = json_pack("{s:s, s:s, s:i}", "name", "t", "type", "flat", "mac-aging", 60);
	struct network_config net;
	struct rpc_error err = {0};

	(void)state;
	assert_int_equal(params_to_network(p, &net, &err), 0);
	assert_int_equal(net.mac_aging, 60);
	assert_int_equal(net.type, NETWORK_TYPE_FLAT);
	json_decref(p);
	p = json_pack("{s:s, s:i}", "name", "t", "mac-aging", 0);
	assert_int_equal(params_to_network(p, &net, &err), -1);
	assert_non_null(strstr(err.message, "out of range"));
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decode_valid),
	    cmocka_unit_test(test_decode_errors),
	    cmocka_unit_test(test_decode_keeps_id_for_the_error_reply),
	    cmocka_unit_test(test_reply_is_one_line),
	    cmocka_unit_test(test_line_limit),
	    cmocka_unit_test(test_params_to_port_shares_the_schema),
	    cmocka_unit_test(test_params_helpers),
	    cmocka_unit_test(test_params_to_network),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
