/* reload against a running datapath: two PMDs (lcores 1 and 2, both on CPU 1)
 * forward between an untouched pair of ring ports a and b while the test
 * thread, in the control thread's role, reloads the config file: ports and
 * networks added, removed and changed, a dry run, a refused reload, a broken
 * file and one whose last step fails. The pair must lose nothing, and what
 * does not apply must leave everything as it was. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <rte_cycles.h>

#include "../../control/commands.h"
#include "../../control/reload.h"
#include "harness.h"

#define MAC_A "02:00:00:00:02:0a"
#define MAC_B "02:00:00:00:02:0b"

static struct ring_port pa, pb;
static struct datapath *dp;
static struct control ctl;
static char dir[64], file[128];

/* The file sluice started with; each case rewrites it. BASE is followed by
 * what a case adds. */
#define DATAPLANE "[dataplane]\nworker-cores = 1,2\n"
static const char *base_fmt = "[network keep]\ntype = flat\n"
			      "[port a]\ntype = phy\ndevargs = %s\nnetwork = keep\n"
			      "[port b]\ntype = phy\ndevargs = %s\nnetwork = keep\n";
/* A VTEP (no tunnel network needs it here) for [vtep] neighbours; %s: its
 * neighbours line. */
#define VTEP_FMT                                                                                   \
	"[vtep]\naddress = 198.18.0.1/24\nport = v\n%s"                                            \
	"[port v]\ntype = phy\ndevargs = net_ring_lv0\n"
static const char *neighbours = "";

/* Writes DATAPLANE (or dataplane), the pair and tail to the file. */
static void write_config(const char *dataplane, const char *tail)
{
	FILE *f = fopen(file, "w");

	assert_non_null(f);
	fputs(dataplane ? dataplane : DATAPLANE, f);
	fprintf(f, base_fmt, pa.devargs, pb.devargs);
	fprintf(f, VTEP_FMT, neighbours);
	fputs(tail, f);
	assert_int_equal(fclose(f), 0);
}

/* The line of the file that is text. */
static int line_of_text(const char *text)
{
	FILE *f = fopen(file, "r");
	char line[512];
	int n = 0, found = -1;

	assert_non_null(f);
	while (found < 0 && fgets(line, sizeof(line), f)) {
		n++;
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, text) == 0)
			found = n;
	}
	fclose(f);
	assert_true(found > 0);
	return found;
}

static json_t *call(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static json_t *call(const char *fmt, ...)
{
	char line[4096], *reply;
	json_t *j;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	reply = command_dispatch(&ctl, line, strlen(line));
	assert_non_null(reply);
	j = json_loads(reply, 0, NULL);
	if (!j)
		fprintf(stderr, "bad reply: %s", reply);
	assert_non_null(j);
	free(reply);
	return j;
}

static const char *message_of(json_t *reply)
{
	const char *m =
	    json_string_value(json_object_get(json_object_get(reply, "error"), "message"));

	return m ? m : "";
}

/* The reload's result; fails the test on an error reply. */
static json_t *reload_ok(const char *params)
{
	json_t *r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"reload\"%s%s}",
			 params ? ",\"params\":" : "", params ? params : "");
	json_t *result = json_incref(json_object_get(r, "result"));

	if (!result)
		fail_msg("reload failed: %s", message_of(r));
	json_decref(r);
	return result;
}

/* Whether the change list holds exactly this line. */
static bool has_change(const json_t *result, const char *text)
{
	size_t i;
	const json_t *c;

	json_array_foreach(json_object_get(result, "changes"), i, c)
	{
		if (strcmp(json_string_value(json_object_get(c, "text")), text) == 0)
			return true;
	}
	return false;
}

static void expect_change(const json_t *result, const char *text)
{
	if (!has_change(result, text)) {
		char *all = json_dumps(json_object_get(result, "changes"), JSON_INDENT(1));

		fail_msg("no change '%s' in %s", text, all);
	}
}

