/* sluicectl's words-to-request builder: every command's method and params,
 * integers where the protocol wants them, and the usage errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../tools/sluicectl/capture_cmd.h"
#include "../../tools/sluicectl/trace_cmd.h"
#include "../../tools/sluicectl/commands.h"
#include "../../tools/sluicectl/print.h"
#include "../../tools/sluicectl/print_limits.h"
#include "../../tools/sluicectl/request.h"

#define MAX_WORDS 16

static char err[512];
static char line_copy[512];
static char *words[MAX_WORDS];

/* Splits a command line on spaces (dropping single quotes) into words. */
static int split(const char *line)
{
	int n = 0;
	char *w;

	snprintf(line_copy, sizeof(line_copy), "%s", line);
	for (char *p = line_copy, *q = line_copy;; p++) {
		if (*p != '\'')
			*q++ = *p;
		if (*p == '\0')
			break;
	}
	for (w = strtok(line_copy, " "); w && n < MAX_WORDS; w = strtok(NULL, " "))
		words[n++] = w;
	return n;
}

static enum request_status build(const char *line, json_int_t id, json_t **req,
				 const struct command **cmd)
{
	int n = split(line);

	err[0] = '\0';
	return request_build(n, words, id, req, cmd, err, sizeof(err));
}

/* Asserts that line builds a request for method with exactly these params
 * (NULL: no params member at all). */
static void assert_request(const char *line, const char *method, const char *params)
{
	const struct command *cmd;
	json_t *req, *want;
	json_error_t jerr;

	if (build(line, 42, &req, &cmd) != REQUEST_OK)
		fail_msg("'%s' did not build: %s", line, err);
	assert_non_null(cmd);
	assert_string_equal(cmd->method, method);
	assert_string_equal(json_string_value(json_object_get(req, "jsonrpc")), "2.0");
	assert_true(json_is_integer(json_object_get(req, "id")));
	assert_int_equal(json_integer_value(json_object_get(req, "id")), 42);
	assert_string_equal(json_string_value(json_object_get(req, "method")), method);
	if (!params) {
		assert_null(json_object_get(req, "params"));
		assert_int_equal(json_object_size(req), 3);
	} else {
		want = json_loads(params, 0, &jerr);
		assert_non_null(want);
		if (!json_equal(json_object_get(req, "params"), want)) {
			char *got = json_dumps(json_object_get(req, "params"), JSON_COMPACT);

			fail_msg("'%s': params %s, want %s", line, got, params);
		}
		json_decref(want);
		assert_int_equal(json_object_size(req), 4);
	}
	json_decref(req);
}

/* Asserts that line is refused with a message containing want. */
static void assert_refused(const char *line, enum request_status status, const char *want)
{
	const struct command *cmd;
	json_t *req = (json_t *)1;

	if (build(line, 1, &req, &cmd) != status)
		fail_msg("'%s': not refused with status %d (err '%s')", line, status, err);
	assert_null(req);
	if (!strstr(err, want))
		fail_msg("'%s': error '%s' does not contain '%s'", line, err, want);
}

static void test_no_params(void **state)
{
	(void)state;
	assert_request("vtep show", "vtep.show", NULL);
	assert_request("neighbour show", "neighbour.show", NULL);
	assert_request("version", "version", NULL);
	assert_request("shutdown", "shutdown", NULL);
	assert_request("stats cores", "stats.cores", NULL);
	assert_request("stats stages", "stats.stages", NULL);
	assert_request("stats drops", "stats.drops", NULL);
	assert_request("stats reset", "stats.reset", NULL);
	assert_request("rxq show", "rxq.show", NULL);
	assert_request("rxq rebalance", "rxq.rebalance", NULL);
}

static void test_log_level(void **state)
{
	(void)state;
	assert_request("log level debug", "log.level", "{\"level\":\"debug\"}");
	assert_request("log level info lib.vhost.*", "log.level",
		       "{\"level\":\"info\",\"pattern\":\"lib.vhost.*\"}");
	assert_refused("log level", REQUEST_USAGE, "missing LEVEL");
	assert_request("neighbour add 198.18.0.2 52:54:00:12:34:56", "neighbour.add",
		       "{\"address\":\"198.18.0.2\",\"mac\":\"52:54:00:12:34:56\"}");
	assert_request("neighbour del 198.18.0.2", "neighbour.del", "{\"address\":\"198.18.0.2\"}");
	assert_refused("neighbour add 198.18.0.2", REQUEST_USAGE, "missing MAC");
	assert_refused("log level info x y", REQUEST_USAGE, "unexpected word 'y'");
}

