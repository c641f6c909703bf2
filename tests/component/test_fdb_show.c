/* fdb show of a large table (issue 11, finding 6): 50,000 entries answered in
 * one line exceed the control socket's 4 MiB reply cap (and sluicectl's
 * 1 MiB line), and the operator's own client was cut off. fdb.show now
 * answers a page at a time; the real sluicectl binary, talking to the real
 * control socket served by a thread here, pages through all of it. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../control/commands.h"
#include "../../control/socket.h"
#include "harness.h"

#define N_ENTRIES 50000

static struct ring_port pa;
static struct datapath *dp;
static struct control ctl;
static struct ctl_server *server;
static pthread_t server_thread;
static int stop;
static char dir[64], sock[128];

static void *serve(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED))
		ctl_server_poll(server, &ctl, 20);
	return NULL;
}

/* Entry i's MAC: 02:00 then i in the last four bytes. */
static void mac_of(uint32_t i, uint8_t mac[6])
{
	mac[0] = 0x02;
	mac[1] = 0x00;
	mac[2] = (uint8_t)(i >> 24);
	mac[3] = (uint8_t)(i >> 16);
	mac[4] = (uint8_t)(i >> 8);
	mac[5] = (uint8_t)i;
}

/* i from a MAC text made by mac_of, or -1. */
static long index_of(const char *text)
{
	unsigned b[6];

	if (sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) !=
		6 ||
	    b[0] != 2 || b[1] != 0)
		return -1;
	return (long)((uint32_t)b[2] << 24 | b[3] << 16 | b[4] << 8 | b[5]);
}

static int setup(void **state)
{
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char text[1024], err[512];
	int port;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/sluice-test-fdbshow-%d", (int)getpid());
	snprintf(sock, sizeof(sock), "%s/ctl.sock", dir);
	if (mkdir(dir, 0700) < 0)
		return -1;
	if (harness_eal_init("test_fdb_show") < 0 || harness_ring_port(&pa, "fa", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\nfdb-entries = 65536\n"
		 "[control]\nsocket = %s\n"
		 "[network n]\ntype = flat\n"
		 "[port a]\ntype = phy\ndevargs = %s\nnetwork = n\n",
		 sock, pa.devargs);
	if (harness_config(text, &cfg) < 0)
		return -1;
	dp = datapath_create(&cfg, NULL, err, sizeof(err));
	if (!dp) {
		fprintf(stderr, "datapath_create: %s\n", err);
		return -1;
	}
	ctl.dp = dp;
	port = datapath_find_port(dp, "a");
	for (uint32_t i = 0; i < N_ENTRIES; i++) {
		struct fdb_key key;
		uint8_t mac[6];

		mac_of(i, mac);
		fdb_key_set(&key, mac, dp->ports[port].network);
		if (fdb_learn(&dp->fdb, &key, (uint16_t)port, 0, true, 0) < 0) {
			fprintf(stderr, "fdb full at %u\n", i);
			return -1;
		}
	}
	server = ctl_server_open(&cfg.control, err, sizeof(err));
	if (!server) {
		fprintf(stderr, "ctl_server_open: %s\n", err);
		return -1;
	}
	return pthread_create(&server_thread, NULL, serve, NULL) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	pthread_join(server_thread, NULL);
	ctl_server_close(server);
	datapath_destroy(dp);
	harness_eal_cleanup();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Runs sluicectl with args; returns its whole stdout (malloc'd) and its exit
 * status in *status. */
static char *sluicectl(const char *args, int *status)
{
	char cmd[512], *text = NULL;
	size_t len = 0, cap = 0, n;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "%s --socket %s --timeout 60 %s", SLUICECTL, sock, args);
	p = popen(cmd, "r");
	assert_non_null(p);
	do {
		if (len + 65536 + 1 > cap) {
			cap = cap ? cap * 2 : 1 << 20;
			text = realloc(text, cap);
			assert_non_null(text);
		}
		n = fread(text + len, 1, 65536, p);
		len += n;
	} while (n > 0);
	text[len] = '\0';
	*status = pclose(p);
	return text;
}

/* Marks entry i seen; fails on an unknown MAC or one seen twice. */
static void see(char *seen, const char *mac)
{
	long i = index_of(mac);

	if (i < 0 || i >= N_ENTRIES || seen[i])
		fprintf(stderr, "unexpected or repeated MAC %s\n", mac);
	assert_true(i >= 0 && i < N_ENTRIES);
	assert_int_equal(seen[i], 0);
	seen[i] = 1;
}

static void test_table_lists_every_entry(void **state)
{
	char *seen = calloc(N_ENTRIES, 1), *out, *line, *save = NULL, net[64], mac[64];
	int status, rows = 0;

	(void)state;
	out = sluicectl("fdb show", &status);
	if (status != 0)
		fprintf(stderr, "sluicectl fdb show exited %d after %zu bytes\n", status,
			strlen(out));
	assert_int_equal(status, 0);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "NETWORK", 7) == 0)
			continue;
		assert_int_equal(sscanf(line, "%63s %63s", net, mac), 2);
		assert_string_equal(net, "n");
		see(seen, mac);
		rows++;
	}
	assert_int_equal(rows, N_ENTRIES);
	free(out);
	free(seen);
}