static int port_index(const char *name)
{
	int i = datapath_find_port(dp, name);

	return i >= 0 && datapath_port_in_use(dp, (uint16_t)i) ? i : -1;
}

/* What a failed reload must leave alone, taken before and compared after. */
struct snapshot {
	const struct fwd_view *view;
	struct sluice_config cfg;
};

static struct snapshot before;

static void snapshot_take(struct snapshot *s)
{
	s->view = dp->view;
	s->cfg = dp->desired.cfg;
}

static void expect_unchanged(const struct snapshot *s)
{
	/* Nothing was published, and the desired state is byte for byte the same. */
	assert_ptr_equal(dp->view, s->view);
	assert_memory_equal(&dp->desired.cfg, &s->cfg, sizeof(s->cfg));
}

struct traffic {
	volatile int stop;
	uint64_t sent, received;
};

static struct traffic traffic;
static pthread_t traffic_thread;

/* Sends A->B into port a and counts what leaves port b (as test_control). */
static void *traffic_main(void *arg)
{
	struct traffic *t = arg;
	uint64_t deadline = 0;

	for (;;) {
		struct rte_mbuf *m;
		int stopping = t->stop;

		if (stopping && deadline == 0)
			deadline = rte_get_tsc_cycles() + 5 * rte_get_tsc_hz();
		if (stopping && (t->received >= t->sent || rte_get_tsc_cycles() > deadline))
			break;
		if (!stopping && rte_ring_free_count(pa.rx) > 64) {
			for (int i = 0; i < 32; i++) {
				m = harness_frame(MAC_B, MAC_A, 64);
				if (!m)
					break;
				if (rte_ring_enqueue(pa.rx, m) < 0) {
					rte_pktmbuf_free(m);
					break;
				}
				t->sent++;
			}
		}
		while ((m = harness_take(&pb)) != NULL) {
			t->received++;
			rte_pktmbuf_free(m);
		}
		usleep(50);
	}
	return NULL;
}