static void test_port(void **state)
{
	(void)state;
	assert_request("port add vm2 type=vhost socket=/run/sluice/vm2.sock network=tenant-a",
		       "port.add",
		       "{\"name\":\"vm2\",\"type\":\"vhost\",\"socket\":\"/run/sluice/vm2.sock\","
		       "\"network\":\"tenant-a\"}");
	/* Every value is a string, numbers too; only the first '=' splits. */
	assert_request("port add phy1 type=phy devargs=net_tap1,iface=t1 rx-queues=2 mtu=9000",
		       "port.add",
		       "{\"name\":\"phy1\",\"type\":\"phy\",\"devargs\":\"net_tap1,iface=t1\","
		       "\"rx-queues\":\"2\",\"mtu\":\"9000\"}");
	assert_request("port add p", "port.add", "{\"name\":\"p\"}");
	assert_request("port set vm1 ips=198.18.0.11,2001:db8::11 router=yes", "port.set",
		       "{\"name\":\"vm1\",\"ips\":\"198.18.0.11,2001:db8::11\","
		       "\"router\":\"yes\"}");
	assert_request("port del vm2", "port.del", "{\"name\":\"vm2\"}");
	assert_request("port show", "port.show", NULL);
	assert_request("port show vm1", "port.show", "{\"name\":\"vm1\"}");

	assert_refused("port add", REQUEST_USAGE, "missing NAME");
	assert_refused("port add vm2 typevhost", REQUEST_USAGE, "'typevhost' is not key=value");
	assert_refused("port add vm2 =vhost", REQUEST_USAGE, "'=vhost' has no key");
	assert_refused("port add vm2 type=phy type=vhost", REQUEST_USAGE, "'type' is given twice");
	assert_refused("port add vm2 name=vm3", REQUEST_USAGE, "'name' is given twice");
	assert_refused("port del", REQUEST_USAGE, "missing NAME");
	assert_refused("port del a b", REQUEST_USAGE, "unexpected word 'b'");
	assert_refused("port show a b", REQUEST_USAGE, "unexpected word 'b'");
}

static void test_network(void **state)
{
	(void)state;
	assert_request("network add tenant-b type=flat mac-aging=600", "network.add",
		       "{\"name\":\"tenant-b\",\"type\":\"flat\",\"mac-aging\":\"600\"}");
	assert_request("network del tenant-b", "network.del", "{\"name\":\"tenant-b\"}");
	assert_request("network show", "network.show", NULL);
	assert_request("network show tenant-a", "network.show", "{\"name\":\"tenant-a\"}");
	assert_refused("network add", REQUEST_USAGE, "missing NAME");
	assert_refused("network add n flat", REQUEST_USAGE, "'flat' is not key=value");
	assert_refused("network del", REQUEST_USAGE, "missing NAME");
}

static void test_fdb(void **state)
{
	(void)state;
	assert_request("fdb show", "fdb.show", NULL);
	assert_request("fdb show tenant-a", "fdb.show", "{\"network\":\"tenant-a\"}");
	assert_request("fdb add tenant-a 52:54:00:12:34:56 vm1", "fdb.add",
		       "{\"network\":\"tenant-a\",\"mac\":\"52:54:00:12:34:56\",\"port\":\"vm1\"}");
	assert_request("fdb add ov 52:54:00:12:34:56 u remote=198.18.0.2", "fdb.add",
		       "{\"network\":\"ov\",\"mac\":\"52:54:00:12:34:56\",\"port\":\"u\","
		       "\"remote\":\"198.18.0.2\"}");
	assert_refused("fdb add ov 52:54:00:12:34:56 u vni=3", REQUEST_USAGE, "unknown key 'vni'");
	assert_request("fdb del tenant-a 52:54:00:12:34:56", "fdb.del",
		       "{\"network\":\"tenant-a\",\"mac\":\"52:54:00:12:34:56\"}");
	assert_request("fdb flush", "fdb.flush", NULL);
	assert_request("fdb flush network=tenant-a", "fdb.flush", "{\"network\":\"tenant-a\"}");
	assert_request("fdb flush port=vm1 network=tenant-a", "fdb.flush",
		       "{\"network\":\"tenant-a\",\"port\":\"vm1\"}");

	assert_refused("fdb add tenant-a 52:54:00:12:34:56", REQUEST_USAGE, "missing PORT");
	assert_refused("fdb add tenant-a", REQUEST_USAGE, "missing MAC");
	assert_refused("fdb del tenant-a", REQUEST_USAGE, "missing MAC");
	assert_refused("fdb flush tenant-a", REQUEST_USAGE, "'tenant-a' is not key=value");
	assert_refused("fdb flush mac=52:54:00:12:34:56", REQUEST_USAGE, "unknown key 'mac'");
	assert_refused("fdb flush port=a port=b", REQUEST_USAGE, "'port' is given twice");
}

