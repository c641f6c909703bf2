/* sluicectl's client against a fake sluice: a thread serving a Unix socket in
 * a temporary directory with canned replies. Checks the reply it returns,
 * the exit codes (0 ok, 1 error reply, 2 usage, 3 no answer) and the tables
 * printed for port show and stats cores. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../tools/sluicectl/client.h"
#include "../../tools/sluicectl/conn.h"
#include "../../tools/sluicectl/print.h"

enum fake_mode {
	FAKE_RESULT,   /* one write of {"result":...} */
	FAKE_SPLIT,    /* the same in two writes, 100 ms apart, cut mid-line */
	FAKE_ERROR,    /* {"error":...} */
	FAKE_CLOSE,    /* reads the request, hangs up */
	FAKE_SILENT,   /* reads the request, never answers */
	FAKE_WRONG_ID, /* answers with another id */
	FAKE_ENDLESS,  /* a line that never ends: more than CONN_LINE_MAX bytes */
	FAKE_PAGES,    /* fdb.show pages, one per connection (page_result) */
};

#define FAKE_MAX_CONNECTIONS 32

struct fake {
	char dir[64];
	char path[100];
	int fd;
	pthread_t thread;
	enum fake_mode mode;
	const char *body; /* JSON text of the result or the error */
	int connections;  /* served one after the other */
	json_int_t ids[FAKE_MAX_CONNECTIONS];
	json_t *requests[FAKE_MAX_CONNECTIONS];
	char failure[256]; /* what went wrong in the thread */
};

static struct fake fake;
static char *err_text;
static size_t err_len;
static FILE *err;

static int write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads one request line; returns it parsed, or NULL. */
static json_t *read_request(int fd)
{
	char buf[65536 + 2];
	size_t len = 0;

	while (len < sizeof(buf) - 1) {
		ssize_t n = recv(fd, buf + len, sizeof(buf) - 1 - len, 0);

		if (n <= 0)
			return NULL;
		len += (size_t)n;
		if (buf[len - 1] == '\n')
			return json_loadb(buf, len - 1, JSON_REJECT_DUPLICATES, NULL);
	}
	return NULL;
}

static char *out_text;
static size_t out_len;
static FILE *out;

#define PAGE_ENTRIES 3

/* The MAC of entry k of page i of FAKE_PAGES. */
static void page_mac(int i, int k, char *buf, size_t len)
{
	snprintf(buf, len, "02:00:00:00:%02x:%02x", i, k);
}

/* Page i of f->connections: PAGE_ENTRIES entries, "next" but on the last. */
static char *page_result(const struct fake *f, int i)
{
	char *body = NULL, mac[32], entries[1024] = "";
	size_t used = 0;

	for (int k = 0; k < PAGE_ENTRIES; k++) {
		page_mac(i, k, mac, sizeof(mac));
		used += (size_t)snprintf(entries + used, sizeof(entries) - used,
					 "%s{\"network\":\"n\",\"mac\":\"%s\",\"port\":\"p\","
					 "\"static\":false,\"age\":%d}",
					 k ? "," : "", mac, k);
	}
	if (i + 1 < f->connections) {
		if (asprintf(&body, "{\"entries\":[%s],\"next\":%d}", entries, (i + 1) * 100) < 0)
			return NULL;
	} else if (asprintf(&body, "{\"entries\":[%s]}", entries) < 0) {
		return NULL;
	}
	return body;
}

/* Before answering page i: has the client printed page i - 1 already? It
 * flushed it before it asked (and now waits for this reply): streamed. */
static void check_streamed(struct fake *f, int i)
{
	char mac[32];

	if (i == 0 || f->failure[0])
		return;
	page_mac(i - 1, PAGE_ENTRIES - 1, mac, sizeof(mac));
	if (!out_text || !memmem(out_text, out_len, mac, strlen(mac)))
		snprintf(f->failure, sizeof(f->failure),
			 "page %d was asked for before page %d was printed", i + 1, i);
}