static int setup(void **state)
{
	struct config_host host = {0};
	struct sluice_config *cfg = calloc(1, sizeof(*cfg));
	char err[1024];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/sluice-test-reload-%d", (int)getpid());
	snprintf(file, sizeof(file), "%s/sluice.ini", dir);
	if (!cfg || mkdir(dir, 0755) < 0)
		return -1;
	if (harness_eal_init_lcores("test_reload", "0@0,1@1,2@1") < 0 ||
	    harness_ring_port(&pa, "la", 1024) < 0 || harness_ring_port(&pb, "lb", 4096) < 0)
		return -1;
	for (int i = 0; i < 64; i++)
		host.cpu_online[i] = true;
	{
		FILE *f = fopen(file, "w");

		if (!f)
			return -1;
		fputs(DATAPLANE, f);
		fprintf(f, base_fmt, pa.devargs, pb.devargs);
		fprintf(f, VTEP_FMT, neighbours);
		fputs("[network old]\ntype = flat\n"
		      "[port c]\ntype = phy\ndevargs = net_ring_lc0\nnetwork = old\n"
		      "[port d]\ntype = phy\ndevargs = net_ring_ld0\nnetwork = keep\n",
		      f);
		fclose(f);
	}
	/* As main() does: the file through config_load, so dp->desired.cfg.file names it. */
	if (config_load(file, &host, cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "config: %s\n", err);
		return -1;
	}
	dp = datapath_create(cfg, &host, err, sizeof(err));
	free(cfg);
	if (!dp) {
		fprintf(stderr, "datapath_create: %s\n", err);
		return -1;
	}
	ctl.dp = dp;
	if (datapath_launch(dp) < 0)
		return -1;
	/* B answers once so A->B is unicast, then traffic runs through every case. */
	harness_inject(&pb, harness_frame(MAC_A, MAC_B, 64));
	rte_delay_ms(50);
	datapath_tick(dp); /* the control thread's part: learn B on port b */
	harness_drain(&pa);
	return pthread_create(&traffic_thread, NULL, traffic_main, &traffic) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	datapath_destroy(dp);
	harness_eal_cleanup();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The same file again: nothing to do, nothing published. */
static void test_same_file_changes_nothing(void **state)
{
	json_t *r;

	(void)state;
	snapshot_take(&before);
	r = reload_ok(NULL);
	assert_int_equal(json_array_size(json_object_get(r, "changes")), 0);
	assert_string_equal(json_string_value(json_object_get(r, "file")), file);
	json_decref(r);
	expect_unchanged(&before);
}

static void test_dry_run_changes_nothing(void **state)
{
	json_t *r;

	(void)state;
	write_config(NULL, "[network old]\ntype = flat\n"
			   "[port c]\ntype = phy\ndevargs = net_ring_lc0\nnetwork = old\n"
			   "[port d]\ntype = phy\ndevargs = net_ring_ld0\nnetwork = keep\n"
			   "[port f]\ntype = phy\ndevargs = net_ring_lf0\nnetwork = keep\n");
	snapshot_take(&before);
	r = reload_ok("{\"dry_run\":true}");
	assert_true(json_is_true(json_object_get(r, "dry_run")));
	expect_change(r, "+ port f (type phy, network keep)");
	json_decref(r);
	expect_unchanged(&before);
	assert_int_equal(port_index("f"), -1);
}

/* Added, removed, changed in place and re-created, all in one reload. */
static void test_add_remove_change(void **state)
{
	int a = port_index("a"), b = port_index("b");
	int keep = datapath_find_network(dp, "keep");
	uint64_t a_rx = harness_rx_packets(dp, "a");
	json_t *r;

	(void)state;
	assert_true(a >= 0 && b >= 0 && keep >= 0);
	assert_int_equal(harness_fdb_port(dp, "keep", MAC_B), b);
	/* mac-aging is [network keep]'s: this file is written in full. */
	{
		FILE *f = fopen(file, "w");

		assert_non_null(f);
		fprintf(f,
			DATAPLANE
			"[network keep]\ntype = flat\nmac-aging = 60\n"
			"[port a]\ntype = phy\ndevargs = %s\nnetwork = keep\n"
			"[port b]\ntype = phy\ndevargs = %s\nnetwork = keep\n"
			"[network new]\ntype = flat\n"
			"[port d]\ntype = phy\ndevargs = net_ring_ld0\nnetwork = keep\n"
			"rx-descriptors = 512\n"
			"[port e]\ntype = phy\ndevargs = net_ring_le0\nnetwork = new\n" VTEP_FMT,
			pa.devargs, pb.devargs, neighbours);
		assert_int_equal(fclose(f), 0);
	}
	r = reload_ok(NULL);
	expect_change(r, "~ network keep: mac-aging 300 -> 60");
	expect_change(r, "- network old");
	expect_change(r, "- port c");
	expect_change(r, "~ port d: rx-descriptors 1024 -> 512 (re-created)");
	expect_change(r, "+ network new (type flat)");
	expect_change(r, "+ port e (type phy, network new)");
	assert_int_equal(json_array_size(json_object_get(r, "changes")), 6);
	assert_false(json_is_true(json_object_get(r, "dry_run")));
	json_decref(r);

	assert_int_equal(port_index("c"), -1);
	assert_int_equal(datapath_find_network(dp, "old"), -1);
	assert_true(port_index("e") >= 0);
	assert_int_equal(dp->ports[port_index("e")].network, datapath_find_network(dp, "new"));
	assert_int_equal(dp->desired.cfg.ports[port_index("d")].rx_descriptors, 512);
	assert_int_equal(dp->aging[keep], 60);
	/* The untouched ports kept their slots, counters and learned MACs. */
	assert_int_equal(port_index("a"), a);
	assert_int_equal(port_index("b"), b);
	assert_true(harness_rx_packets(dp, "a") >= a_rx);
	assert_int_equal(harness_fdb_port(dp, "keep", MAC_B), b);
	assert_int_equal(datapath_find_network(dp, "keep"), keep);
}

static void test_restart_key_refused(void **state)
{
	json_t *r;

	(void)state;
	/* Worker cores changed, and port e dropped: neither applies. */
	write_config("[dataplane]\nworker-cores = 1,2,3\n", "[network new]\ntype = flat\n");
	snapshot_take(&before);
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"reload\"}");
	assert_string_equal(message_of(r), "reload refused: [dataplane] worker-cores changed "
					   "(1,2 -> 1,2,3): needs a restart; nothing changed");
	json_decref(r);
	expect_unchanged(&before);
	assert_true(port_index("e") >= 0);
}