static void test_stats(void **state)
{
	(void)state;
	assert_request("stats ports", "stats.ports", NULL);
	assert_request("stats ports phy0", "stats.ports", "{\"name\":\"phy0\"}");
	assert_refused("stats cores 1", REQUEST_USAGE, "unexpected word '1'");
	assert_refused("stats", REQUEST_UNKNOWN,
		       "'stats' needs one of: ports, cores, memory, stages, drops, reset");
}

static void test_rxq_set_integers(void **state)
{
	const struct command *cmd;
	json_t *req, *params;

	(void)state;
	assert_request("rxq set phy0 1 3", "rxq.set", "{\"port\":\"phy0\",\"queue\":1,\"core\":3}");
	assert_int_equal(build("rxq set phy0 15 1023", 1, &req, &cmd), REQUEST_OK);
	params = json_object_get(req, "params");
	assert_true(json_is_string(json_object_get(params, "port")));
	assert_true(json_is_integer(json_object_get(params, "queue")));
	assert_true(json_is_integer(json_object_get(params, "core")));
	assert_int_equal(json_integer_value(json_object_get(params, "queue")), 15);
	assert_int_equal(json_integer_value(json_object_get(params, "core")), 1023);
	json_decref(req);

	assert_refused("rxq set phy0 1", REQUEST_USAGE, "missing CORE");
	assert_refused("rxq set phy0", REQUEST_USAGE, "missing QUEUE");
	assert_refused("rxq set", REQUEST_USAGE, "missing PORT");
	assert_refused("rxq set phy0 one 3", REQUEST_USAGE,
		       "QUEUE must be a whole number, got 'one'");
	assert_refused("rxq set phy0 1 -3", REQUEST_USAGE, "CORE must be a whole number, got '-3'");
	assert_refused("rxq set phy0 1 3x", REQUEST_USAGE, "CORE must be a whole number");
	assert_refused("rxq set phy0 1 99999999999999999999", REQUEST_USAGE,
		       "CORE must be a whole number");
	assert_refused("rxq set phy0 1 3 4", REQUEST_USAGE, "unexpected word '4'");
}

static void test_unknown(void **state)
{
	(void)state;
	assert_refused("", REQUEST_UNKNOWN, "missing command");
	assert_refused("frobnicate", REQUEST_UNKNOWN, "unknown command 'frobnicate'");
	assert_refused("port", REQUEST_UNKNOWN, "'port' needs one of: add, set, del, show");
	assert_refused("port rename a b", REQUEST_UNKNOWN,
		       "unknown command 'port rename'; 'port' takes: add, set, del, show");
	assert_refused("version1", REQUEST_UNKNOWN, "unknown command 'version1'");
	assert_refused("ports show", REQUEST_UNKNOWN, "unknown command 'ports'");
}

/* The ids the builder puts in are the ones it is given. */
static void test_ids(void **state)
{
	const struct command *cmd;
	json_t *req;

	(void)state;
	assert_int_equal(build("version", 7, &req, &cmd), REQUEST_OK);
	assert_int_equal(json_integer_value(json_object_get(req, "id")), 7);
	json_decref(req);
	assert_int_equal(build("version", 8, &req, &cmd), REQUEST_OK);
	assert_int_equal(json_integer_value(json_object_get(req, "id")), 8);
	json_decref(req);
}