static void serve(struct fake *f, int c, int i)
{
	json_t *req = read_request(c);
	char *reply = NULL;
	json_int_t id;
	int n = 0;

	if (!req) {
		snprintf(f->failure, sizeof(f->failure), "no request line on connection %d", i);
		return;
	}
	f->requests[i] = req;
	id = json_integer_value(json_object_get(req, "id"));
	f->ids[i] = id;
	switch (f->mode) {
	case FAKE_PAGES: {
		char *body = page_result(f, i);

		check_streamed(f, i);
		n = body ? asprintf(&reply, "{\"jsonrpc\":\"2.0\",\"id\":%lld,\"result\":%s}\n", id,
				    body)
			 : -1;
		free(body);
		break;
	}
	case FAKE_RESULT:
	case FAKE_SPLIT:
		n = asprintf(&reply, "{\"jsonrpc\":\"2.0\",\"id\":%lld,\"result\":%s}\n", id,
			     f->body);
		break;
	case FAKE_ERROR:
		n = asprintf(&reply, "{\"jsonrpc\":\"2.0\",\"id\":%lld,\"error\":%s}\n", id,
			     f->body);
		break;
	case FAKE_WRONG_ID:
		n = asprintf(&reply, "{\"jsonrpc\":\"2.0\",\"id\":%lld,\"result\":{}}\n", id + 1);
		break;
	case FAKE_CLOSE:
		return;
	case FAKE_SILENT: {
		char b;

		/* Until the client gives up and hangs up. */
		while (recv(c, &b, 1, 0) > 0)
			;
		return;
	}
	case FAKE_ENDLESS: {
		static char chunk[65536];

		memset(chunk, ' ', sizeof(chunk));
		chunk[0] = '[';
		for (int k = 0; k < 40; k++)
			if (write_all(c, chunk, sizeof(chunk)) < 0)
				return; /* the client stopped reading: that is the point */
		snprintf(f->failure, sizeof(f->failure), "the client read 2.5 MiB of one line");
		return;
	}
	}
	if (n < 0) {
		snprintf(f->failure, sizeof(f->failure), "asprintf failed");
		return;
	}
	if (f->mode == FAKE_SPLIT) {
		size_t half = strlen(reply) / 2;
		struct timespec pause = {.tv_nsec = 100 * 1000 * 1000};

		write_all(c, reply, half);
		nanosleep(&pause, NULL);
		write_all(c, reply + half, strlen(reply) - half);
	} else {
		write_all(c, reply, strlen(reply));
	}
	free(reply);
}

static void *fake_main(void *arg)
{
	struct fake *f = arg;

	for (int i = 0; i < f->connections; i++) {
		int c = accept(f->fd, NULL, NULL);

		if (c < 0) {
			snprintf(f->failure, sizeof(f->failure), "accept: %m");
			return NULL;
		}
		serve(f, c, i);
		close(c);
	}
	return NULL;
}