static void test_broken_file_refused(void **state)
{
	char want[256];
	json_t *r;

	(void)state;
	/* An unknown key in [port e]; the rest would remove port d. */
	write_config(NULL, "[network new]\ntype = flat\n"
			   "[port e]\ntype = phy\ndevargs = net_ring_le0\nnetwork = new\n"
			   "colour = blue\n");
	snapshot_take(&before);
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"reload\"}");
	snprintf(want, sizeof(want), "reload failed: %s:%d: key 'colour': unknown in [port]", file,
		 line_of_text("colour = blue"));
	if (strncmp(message_of(r), want, strlen(want)) != 0)
		fail_msg("'%s' does not start with '%s'", message_of(r), want);
	assert_non_null(strstr(message_of(r), "; nothing changed"));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "error"), "code")),
			 -32602);
	json_decref(r);
	expect_unchanged(&before);
	assert_true(port_index("d") >= 0);

	/* A file that is not there. */
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"reload\",\"params\":"
		 "{\"path\":\"%s/missing.ini\"}}",
		 dir);
	assert_non_null(strstr(message_of(r), "missing.ini: cannot open"));
	json_decref(r);
	expect_unchanged(&before);
}

/* The last step fails (a device no driver knows): the steps before it, port
 * e removed and port d re-created, are undone. */
static void test_failed_step_undone(void **state)
{
	json_t *r;

	(void)state;
	/* keep's mac-aging goes back to 300 (in place), network h comes. */
	write_config(NULL, "[network new]\ntype = flat\n[network h]\ntype = flat\n"
			   "[port d]\ntype = phy\ndevargs = net_ring_ld0\nnetwork = keep\n"
			   "rx-descriptors = 256\n"
			   "[port g]\ntype = phy\ndevargs = net_nosuchdriver0\nnetwork = new\n");
	snapshot_take(&before);
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"reload\"}");
	assert_non_null(strstr(message_of(r), "reload failed: port 'g': cannot probe device "
					      "'net_nosuchdriver0'"));
	assert_non_null(strstr(message_of(r), "the changes made before it were undone"));
	json_decref(r);
	assert_int_equal(port_index("g"), -1);
	assert_int_equal(datapath_find_network(dp, "h"), -1);
	assert_int_equal(dp->aging[datapath_find_network(dp, "keep")], 60);
	assert_int_equal(dp->desired.cfg.networks[datapath_find_network(dp, "keep")].mac_aging, 60);
	assert_true(port_index("e") >= 0);
	assert_int_equal(dp->desired.cfg.ports[port_index("d")].rx_descriptors, 512);
	assert_int_equal(dp->ports[port_index("e")].network, datapath_find_network(dp, "new"));
	assert_int_equal(dp->ports[port_index("d")].network, datapath_find_network(dp, "keep"));
}

/* [vtep] neighbours: each added, changed and removed as by neighbour.add and
 * neighbour.del; one added at run time is not the file's and stays. */