/* Every row of the table: the method is the words joined by '.', the usage
 * names every positional word, and the example in --help builds. */
static void test_table(void **state)
{
	(void)state;
	assert_int_equal(commands_count, 34);
	for (size_t i = 0; i < commands_count; i++) {
		const struct command *c = &commands[i], *got;
		char method[64];
		json_t *req;
		char *p;

		snprintf(method, sizeof(method), "%s", c->words);
		while ((p = strchr(method, ' ')))
			*p = '.';
		assert_string_equal(c->method, method);
		assert_non_null(c->help);
		assert_non_null(c->params);
		assert_non_null(c->print);
		for (int a = 0; a < COMMAND_ARGS_MAX && c->args[a].param; a++)
			if (!strstr(c->usage, c->args[a].metavar))
				fail_msg("'%s' usage '%s' lacks %s", c->words, c->usage,
					 c->args[a].metavar);
		assert_true(strncmp(c->example, "sluicectl ", 10) == 0);
		if (build(c->example + 10, 1, &req, &got) != REQUEST_OK)
			fail_msg("example '%s' does not build: %s", c->example, err);
		assert_ptr_equal(got, c);
		json_decref(req);
	}
}

/* evpn show [NETWORK]; --macs adds macs to evpn.show and to nothing else;
 * the text names each flood VTEP's origin and the counters. */
static void test_evpn_show(void **state)
{
	const struct command *cmd;
	json_t *req, *result;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	(void)state;
	assert_request("evpn show", "evpn.show", NULL);
	assert_request("evpn show ov", "evpn.show", "{\"network\": \"ov\"}");
	assert_int_equal(build("evpn show ov", 1, &req, &cmd), REQUEST_OK);
	assert_int_equal(request_flag(req, "evpn.show", "macs"), 0);
	assert_true(json_is_true(json_object_get(json_object_get(req, "params"), "macs")));
	json_decref(req);
	assert_int_equal(build("port show", 1, &req, &cmd), REQUEST_OK);
	assert_int_equal(request_flag(req, "evpn.show", "macs"), -1);
	assert_null(json_object_get(req, "params"));
	json_decref(req);

	result = json_pack("{s:[{s:s, s:i, s:s, s:s, s:s, s:s, s:[{s:s, s:s}], s:i, s:i, "
			   "s:[{s:s, s:s}]}], s:{s:i}, s:n}",
			   "networks", "network", "ov", "vni", 100, "bridge", "slbr100", "vxlan",
			   "slvx100", "port", "slvm100", "state", "up", "flood", "vtep",
			   "198.19.0.2", "origin", "evpn", "remote_macs", 1, "local_macs", 0,
			   "remote", "mac", "02:00:00:00:00:01", "remote", "198.19.0.9", "counters",
			   "applied", 2, "last_resync");
	out = open_memstream(&text, &len);
	assert_int_equal(print_evpn(out, result), 0);
	fclose(out);
	assert_string_equal(text, "network ov  vni 100  up\n"
				  "  devices: slbr100 slvx100 slvm100\n"
				  "  flood: 198.19.0.2 (evpn)\n"
				  "  remote MACs: 1  local MACs exported: 0\n"
				  "  remote:\n"
				  "    02:00:00:00:00:01 via 198.19.0.9\n"
				  "last resync: never\n"
				  "applied            2\n");
	free(text);
	json_decref(result);
}

/* reload [PATH]; --dry-run adds dry_run to reload and to nothing else; the
 * diff prints one line per change, then what happened. */