static void fake_start(struct fake *f, enum fake_mode mode, const char *body, int connections)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};

	memset(f, 0, sizeof(*f));
	f->mode = mode;
	f->body = body;
	f->connections = connections;
	snprintf(f->dir, sizeof(f->dir), "/tmp/sluicectl-test.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/sluice.sock", f->dir);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", f->path);
	f->fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(f->fd >= 0);
	assert_int_equal(bind(f->fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	assert_int_equal(listen(f->fd, 4), 0);
	assert_int_equal(pthread_create(&f->thread, NULL, fake_main, f), 0);
}

/* Waits for the fake to serve its connections; the requests it read stay
 * in f->requests until teardown. */
static void fake_stop(struct fake *f)
{
	pthread_join(f->thread, NULL);
	close(f->fd);
	unlink(f->path);
	rmdir(f->dir);
	if (f->failure[0])
		fail_msg("fake server: %s", f->failure);
}

static void output_close(void)
{
	fclose(out);
	fclose(err);
	free(out_text);
	free(err_text);
}

static int setup(void **state)
{
	(void)state;
	memset(&fake, 0, sizeof(fake));
	out = open_memstream(&out_text, &out_len);
	err = open_memstream(&err_text, &err_len);
	return out && err ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	output_close();
	for (int i = 0; i < FAKE_MAX_CONNECTIONS; i++)
		json_decref(fake.requests[i]);
	return 0;
}

/* Empties out_text and err_text for the next run. */
static void output_reset(void)
{
	output_close();
	out = open_memstream(&out_text, &out_len);
	err = open_memstream(&err_text, &err_len);
	assert_true(out && err);
}

/* Runs sluicectl with the words of line against socket; stdout and stderr
 * land in out_text and err_text. */
static int run(const char *socket, int json, double timeout, const char *line)
{
	struct client_options opts = {.socket = socket, .json = json, .timeout = timeout};
	char copy[256], *argv[16], *w;
	int argc = 0, rc;

	snprintf(copy, sizeof(copy), "%s", line);
	for (w = strtok(copy, " "); w; w = strtok(NULL, " "))
		argv[argc++] = w;
	rc = client_run(&opts, argc, argv, out, err);
	fflush(out);
	fflush(err);
	return rc;
}

static void assert_contains(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("'%s' does not contain '%s'", text, want);
}

/* The two PORT examples of docs/control-protocol.md. */
static const char ports_result[] =
    "{\"ports\":["
    "{\"name\":\"vm1\",\"type\":\"vhost\",\"network\":\"tenant-a\",\"state\":\"up\","
    "\"mtu\":1500,\"numa_node\":0,\"vhost\":{\"socket\":\"/run/sluice/vm1.sock\","
    "\"mode\":\"client\",\"connects\":1,\"disconnects\":0,\"features\":\"0x150008000\","
    "\"rx_queues_enabled\":[0],\"tx_queues_enabled\":[0],\"guest_numa_node\":0}},"
    "{\"name\":\"phy0\",\"type\":\"phy\",\"network\":\"\",\"state\":\"up\",\"mtu\":1500,"
    "\"numa_node\":0,\"phy\":{\"devargs\":\"net_tap0,iface=sl-phy0\",\"eth_port\":0,"
    "\"link_up\":true,\"link_speed\":10000,\"rx_queues\":1,\"tx_queues\":1,"
    "\"rx_descriptors\":1024,\"tx_descriptors\":1024}}]}";

static void test_port_show_table(void **state)
{
	(void)state;
	fake_start(&fake, FAKE_RESULT, ports_result, 1);
	assert_int_equal(run(fake.path, 0, 5, "port show"), CLIENT_EXIT_OK);
	fake_stop(&fake);
	assert_string_equal(
	    out_text, "NAME  TYPE   NETWORK   STATE   MTU  DETAIL\n"
		      "vm1   vhost  tenant-a  up     1500  socket=/run/sluice/vm1.sock mode=client "
		      "connects=1 rxqs=0\n"
		      "phy0  phy    -         up     1500  devargs=net_tap0,iface=sl-phy0 link=up "
		      "speed=10Gb/s rxqs=1 txqs=1\n");
	assert_string_equal(err_text, "");
}

/* What the server saw: one line, the method, no params for "port show". */
static void test_request_on_the_wire(void **state)
{
	json_t *params;

	(void)state;
	fake_start(&fake, FAKE_RESULT, "{}", 2);
	assert_int_equal(run(fake.path, 0, 5, "port show"), CLIENT_EXIT_OK);
	assert_int_equal(run(fake.path, 0, 5, "rxq set phy0 1 3"), CLIENT_EXIT_OK);
	fake_stop(&fake);
	assert_string_equal(json_string_value(json_object_get(fake.requests[0], "method")),
			    "port.show");
	assert_null(json_object_get(fake.requests[0], "params"));
	assert_string_equal(json_string_value(json_object_get(fake.requests[1], "method")),
			    "rxq.set");
	params = json_object_get(fake.requests[1], "params");
	assert_true(json_is_integer(json_object_get(params, "queue")));
	assert_int_equal(json_integer_value(json_object_get(params, "queue")), 1);
	assert_int_equal(json_integer_value(json_object_get(params, "core")), 3);
	/* Ids increase from one request to the next. */
	assert_true(fake.ids[1] > fake.ids[0]);
	/* port.show's {} lacks "ports": printed as JSON; rxq.set's {} prints nothing. */
	assert_string_equal(out_text, "{}\n");
	assert_string_equal(err_text, "");
}

static const char cores_result[] =
    "{\"cores\":["
    "{\"core\":2,\"lcore\":1,\"busy_percent\":37.46,\"busy_cycles\":373,"
    "\"idle_cycles\":627,\"packets\":1000000,\"cycles_per_packet\":214},"
    "{\"core\":3,\"lcore\":2,\"busy_percent\":0.0,\"busy_cycles\":0,"
    "\"idle_cycles\":1000,\"packets\":0}]}";

/* The reply arrives in two reads; the table is the same as from one. */
static void test_stats_cores_split_reply(void **state)
{
	(void)state;
	fake_start(&fake, FAKE_SPLIT, cores_result, 1);
	assert_int_equal(run(fake.path, 0, 5, "stats cores"), CLIENT_EXIT_OK);
	fake_stop(&fake);
	assert_string_equal(out_text, "CORE  LCORE  BUSY%  PACKETS  CYC/PKT\n"
				      "   2      1   37.5  1000000      214\n"
				      "   3      2    0.0        0        -\n");
	assert_string_equal(err_text, "");
}

/* client_call itself: the reply it returns is the one sent, whole. */
static void test_call_returns_reply(void **state)
{
	json_t *req = json_pack("{s:s, s:I, s:s}", "jsonrpc", "2.0", "id", (json_int_t)77, "method",
				"stats.cores");
	json_t *reply, *want = json_loads(cores_result, 0, NULL);
	char msg[256], *line;

	(void)state;
	fake_start(&fake, FAKE_SPLIT, cores_result, 1);
	assert_int_equal(client_call(fake.path, req, 5, &reply, &line, msg, sizeof(msg)),
			 CLIENT_EXIT_OK);
	fake_stop(&fake);
	assert_int_equal(json_integer_value(json_object_get(reply, "id")), 77);
	assert_true(json_equal(json_object_get(reply, "result"), want));
	assert_int_equal(line[strlen(line) - 1], '}');
	json_decref(reply);
	json_decref(req);
	json_decref(want);
	free(line);
}

/* A reply of several hundred KiB comes in many reads. */
static void test_big_reply(void **state)
{
	json_t *ports = json_array(), *result = json_object(), *reply;
	char *body, msg[256], *line;
	json_t *req = json_pack("{s:s, s:I, s:s}", "jsonrpc", "2.0", "id", (json_int_t)1, "method",
				"port.show");

	(void)state;
	for (int i = 0; i < 4000; i++)
		json_array_append_new(ports, json_pack("{s:s, s:s, s:s}", "name", "port-xxxxxxxx",
						       "type", "phy", "detail",
						       "0123456789012345678901234567890123456789"
						       "0123456789012345678901234567890123456789"));
	json_object_set_new(result, "ports", ports);
	body = json_dumps(result, JSON_COMPACT);
	assert_true(strlen(body) > 400000);
	fake_start(&fake, FAKE_RESULT, body, 1);
	assert_int_equal(client_call(fake.path, req, 5, &reply, &line, msg, sizeof(msg)),
			 CLIENT_EXIT_OK);
	fake_stop(&fake);
	assert_true(json_equal(json_object_get(reply, "result"), result));
	json_decref(reply);
	json_decref(result);
	json_decref(req);
	free(body);
	free(line);
}

static void test_error_reply(void **state)
{
	(void)state;
	fake_start(&fake, FAKE_ERROR, "{\"code\":-32001,\"message\":\"no port 'vm9'\"}", 1);
	assert_int_equal(run(fake.path, 0, 5, "port show vm9"), CLIENT_EXIT_ERROR_REPLY);
	fake_stop(&fake);
	assert_string_equal(err_text, "sluicectl: -32001: no port 'vm9'\n");
	assert_string_equal(out_text, "");
}

/* With --json the error reply is on stdout too, as JSON. */
static void test_error_reply_json(void **state)
{
	json_t *reply;

	(void)state;
	fake_start(&fake, FAKE_ERROR, "{\"code\":-32602,\"message\":\"missing param 'type'\"}", 1);
	assert_int_equal(run(fake.path, 1, 5, "port add vm2"), CLIENT_EXIT_ERROR_REPLY);
	fake_stop(&fake);
	assert_string_equal(err_text, "sluicectl: -32602: missing param 'type'\n");
	reply = json_loads(out_text, 0, NULL);
	assert_non_null(reply);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(reply, "error"), "code")), -32602);
	json_decref(reply);
}