static void test_neighbours(void **state)
{
	const char *tail = "[network new]\ntype = flat\n"
			   "[port d]\ntype = phy\ndevargs = net_ring_ld0\nnetwork = keep\n"
			   "rx-descriptors = 512\n"
			   "[port e]\ntype = phy\ndevargs = net_ring_le0\nnetwork = new\n";
	uint8_t mac[6];
	uint32_t ip2, ip3, ip9;
	json_t *r;
	char why[64];

	(void)state;
	assert_int_equal(schema_parse_ipv4("198.18.0.2", &ip2, why, sizeof(why)), 0);
	assert_int_equal(schema_parse_ipv4("198.18.0.3", &ip3, why, sizeof(why)), 0);
	assert_int_equal(schema_parse_ipv4("198.18.0.9", &ip9, why, sizeof(why)), 0);
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"neighbour.add\",\"params\":"
		 "{\"address\":\"198.18.0.9\",\"mac\":\"02:00:00:00:00:09\"}}");
	assert_null(json_object_get(r, "error"));
	json_decref(r);

	neighbours = "neighbours = 198.18.0.2 02:00:00:00:00:02, 198.18.0.3 02:00:00:00:00:03\n";
	write_config(NULL, tail);
	r = reload_ok(NULL);
	expect_change(r, "+ neighbour 198.18.0.2 (mac 02:00:00:00:00:02)");
	expect_change(r, "+ neighbour 198.18.0.3 (mac 02:00:00:00:00:03)");
	/* keep's mac-aging, left at 60 by the cases above, is the default again. */
	expect_change(r, "~ network keep: mac-aging 60 -> 300");
	assert_int_equal(json_array_size(json_object_get(r, "changes")), 3);
	json_decref(r);
	assert_true(neigh_lookup(&dp->neigh, ip2, mac));
	assert_int_equal(mac[5], 2);
	assert_true(neigh_find(&dp->neigh, ip2)->is_static);

	neighbours = "neighbours = 198.18.0.3 02:00:00:00:00:33\n";
	write_config(NULL, tail);
	r = reload_ok(NULL);
	expect_change(r, "- neighbour 198.18.0.2");
	expect_change(r, "~ neighbour 198.18.0.3: mac 02:00:00:00:00:03 -> 02:00:00:00:00:33");
	assert_int_equal(json_array_size(json_object_get(r, "changes")), 2);
	json_decref(r);
	assert_false(neigh_lookup(&dp->neigh, ip2, mac));
	assert_true(neigh_lookup(&dp->neigh, ip3, mac));
	assert_int_equal(mac[5], 0x33);
	/* Not in any file: left alone. */
	assert_true(neigh_lookup(&dp->neigh, ip9, mac));
	assert_int_equal(dp->desired.cfg.vtep.neighbours.n, 1);
}

/* The log lines of a reload: a line per change, or the reason. */
static void test_log_lines(void **state)
{
	static struct config_diff d;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	(void)state;
	d.n = 2;
	d.entries[0] = (struct diff_entry){.object = DIFF_PORT, .op = DIFF_REMOVE, .name = "c"};
	d.entries[1] = (struct diff_entry){
	    .object = DIFF_NETWORK, .op = DIFF_CHANGE, .how = DIFF_IN_PLACE, .name = "keep"};
	snprintf(d.entries[1].detail, sizeof(d.entries[1].detail), "mac-aging 300 -> 60");
	out = open_memstream(&text, &len);
	reload_log(out, "SIGHUP", "/etc/s.ini", RELOAD_OK, &d, "");
	reload_log(out, "control socket", "/etc/s.ini", RELOAD_REFUSED, &d,
		   "reload refused: [dataplane] mbufs changed (0 -> 9000): needs a restart; "
		   "nothing changed");
	fclose(out);
	assert_string_equal(text, "sluice: reload of /etc/s.ini (SIGHUP)\n"
				  "sluice: reload: - port c\n"
				  "sluice: reload: ~ network keep: mac-aging 300 -> 60\n"
				  "sluice: reload done: 2 changes\n"
				  "sluice: reload of /etc/s.ini (control socket)\n"
				  "sluice: reload refused: [dataplane] mbufs changed (0 -> 9000): "
				  "needs a restart; nothing changed\n");
	free(text);
}