static void test_reload(void **state)
{
	const struct command *cmd;
	json_t *req, *result;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	(void)state;
	assert_request("reload", "reload", NULL);
	assert_request("reload /etc/sluice/other.ini", "reload",
		       "{\"path\": \"/etc/sluice/other.ini\"}");
	assert_int_equal(build("reload", 1, &req, &cmd), REQUEST_OK);
	assert_int_equal(request_dry_run(req), 0);
	assert_true(json_is_true(json_object_get(json_object_get(req, "params"), "dry_run")));
	json_decref(req);
	/* A relative PATH is the caller's, not sluice's working directory. */
	assert_int_equal(build("reload conf/next.ini", 1, &req, &cmd), REQUEST_OK);
	request_absolute_path(req, "/home/op");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(req, "params"), "path")),
	    "/home/op/conf/next.ini");
	request_absolute_path(req, "/elsewhere");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(req, "params"), "path")),
	    "/home/op/conf/next.ini");
	json_decref(req);
	assert_int_equal(build("port show", 1, &req, &cmd), REQUEST_OK);
	request_absolute_path(req, "/home/op");
	assert_int_equal(request_dry_run(req), -1);
	assert_null(json_object_get(req, "params"));
	json_decref(req);

	result = json_pack("{s:s, s:b, s:[{s:s}, {s:s}]}", "file", "/etc/sluice/sluice.ini",
			   "dry_run", 1, "changes", "text", "+ port vm3 (type vhost, network n)",
			   "text", "- network old");
	out = open_memstream(&text, &len);
	assert_int_equal(print_reload(out, result), 0);
	fclose(out);
	assert_string_equal(text, "+ port vm3 (type vhost, network n)\n- network old\n"
				  "/etc/sluice/sluice.ini: 2 changes; dry run, nothing applied\n");
	free(text);
	json_object_set_new(result, "changes", json_array());
	json_object_set_new(result, "dry_run", json_false());
	out = open_memstream(&text, &len);
	assert_int_equal(print_reload(out, result), 0);
	fclose(out);
	assert_string_equal(text, "/etc/sluice/sluice.ini: no changes\n");
	free(text);
	/* Not the shape it knows: the caller prints JSON. */
	json_object_del(result, "file");
	assert_int_equal(print_reload(stdout, result), -1);
	json_decref(result);
}

/* stats stages: one row per stage, in the order the reply has them. */
static void test_print_stats_stages(void **state)
{
	json_t *result =
	    json_pack("{s:[{s:s, s:I, s:I, s:I}, {s:s, s:I, s:I, s:I}]}", "stages", "stage", "rx",
		      "packets", (json_int_t)64, "cycles", (json_int_t)6400, "cycles_per_packet",
		      (json_int_t)100, "stage", "l2", "packets", (json_int_t)0, "cycles",
		      (json_int_t)0, "cycles_per_packet", (json_int_t)0);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	(void)state;
	assert_int_equal(print_stats_stages(out, result), 0);
	fclose(out);
	assert_string_equal(text, "STAGE  PACKETS  CYCLES  CYC/PKT\n"
				  "rx          64    6400      100\n"
				  "l2           0       0        0\n");
	free(text);
	json_object_del(result, "stages");
	assert_int_equal(print_stats_stages(stdout, result), -1);
	json_decref(result);
}

/* port show NAME prints the port's limits under its row (issue 13). */
static void test_port_limits_print(void **state)
{
	json_t *port = json_pack("{s:s, s:{s:i, s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:{s:i, s:i}}}",
				 "name", "vm1", "limits", "mac_limit", 1024, "mac_limit_action",
				 "drop", "macs_learned", 3, "macs_refused", 7, "storm_broadcast",
				 10000, "storm_multicast", 0, "storm_unknown", 500, "ingress_rate",
				 0, "drops", "mac-limit", 7, "policed", 0);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	(void)state;
	print_port_limits(out, port);
	fclose(out);
	assert_string_equal(text, "limits: mac-limit 1024 (drop, 3 learned, 7 refused); storm pps "
				  "broadcast 10000 multicast off unknown 500; ingress-rate off "
				  "Mbit/s\nlimit drops: mac-limit 7 policed 0\n");
	free(text);
	/* An older sluice without limits: nothing. */
	json_object_del(port, "limits");
	out = open_memstream(&text, &len);
	print_port_limits(out, port);
	fclose(out);
	assert_string_equal(text, "");
	free(text);
	json_decref(port);
}

/* The file sluice is asked to write is absolute: sluice's working
 * directory is not ours. */