static void test_json_output(void **state)
{
	json_t *reply;

	(void)state;
	fake_start(&fake, FAKE_RESULT, "{\"version\":\"0.1.0\",\"dpdk\":\"DPDK 22.11.11\"}", 1);
	assert_int_equal(run(fake.path, 1, 5, "version"), CLIENT_EXIT_OK);
	fake_stop(&fake);
	reply = json_loads(out_text, 0, NULL);
	assert_non_null(reply);
	assert_string_equal(json_string_value(json_object_get(reply, "jsonrpc")), "2.0");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(reply, "result"), "dpdk")),
	    "DPDK 22.11.11");
	json_decref(reply);
}

/* A result the printer does not know comes out as indented JSON. */
static void test_unknown_result_as_json(void **state)
{
	json_t *printed;

	(void)state;
	fake_start(&fake, FAKE_RESULT, "{\"surprise\":[1,2]}", 1);
	assert_int_equal(run(fake.path, 0, 5, "port show"), CLIENT_EXIT_OK);
	fake_stop(&fake);
	assert_contains(out_text, "\n  \"surprise\": [");
	printed = json_loads(out_text, 0, NULL);
	assert_non_null(printed);
	assert_int_equal(
	    json_integer_value(json_array_get(json_object_get(printed, "surprise"), 1)), 2);
	json_decref(printed);
}