/* Last: stop the traffic and count. Nothing sent from a to b was lost. */
static void test_pair_lost_nothing(void **state)
{
	(void)state;
	traffic.stop = 1;
	pthread_join(traffic_thread, NULL);
	printf("   sent %llu, received %llu across the reloads\n", (unsigned long long)traffic.sent,
	       (unsigned long long)traffic.received);
	assert_true(traffic.sent > 100);
	assert_int_equal(traffic.received, traffic.sent);
}

/* Keys a running port changes live (port.set) reload in place: the port
 * is not closed, and its new rules are in the published view. */
static void test_port_security_in_place(void **state)
{
	const char *port_fmt = "[port s]\ntype = vhost\nsocket = %s/s.sock\nmode = server\n"
			       "network = keep\nmac = 02:00:00:00:02:0c\n%s";
	char tail[512];
	json_t *r;
	int s;

	(void)state;
	snprintf(tail, sizeof(tail), port_fmt, dir, "");
	write_config(NULL, tail);
	json_decref(reload_ok(NULL));
	s = port_index("s");
	assert_true(s >= 0);
	assert_true(dp->view->port_security[s].enabled);
	assert_int_equal(dp->view->port_security[s].n_v4, 0);
	snprintf(tail, sizeof(tail), port_fmt, dir, "ips = 198.18.0.12\n");
	write_config(NULL, tail);
	r = reload_ok(NULL);
	expect_change(r, "~ port s: ips none -> 198.18.0.12");
	assert_int_equal(json_array_size(json_object_get(r, "changes")), 1);
	json_decref(r);
	assert_int_equal(port_index("s"), s);
	assert_int_equal(dp->view->port_security[s].n_v4, 1);
}

/* What rxq.auto sets live is [dataplane] config, but no restart key: a
 * reload of the file after it applies the file's values in place, where
 * it used to be refused as "[dataplane] rebalance changed: needs a
 * restart". A live pin (rxq.set) is no config key: the same reload keeps
 * it and reports nothing for it. */
static void test_live_rxq_settings_reload(void **state)
{
	const struct dataplane_config *c = &dp->desired.cfg.dataplane;
	int a = port_index("a");
	json_t *r;

	(void)state;
	json_decref(reload_ok(NULL));
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rxq.auto\",\"params\":"
		 "{\"rebalance\":\"off\",\"rebalance-interval\":7,\"pmd-sleep-max\":50}}");
	assert_non_null(json_object_get(r, "result"));
	json_decref(r);
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rxq.set\",\"params\":"
		 "{\"port\":\"a\",\"queue\":0,\"core\":2}}");
	assert_non_null(json_object_get(r, "result"));
	json_decref(r);
	assert_int_equal(dp->desired.rxq_pin[a][0], 1);

	r = reload_ok(NULL);
	expect_change(r, "~ dataplane: rebalance off -> auto, rebalance-interval 7 -> 60, "
			 "pmd-sleep-max 50 -> 0");
	assert_int_equal(json_array_size(json_object_get(r, "changes")), 1);
	json_decref(r);
	assert_int_equal(c->rebalance, REBALANCE_AUTO);
	assert_int_equal(c->rebalance_interval, 60);
	assert_int_equal(c->pmd_sleep_max, 0);
	assert_int_equal(dp->desired.rxq_pin[a][0], 1);
	/* Once more: nothing left to change. */
	r = reload_ok(NULL);
	assert_int_equal(json_array_size(json_object_get(r, "changes")), 0);
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_file_changes_nothing),
	    cmocka_unit_test(test_dry_run_changes_nothing),
	    cmocka_unit_test(test_add_remove_change),
	    cmocka_unit_test(test_restart_key_refused),
	    cmocka_unit_test(test_broken_file_refused),
	    cmocka_unit_test(test_failed_step_undone),
	    cmocka_unit_test(test_neighbours),
	    cmocka_unit_test(test_log_lines),
	    cmocka_unit_test(test_pair_lost_nothing),
	    cmocka_unit_test(test_port_security_in_place),
	    cmocka_unit_test(test_live_rxq_settings_reload),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