static void test_capture_path(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(capture_path("/tmp/a.pcapng", "/home/x", "vm1", "S", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/tmp/a.pcapng");
	assert_int_equal(capture_path("a.pcapng", "/home/x", "vm1", "S", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/home/x/a.pcapng");
	assert_int_equal(capture_path(NULL, "/home/x", "vm1", "20261204-100000", buf, sizeof(buf)),
			 0);
	assert_string_equal(buf, "/home/x/sluice-vm1-20261204-100000.pcapng");
	assert_int_equal(capture_path(NULL, "/home/x", "vm1",
				      "0123456789012345678901234567890123456789", buf, sizeof(buf)),
			 -1);
}

/* A trace.show result as text: one block per packet, a line per stage. */
static void test_trace_print(void **state)
{
	json_t *r =
	    json_loads("{\"port\":\"vm1\",\"count\":2,\"marked\":2,\"armed\":false,\"overflow\":0,"
		       "\"packets\":[{\"id\":1,\"pmd\":0,\"stages\":["
		       "{\"stage\":\"rx\",\"port\":\"vm1\",\"queue\":0,\"length\":98},"
		       "{\"stage\":\"network\",\"network\":\"ov\",\"from\":\"vm1\"},"
		       "{\"stage\":\"fdb\",\"result\":\"hit\",\"port\":\"phy0\","
		       "\"remote\":\"198.18.0.2\"},"
		       "{\"stage\":\"mtu\",\"verdict\":\"fits\",\"mtu\":1450},"
		       "{\"stage\":\"encap\",\"port\":\"phy0\",\"remote\":\"198.18.0.2\","
		       "\"next_hop\":\"resolved\"},"
		       "{\"stage\":\"output\",\"port\":\"phy0\"}]},"
		       "{\"id\":2,\"pmd\":0,\"stages\":["
		       "{\"stage\":\"fdb\",\"result\":\"flood\",\"local_outputs\":0,"
		       "\"remote_vteps\":0},"
		       "{\"stage\":\"drop\",\"port\":\"vm1\",\"reason\":\"no-destination\"}]}]}",
		       0, NULL);
	char buf[2048] = {0};
	FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");

	(void)state;
	assert_non_null(r);
	assert_int_equal(trace_print(f, r), 0);
	fclose(f);
	assert_string_equal(
	    buf, "trace vm1: 2 of 2 packets\n"
		 "packet 1 (pmd 0)\n"
		 "  rx         port vm1 queue 0, 98 bytes\n"
		 "  network    ov (from vm1)\n"
		 "  fdb        hit: phy0 to remote VTEP 198.18.0.2\n"
		 "  mtu        fits (network MTU 1450)\n"
		 "  encap      to remote VTEP 198.18.0.2 on phy0, next hop resolved\n"
		 "  output     phy0\n"
		 "packet 2 (pmd 0)\n"
		 "  fdb        miss or broadcast: flood to 0 local ports, 0 remote VTEPs\n"
		 "  drop       no-destination (counted on vm1)\n");
	json_decref(r);
	r = json_object(); /* not a trace.show result: the caller prints JSON */
	assert_int_equal(trace_print(stdout, r), -1);
	json_decref(r);
}

/* A vhost port's security settings and drops under the port table. */
static void test_port_security_print(void **state)
{
	json_t *port = json_pack(
	    "{s:s, s:s, s:s, s:s, s:{s:b, s:[s,s], s:b, s:b, s:{s:i, s:i}}}", "name", "vm1", "type",
	    "vhost", "network", "n", "state", "up", "security", "enabled", 1, "ips", "198.18.0.11",
	    "2001:db8::11", "dhcp_server", 0, "router", 1, "drops", "spoofed-ip", 3, "ra-guard", 0);
	char *text = NULL;
	size_t len;
	FILE *out;

	(void)state;
	out = open_memstream(&text, &len);
	print_port_security(out, port);
	fclose(out);
	assert_string_equal(text, "vm1 security on ips=198.18.0.11,2001:db8::11 dhcp-server=no "
				  "router=yes drops: spoofed-ip=3 ra-guard=0\n");
	free(text);
	json_object_del(port, "security"); /* a phy port: no line */
	out = open_memstream(&text, &len);
	print_port_security(out, port);
	fclose(out);
	assert_string_equal(text, "");
	free(text);
	json_decref(port);
}

/* stats memory: a row per table with MiB and bytes, the PMD's lost learn
 * requests, the total and the heap; a reply without "fdb" is refused. */
static void test_print_stats_memory(void **state)
{
	json_t *result = json_pack(
	    "{s:{s:i, s:i, s:i, s:i, s:i, s:i}, s:i, s:i, s:[{s:i, s:i, s:i, s:i, s:i}], "
	    "s:[{s:s, s:i, s:i, s:i}], s:i, s:{s:i, s:i}}",
	    "fdb", "capacity", 1048576, "entries", 3, "hash_bytes", 50331648, "entry_bytes",
	    25165824, "bookkeeping_bytes", 12582912, "bytes", 88080384, "view_bytes", 1048576,
	    "datapath_bytes", 2097152, "pmds", "pmd", 0, "state_bytes", 524288, "learn_ring_bytes",
	    65664, "punt_ring_bytes", 8320, "learn_queue_full", 7, "pools", "name", "mbuf_pool_0",
	    "socket", 0, "mbufs", 16383, "bytes", 37748736, "total_bytes", 129572992, "heap",
	    "allocated_bytes", 200000000, "free_bytes", 1048576);
	char *text;
	size_t len;
	FILE *out;

	(void)state;
	out = open_memstream(&text, &len);
	assert_int_equal(print_stats_memory(out, result), 0);
	fclose(out);
	assert_non_null(strstr(text, "fdb hash         48.0   50331648  3 of 1048576 entries\n"));
	assert_non_null(strstr(text, "pmd 0 rings       0.1      73984  learn requests lost 7\n"));
	assert_non_null(strstr(text, "mbuf_pool_0      36.0   37748736  16383 mbufs, socket 0\n"));
	assert_non_null(strstr(text, "total           123.6  129572992  the rows above\n"));
	assert_non_null(strstr(text, "heap            190.7  200000000  1.0 MiB free\n"));
	free(text);
	json_object_del(result, "fdb");
	out = open_memstream(&text, &len);
	assert_int_equal(print_stats_memory(out, result), -1);
	fclose(out);
	free(text);
	json_decref(result);
}

/* vtep show: the kernel tap's device and counters after the VTEP's, or "-". */
static void test_print_vtep_kernel_tap(void **state)
{
	json_t *result =
	    json_pack("{s:s, s:s, s:s, s:n, s:i, s:b, s:i, s:{s:i}, s:{s:s, s:i, s:i}}", "address",
		      "198.18.0.1/24", "port", "u", "mac", "02:00:C6:12:00:01", "gateway", "ttl",
		      64, "df", 1, "vxlan_port", 4789, "stats", "arp_received", 3, "kernel_tap",
		      "device", "slvtep", "to_kernel", 7, "from_kernel", 5);
	char *text;
	size_t len;
	FILE *out;

	(void)state;
	out = open_memstream(&text, &len);
	assert_int_equal(print_vtep(out, result), 0);
	fclose(out);
	assert_string_equal(text, "address      198.18.0.1/24\n"
				  "port         u\n"
				  "mac          02:00:C6:12:00:01\n"
				  "gateway      -\n"
				  "ttl          64\n"
				  "df           yes\n"
				  "vxlan_port   4789\n"
				  "arp_received       3\n"
				  "kernel_tap   slvtep\n"
				  "tap_to_kernel      7\n"
				  "tap_from_kernel    5\n");
	free(text);
	json_object_set_new(result, "kernel_tap", json_null());
	out = open_memstream(&text, &len);
	assert_int_equal(print_vtep(out, result), 0);
	fclose(out);
	assert_non_null(strstr(text, "arp_received       3\nkernel_tap   -\n"));
	free(text);
	json_decref(result);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_no_params),
	    cmocka_unit_test(test_log_level),
	    cmocka_unit_test(test_port),
	    cmocka_unit_test(test_network),
	    cmocka_unit_test(test_fdb),
	    cmocka_unit_test(test_stats),
	    cmocka_unit_test(test_rxq_set_integers),
	    cmocka_unit_test(test_unknown),
	    cmocka_unit_test(test_ids),
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_reload),
	    cmocka_unit_test(test_print_stats_stages),
	    cmocka_unit_test(test_evpn_show),
	    cmocka_unit_test(test_capture_path),
	    cmocka_unit_test(test_port_limits_print),
	    cmocka_unit_test(test_trace_print),
	    cmocka_unit_test(test_port_security_print),
	    cmocka_unit_test(test_print_vtep_kernel_tap),
	    cmocka_unit_test(test_print_stats_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