static void test_closed_without_reply(void **state)
{
	(void)state;
	fake_start(&fake, FAKE_CLOSE, NULL, 1);
	assert_int_equal(run(fake.path, 0, 5, "version"), CLIENT_EXIT_UNREACHABLE);
	fake_stop(&fake);
	assert_contains(err_text, fake.path);
	assert_contains(err_text, "closed the connection without a reply");
	assert_string_equal(out_text, "");
}

static void test_timeout(void **state)
{
	struct timespec t0, t1;
	double took;

	(void)state;
	fake_start(&fake, FAKE_SILENT, NULL, 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(run(fake.path, 0, 0.3, "version"), CLIENT_EXIT_UNREACHABLE);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fake_stop(&fake);
	took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(took >= 0.25 && took < 3);
	assert_contains(err_text, "no reply from");
	assert_contains(err_text, "within 0.3 s");
}

static void test_wrong_id(void **state)
{
	(void)state;
	fake_start(&fake, FAKE_WRONG_ID, NULL, 1);
	assert_int_equal(run(fake.path, 0, 5, "version"), CLIENT_EXIT_UNREACHABLE);
	fake_stop(&fake);
	assert_contains(err_text, "its id does not match");
}

static void test_line_too_long(void **state)
{
	char want[64];

	(void)state;
	fake_start(&fake, FAKE_ENDLESS, NULL, 1);
	assert_int_equal(run(fake.path, 0, 5, "version"), CLIENT_EXIT_UNREACHABLE);
	fake_stop(&fake);
	snprintf(want, sizeof(want), "longer than %d bytes", CONN_LINE_MAX);
	assert_contains(err_text, want);
}

static void test_nothing_listens(void **state)
{
	char dir[] = "/tmp/sluicectl-test.XXXXXX", path[100];
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sluice.sock", dir);
	assert_int_equal(run(path, 0, 5, "version"), CLIENT_EXIT_UNREACHABLE);
	assert_contains(err_text, "cannot connect to ");
	assert_contains(err_text, path);
	assert_contains(err_text, "No such file or directory");
	assert_contains(err_text, "is sluice running? --socket PATH");

	/* A socket file that nobody listens on: a sluice that died. */
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	output_reset();
	assert_int_equal(run(path, 0, 5, "version"), CLIENT_EXIT_UNREACHABLE);
	assert_contains(err_text, "Connection refused");
	close(fd);
	unlink(path);
	rmdir(dir);
}

/* Usage errors are found before any connection: exit 2, not 3. */
static void test_usage_before_connect(void **state)
{
	(void)state;
	assert_int_equal(run("/nonexistent/sluice.sock", 0, 5, "port add"), CLIENT_EXIT_USAGE);
	assert_string_equal(err_text, "sluicectl: port add: missing NAME\n"
				      "usage: sluicectl port add NAME key=value...\n"
				      "see 'sluicectl port add --help'\n");
	output_reset();
	assert_int_equal(run("/nonexistent/sluice.sock", 0, 5, "bogus"), CLIENT_EXIT_USAGE);
	assert_contains(err_text, "unknown command 'bogus'");
}

static void test_help(void **state)
{
	struct client_options opts = {.socket = "/nonexistent", .timeout = 1, .help = 1};
	char *words[] = {"port", "add"};

	(void)state;
	assert_int_equal(client_run(&opts, 2, words, out, err), CLIENT_EXIT_OK);
	fflush(out);
	assert_contains(out_text, "usage: sluicectl port add NAME key=value...\n");
	assert_contains(out_text, "Example:\n  sluicectl port add vm2 type=vhost");
	assert_null(strstr(out_text, "port del"));
	output_reset();
	assert_int_equal(run("/nonexistent", 0, 1, "help port"), CLIENT_EXIT_OK);
	assert_contains(out_text, "usage: sluicectl port add");
	assert_contains(out_text, "usage: sluicectl port del NAME\n");
	assert_contains(out_text, "usage: sluicectl port show [NAME]\n");
	output_reset();
	assert_int_equal(run("/nonexistent", 0, 1, "help"), CLIENT_EXIT_OK);
	assert_contains(out_text, "  rxq set PORT QUEUE CORE ");
	assert_int_equal(run("/nonexistent", 0, 1, "help nope"), CLIENT_EXIT_USAGE);
}

/* Printers directly: a missing field is a dash, not a crash. */
static void test_missing_fields_are_dashes(void **state)
{
	json_t *r = json_loads("{\"ports\":[{\"name\":\"x\"},7]}", 0, NULL);

	(void)state;
	assert_int_equal(print_ports(out, r), 0);
	json_decref(r);
	r = json_loads("{\"entries\":[{\"network\":\"n\",\"mac\":\"52:54:00:00:00:01\","
		       "\"static\":true}]}",
		       0, NULL);
	assert_int_equal(print_fdb(out, r), 0);
	json_decref(r);
	r = json_loads("{\"ports\":[{\"name\":\"p\",\"rx_packets\":5,"
		       "\"drops\":{\"no-network\":3,\"spoofed-source\":0,\"tx-full\":2}}]}",
		       0, NULL);
	assert_int_equal(print_stats_ports(out, r), 0);
	json_decref(r);
	assert_int_equal(print_ports(out, NULL), -1);
	fflush(out);
	assert_string_equal(out_text, "NAME  TYPE  NETWORK  STATE  MTU  DETAIL\n"
				      "x     -     -        -        -  -\n"
				      "-     -     -        -        -  -\n"
				      "NETWORK  MAC                PORT  TYPE    AGE\n"
				      "n        52:54:00:00:00:01  -     static    -\n"
				      "PORT  RX-PACKETS  RX-BYTES  TX-PACKETS  TX-BYTES  DROPS\n"
				      "p              5         -           -         -      5\n"
				      "    drop no-network: 3\n"
				      "    drop tx-full: 2\n");
}

/* fdb show pages on while the result has "next", sending it back as cursor;
 * a server whose next does not move forward is not followed for ever. */
static void test_paging_stops_when_next_stands_still(void **state)
{
	json_t *params;

	(void)state;
	fake_start(&fake, FAKE_RESULT, "{\"entries\":[],\"next\":0}", 2);
	assert_int_equal(run(fake.path, 0, 5, "fdb show"), CLIENT_EXIT_UNREACHABLE);
	fake_stop(&fake);
	assert_null(json_object_get(fake.requests[0], "params"));
	params = json_object_get(fake.requests[1], "params");
	assert_int_equal(json_integer_value(json_object_get(params, "cursor")), 0);
	assert_true(fake.ids[1] > fake.ids[0]);
	assert_contains(err_text, "'next' does not move forward");
	/* The first page was printed when it came: an empty table. */
	assert_string_equal(out_text, "NETWORK  MAC  PORT  TYPE  AGE\n");
}

/* evpn show --macs pages: each network's MAC lists grow by the later
 * pages'; a network only on a later page is added; a page of another
 * shape is refused. */
static void test_evpn_pages_merge(void **state)
{
	json_t *all = json_loads("{\"networks\":[{\"network\":\"a\",\"remote_macs\":3,"
				 "\"remote\":[{\"mac\":\"m1\"}],\"local\":[]}],\"next\":5}",
				 0, NULL);
	json_t *page = json_loads("{\"networks\":[{\"network\":\"a\",\"remote_macs\":3,"
				  "\"remote\":[{\"mac\":\"m2\"},{\"mac\":\"m3\"}],"
				  "\"local\":[{\"mac\":\"l1\"}]},"
				  "{\"network\":\"b\",\"remote\":[],\"local\":[]}]}",
				  0, NULL);
	json_t *a;

	(void)state;
	assert_int_equal(evpn_page_merge(all, page), 0);
	a = json_array_get(json_object_get(all, "networks"), 0);
	assert_int_equal(json_array_size(json_object_get(a, "remote")), 3);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(json_object_get(a, "remote"), 2), "mac")),
			    "m3");
	assert_int_equal(json_array_size(json_object_get(a, "local")), 1);
	assert_int_equal(json_integer_value(json_object_get(a, "remote_macs")), 3);
	assert_int_equal(json_array_size(json_object_get(all, "networks")), 2);
	assert_int_equal(evpn_page_merge(all, json_object_get(page, "networks")), -1);
	json_decref(page);
	json_decref(all);
}