static void test_json_lists_every_entry(void **state)
{
	char *seen = calloc(N_ENTRIES, 1), *out;
	json_t *reply, *result, *entries, *e;
	json_error_t jerr;
	int status;
	size_t i;

	(void)state;
	out = sluicectl("--json fdb show n", &status);
	assert_int_equal(status, 0);
	/* One reply line, as for every other command. */
	assert_non_null(strchr(out, '\n'));
	assert_int_equal(strchr(out, '\n')[1], '\0');
	reply = json_loads(out, 0, &jerr);
	assert_non_null(reply);
	result = json_object_get(reply, "result");
	assert_null(json_object_get(result, "next"));
	entries = json_object_get(result, "entries");
	assert_int_equal(json_array_size(entries), N_ENTRIES);
	json_array_foreach(entries, i, e)
	{
		see(seen, json_string_value(json_object_get(e, "mac")));
	}
	json_decref(reply);
	free(out);
	free(seen);
}

static json_t *call(const char *line)
{
	char *reply = command_dispatch(&ctl, line, strlen(line));
	json_t *j = json_loads(reply, 0, NULL);

	free(reply);
	assert_non_null(j);
	return j;
}

/* The protocol itself: pages of limit entries, each continuing where the
 * last stopped, together the whole table once. Served here on the test
 * thread: the server thread is idle between sluicectl runs, but pause it to
 * keep one thread on the control state. */
static void test_pages_cover_table_once(void **state)
{
	char *seen = calloc(N_ENTRIES, 1), line[256];
	long long cursor = 0;
	int pages = 0, total = 0;

	(void)state;
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	pthread_join(server_thread, NULL);
	for (;;) {
		json_t *r, *result, *entries, *e, *next;
		size_t i;

		snprintf(line, sizeof(line),
			 "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fdb.show\",\"params\":"
			 "{\"limit\":3000,\"cursor\":%lld}}",
			 cursor);
		r = call(line);
		result = json_object_get(r, "result");
		assert_non_null(result);
		entries = json_object_get(result, "entries");
		next = json_object_get(result, "next");
		json_array_foreach(entries, i, e)
		{
			see(seen, json_string_value(json_object_get(e, "mac")));
		}
		total += (int)json_array_size(entries);
		pages++;
		if (!next) {
			json_decref(r);
			break;
		}
		assert_int_equal(json_array_size(entries), 3000);
		assert_true(json_integer_value(next) > cursor);
		cursor = json_integer_value(next);
		json_decref(r);
	}
	assert_int_equal(total, N_ENTRIES);
	assert_int_equal(pages, (N_ENTRIES + 2999) / 3000);
	free(seen);
	__atomic_store_n(&stop, 0, __ATOMIC_RELAXED);
	assert_int_equal(pthread_create(&server_thread, NULL, serve, NULL), 0);
}

static void test_page_limits(void **state)
{
	char line[256];
	json_t *r;

	(void)state;
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	pthread_join(server_thread, NULL);
	/* Without a limit: the largest page. */
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fdb.show\"}");
	assert_int_equal(json_array_size(json_object_get(json_object_get(r, "result"), "entries")),
			 FDB_SHOW_LIMIT_MAX);
	assert_true(json_is_integer(json_object_get(json_object_get(r, "result"), "next")));
	json_decref(r);
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fdb.show\",\"params\":{\"limit\":0}}");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "error"), "code")),
			 -32602);
	json_decref(r);
	snprintf(line, sizeof(line),
		 "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fdb.show\",\"params\":"
		 "{\"limit\":%d}}",
		 FDB_SHOW_LIMIT_MAX + 1);
	r = call(line);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "error"), "code")),
			 -32602);
	json_decref(r);
	/* A cursor past the end: an empty last page. */
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fdb.show\",\"params\":"
		 "{\"cursor\":4000000000}}");
	assert_int_equal(json_array_size(json_object_get(json_object_get(r, "result"), "entries")),
			 0);
	assert_null(json_object_get(json_object_get(r, "result"), "next"));
	json_decref(r);
	__atomic_store_n(&stop, 0, __ATOMIC_RELAXED);
	assert_int_equal(pthread_create(&server_thread, NULL, serve, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_lists_every_entry),
	    cmocka_unit_test(test_json_lists_every_entry),
	    cmocka_unit_test(test_pages_cover_table_once),
	    cmocka_unit_test(test_page_limits),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