#define PAGES 20

/* fdb show over many pages: each is printed before the next is asked for
 * (the fake checks, page by page), the table holds every row once, in
 * order, under one header. It used to join every page in memory first. */
static void test_pages_printed_as_they_come(void **state)
{
	char mac[32], *at = NULL;

	(void)state;
	fake_start(&fake, FAKE_PAGES, NULL, PAGES);
	assert_int_equal(run(fake.path, 0, 5, "fdb show"), CLIENT_EXIT_OK);
	fake_stop(&fake);
	for (int i = 1; i < PAGES; i++)
		assert_int_equal(json_integer_value(json_object_get(
				     json_object_get(fake.requests[i], "params"), "cursor")),
				 i * 100);
	assert_int_equal(strncmp(out_text, "NETWORK  MAC", 12), 0);
	assert_null(strstr(out_text + 1, "NETWORK  MAC"));
	at = out_text;
	for (int i = 0; i < PAGES; i++)
		for (int k = 0; k < PAGE_ENTRIES; k++) {
			page_mac(i, k, mac, sizeof(mac));
			at = strstr(at, mac);
			assert_non_null(at);
		}
}

/* --json: the same streaming, and the output is still one reply line: a
 * valid JSON-RPC reply whose entries are every page's, in order. */
static void test_json_pages_stream_one_document(void **state)
{
	json_t *reply, *entries;
	char mac[32];

	(void)state;
	fake_start(&fake, FAKE_PAGES, NULL, PAGES);
	assert_int_equal(run(fake.path, 1, 5, "fdb show"), CLIENT_EXIT_OK);
	fake_stop(&fake);
	assert_non_null(strchr(out_text, '\n'));
	assert_int_equal(strchr(out_text, '\n')[1], '\0');
	reply = json_loads(out_text, 0, NULL);
	assert_non_null(reply);
	assert_int_equal(json_integer_value(json_object_get(reply, "id")), fake.ids[0]);
	assert_null(json_object_get(json_object_get(reply, "result"), "next"));
	entries = json_object_get(json_object_get(reply, "result"), "entries");
	assert_int_equal(json_array_size(entries), PAGES * PAGE_ENTRIES);
	for (int i = 0; i < PAGES; i++)
		for (int k = 0; k < PAGE_ENTRIES; k++) {
			page_mac(i, k, mac, sizeof(mac));
			assert_string_equal(
			    json_string_value(json_object_get(
				json_array_get(entries, (size_t)(i * PAGE_ENTRIES + k)), "mac")),
			    mac);
		}
	json_decref(reply);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_port_show_table, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_request_on_the_wire, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stats_cores_split_reply, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_call_returns_reply, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_big_reply, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_error_reply, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_error_reply_json, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json_output, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_result_as_json, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_closed_without_reply, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wrong_id, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_line_too_long, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_nothing_listens, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_usage_before_connect, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_help, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_fields_are_dashes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_paging_stops_when_next_stands_still, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_pages_printed_as_they_come, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_evpn_pages_merge, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json_pages_stream_one_document, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
