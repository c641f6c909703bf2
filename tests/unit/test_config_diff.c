/* config_diff(): two configs in, the changes and the restart keys out, and
 * the text a reload prints for them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../control/config_diff.h"
#include "../../control/dataplane_live.h"

static struct config_host host;
static struct sluice_config a, b;
static struct config_diff diff;

#define DATAPLANE "[dataplane]\nworker-cores = 2\n"
#define VTEP                                                                                       \
	"[vtep]\naddress = 198.18.0.1/24\nport = u\n[port u]\ntype = phy\ndevargs = net_ring0\n"

static void load(struct sluice_config *cfg, const char *text)
{
	char err[1024];

	if (config_load_string("t.ini", text, &host, cfg, err, sizeof(err)) < 0)
		fail_msg("config rejected: %s\n%s", err, text);
}

static void run(const char *before, const char *after)
{
	load(&a, before);
	load(&b, after);
	config_diff(&a, &b, &diff);
}

/* The entry's line, as sluicectl and the log print it. */
static const char *line(uint32_t i)
{
	static char text[DIFF_TEXT_MAX + 64];

	assert_true(i < diff.n);
	config_diff_entry_text(&diff.entries[i], text, sizeof(text));
	return text;
}

static const struct diff_entry *find(enum diff_object object, const char *name)
{
	for (uint32_t i = 0; i < diff.n; i++)
		if (diff.entries[i].object == object && strcmp(diff.entries[i].name, name) == 0)
			return &diff.entries[i];
	fail_msg("no change of %s", name);
	return NULL;
}

static int setup(void **state)
{
	(void)state;
	for (int c = 0; c < 8; c++)
		host.cpu_online[c] = true;
	return 0;
}

static void test_same_file_no_changes(void **state)
{
	const char *text =
	    DATAPLANE VTEP "[network n]\ntype = vxlan\nvni = 5\nflood = 198.18.0.2\n"
			   "[port v]\ntype = vhost\nsocket = /tmp/v.sock\nnetwork = n\n";
	char refusal[256];

	(void)state;
	run(text, text);
	assert_int_equal(diff.n, 0);
	assert_int_equal(diff.n_restart, 0);
	assert_int_equal(config_diff_refusal(&diff, refusal, sizeof(refusal)), 0);
	assert_string_equal(refusal, "");
}

static void test_ports_added_removed_changed(void **state)
{
	(void)state;
	run(DATAPLANE "[network n]\ntype = flat\n"
		      "[port p]\ntype = phy\ndevargs = net_ring0\nnetwork = n\n"
		      "[port gone]\ntype = vhost\nsocket = /tmp/g.sock\nnetwork = n\n"
		      "[port same]\ntype = vhost\nsocket = /tmp/s.sock\nnetwork = n\n",
	    DATAPLANE "[network n]\ntype = flat\n"
		      "[port p]\ntype = phy\ndevargs = net_ring0\nnetwork = n\nmtu = 9000\n"
		      "rx-queues = 2\n"
		      "[port same]\ntype = vhost\nsocket = /tmp/s.sock\nnetwork = n\n"
		      "[port new]\ntype = vhost\nsocket = /tmp/n.sock\nnetwork = n\n");
	assert_int_equal(diff.n_restart, 0);
	assert_int_equal(diff.n, 3);
	assert_int_equal(find(DIFF_PORT, "gone")->op, DIFF_REMOVE);
	assert_int_equal(find(DIFF_PORT, "p")->op, DIFF_CHANGE);
	assert_int_equal(find(DIFF_PORT, "p")->how, DIFF_RECREATE);
	assert_string_equal(find(DIFF_PORT, "p")->detail, "rx-queues 1 -> 2, mtu 0 -> 9000");
	assert_int_equal(find(DIFF_PORT, "new")->op, DIFF_ADD);
	/* In the running config's order, then the additions. */
	assert_string_equal(line(0), "~ port p: rx-queues 1 -> 2, mtu 0 -> 9000 (re-created)");
	assert_string_equal(line(1), "- port gone");
	assert_string_equal(line(2), "+ port new (type vhost, network n)");
}

static void test_port_moves_network(void **state)
{
	(void)state;
	run(DATAPLANE "[network x]\ntype = flat\n[network y]\ntype = flat\n"
		      "[port v]\ntype = vhost\nsocket = /tmp/v.sock\nnetwork = x\n",
	    DATAPLANE "[network x]\ntype = flat\n[network y]\ntype = flat\n"
		      "[port v]\ntype = vhost\nsocket = /tmp/v.sock\nnetwork = y\nmac = "
		      "02:00:00:00:00:01\n");
	assert_int_equal(diff.n, 1);
	assert_string_equal(line(0), "~ port v: network x -> y, mac none -> 02:00:00:00:00:01 "
				     "(re-created)");
}

/* Keys a running port changes live (port.set): updated in place. */
static void test_port_security_in_place(void **state)
{
	(void)state;
	run(DATAPLANE "[network x]\ntype = flat\n"
		      "[port v]\ntype = vhost\nsocket = /tmp/v.sock\nnetwork = x\n"
		      "mac = 02:00:00:00:00:01\n",
	    DATAPLANE "[network x]\ntype = flat\n"
		      "[port v]\ntype = vhost\nsocket = /tmp/v.sock\nnetwork = x\n"
		      "mac = 02:00:00:00:00:01\nips = 198.18.0.11, 2001:db8::/64\nrouter = yes\n");
	assert_int_equal(diff.n, 1);
	assert_int_equal(find(DIFF_PORT, "v")->how, DIFF_IN_PLACE);
	assert_string_equal(line(0),
			    "~ port v: ips none -> 198.18.0.11,2001:db8::/64, router no -> yes");
}

/* Flood, aging, MTU and clamp change in place; a new VNI is another
 * network, and its ports must join it again. */
static void test_network_in_place_or_recreated(void **state)
{
	(void)state;
	run(DATAPLANE VTEP "[network a]\ntype = vxlan\nvni = 5\nflood = 198.18.0.2\n"
			   "[network b]\ntype = vxlan\nvni = 6\n"
			   "[network c]\ntype = flat\n"
			   "[port va]\ntype = vhost\nsocket = /tmp/va.sock\nnetwork = a\n"
			   "[port vb]\ntype = vhost\nsocket = /tmp/vb.sock\nnetwork = b\n",
	    DATAPLANE VTEP "[network a]\ntype = vxlan\nvni = 5\nflood = 198.18.0.2, 198.18.0.3\n"
			   "mac-aging = 60\nmtu = 1400\nmss-clamp = no\n"
			   "[network b]\ntype = vxlan\nvni = 7\n"
			   "[network d]\ntype = gre\nkey = 9\n"
			   "[port va]\ntype = vhost\nsocket = /tmp/va.sock\nnetwork = a\n"
			   "[port vb]\ntype = vhost\nsocket = /tmp/vb.sock\nnetwork = b\n");
	assert_int_equal(diff.n_restart, 0);
	assert_int_equal(diff.n, 5);
	assert_int_equal(find(DIFF_NETWORK, "a")->how, DIFF_IN_PLACE);
	assert_string_equal(find(DIFF_NETWORK, "a")->detail,
			    "mac-aging 300 -> 60, flood 198.18.0.2 -> 198.18.0.2,198.18.0.3, mtu "
			    "auto -> 1400, mss-clamp yes -> no");
	assert_int_equal(find(DIFF_NETWORK, "b")->how, DIFF_RECREATE);
	assert_string_equal(find(DIFF_NETWORK, "b")->detail, "vni 6 -> 7");
	assert_int_equal(find(DIFF_NETWORK, "c")->op, DIFF_REMOVE);
	assert_int_equal(find(DIFF_NETWORK, "d")->op, DIFF_ADD);
	assert_string_equal(find(DIFF_NETWORK, "d")->detail, "type gre");
	/* vb's own keys are the same: it is re-created for its network's sake. */
	assert_int_equal(find(DIFF_PORT, "vb")->how, DIFF_RECREATE);
	assert_string_equal(find(DIFF_PORT, "vb")->detail, "network 'b' is re-created");
	for (uint32_t i = 0; i < diff.n; i++)
		assert_string_not_equal(diff.entries[i].name, "va");
}

static void test_restart_keys_named(void **state)
{
	char refusal[1024];

	(void)state;
	run(DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\n",
	    "[dataplane]\nworker-cores = 2,3\n[port p]\ntype = phy\ndevargs = net_ring0\n");
	assert_int_equal(config_diff_refusal(&diff, refusal, sizeof(refusal)), 1);
	assert_string_equal(refusal, "reload refused: [dataplane] worker-cores changed (2 -> 2,3): "
				     "needs a restart; nothing changed");
	/* p's tx-queues follows the workers: not a change of p. */
	assert_int_equal(diff.n, 0);

	/* Nor of the VTEP's port (found by the component test). */
	run(DATAPLANE VTEP, "[dataplane]\nworker-cores = 2,3\n" VTEP);
	assert_int_equal(config_diff_refusal(&diff, refusal, sizeof(refusal)), 1);
	assert_int_equal(diff.n, 0);
	/* Set in the file, it is the port's own key. */
	run(DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\n",
	    DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\ntx-queues = 4\n");
	assert_int_equal(diff.n, 1);
	assert_string_equal(line(0), "~ port p: tx-queues 1 -> 4 (re-created)");

	run(DATAPLANE,
	    "[dataplane]\nworker-cores = 2\nmain-core = 1\nhugepages = 2M\n"
	    "socket-mem = 256,0\nfile-prefix = other\neal-args = --no-pci\nmbufs = 9000\n"
	    "mbuf-size = 4096\nfdb-entries = 2048\n"
	    "[control]\nsocket = /tmp/c.sock\nmode = 0600\n"
	    "[metrics]\nlisten = 127.0.0.1:9483\n");
	assert_int_equal(diff.n, 0);
	assert_int_equal(config_diff_refusal(&diff, refusal, sizeof(refusal)), 11);
	assert_string_equal(diff.restart[0], "[dataplane] main-core changed (0 -> 1)");
	assert_string_equal(diff.restart[1], "[dataplane] hugepages changed (none -> 2M)");
	assert_string_equal(diff.restart[2], "[dataplane] socket-mem changed (512 -> 256,0)");
	assert_string_equal(diff.restart[3], "[dataplane] file-prefix changed (sluice -> other)");
	assert_string_equal(diff.restart[4], "[dataplane] eal-args changed (none -> --no-pci)");
	assert_string_equal(diff.restart[5], "[dataplane] fdb-entries changed (65536 -> 2048)");
	assert_string_equal(diff.restart[6], "[dataplane] mbuf-size changed (2048 -> 4096)");
	assert_string_equal(diff.restart[7], "[dataplane] mbufs changed (0 -> 9000)");
	assert_string_equal(diff.restart[8],
			    "[control] socket changed (/run/sluice/sluice.sock -> /tmp/c.sock)");
	assert_string_equal(diff.restart[9], "[control] mode changed (0660 -> 0600)");
	assert_string_equal(diff.restart[10], "[metrics] listen changed (none -> 127.0.0.1:9483)");
	assert_non_null(strstr(refusal, ": need a restart; nothing changed"));
}

/* The keys rxq.auto changes live: an in-place change of [dataplane], which
 * dataplane_live_apply() makes without touching the restart keys. */
static void test_live_dataplane_keys_in_place(void **state)
{
	char refusal[1024];

	(void)state;
	assert_true(dataplane_key_live("rebalance"));
	assert_true(dataplane_key_live("pmd-sleep-max"));
	assert_false(dataplane_key_live("worker-cores"));
	run(DATAPLANE,
	    DATAPLANE "rebalance = off\nrebalance-threshold = 40\npmd-sleep-max = 100\n");
	assert_int_equal(config_diff_refusal(&diff, refusal, sizeof(refusal)), 0);
	assert_int_equal(diff.n, 1);
	assert_int_equal(diff.entries[0].how, DIFF_IN_PLACE);
	assert_string_equal(line(0),
			    "~ dataplane: rebalance auto -> off, rebalance-threshold 25 -> "
			    "40, pmd-sleep-max 0 -> 100");
	b.dataplane.worker_cores.n = 7; /* not live: stays */
	dataplane_live_apply(&a.dataplane, &b.dataplane);
	config_diff(&a, &b, &diff);
	assert_int_equal(diff.n, 0);
	assert_int_equal(diff.n_restart, 1); /* worker-cores, which the copy left */
	assert_int_equal(a.dataplane.worker_cores.n, 1);
	assert_int_equal(a.dataplane.pmd_sleep_max, 100);
}

static void test_vtep_keys_and_port(void **state)
{
	(void)state;
	run(DATAPLANE VTEP, DATAPLANE "[vtep]\naddress = 198.18.0.9/24\nport = u\nttl = 9\n"
				      "[port u]\ntype = phy\ndevargs = net_ring0\nmtu = 9000\n");
	assert_int_equal(diff.n, 0);
	assert_int_equal(diff.n_restart, 3);
	assert_string_equal(diff.restart[0],
			    "[vtep] address changed (198.18.0.1/24 -> 198.18.0.9/24)");
	assert_string_equal(diff.restart[1], "[vtep] ttl changed (64 -> 9)");
	assert_string_equal(diff.restart[2], "[port u] changed (mtu 0 -> 9000): the VTEP's port");

	run(DATAPLANE "[port u]\ntype = phy\ndevargs = net_ring0\n", DATAPLANE VTEP);
	assert_int_equal(diff.n_restart, 1);
	assert_string_equal(diff.restart[0], "[vtep] added");
}

/* The tables' sizes are fixed at start: a reload changing them is refused. */
static void test_vtep_sizes_need_restart(void **state)
{
	(void)state;
	run(DATAPLANE VTEP, DATAPLANE "[vtep]\naddress = 198.18.0.1/24\nport = u\n"
				      "max-neighbours = 10000\nmax-flood-vteps = 1000\n"
				      "[port u]\ntype = phy\ndevargs = net_ring0\n");
	assert_int_equal(diff.n, 0);
	assert_int_equal(diff.n_restart, 2);
	assert_string_equal(diff.restart[0], "[vtep] max-neighbours changed (256 -> 10000)");
	assert_string_equal(diff.restart[1], "[vtep] max-flood-vteps changed (16 -> 1000)");
}

static void test_neighbours_diff(void **state)
{
	(void)state;
	run(DATAPLANE "[vtep]\naddress = 198.18.0.1/24\nport = u\nneighbours = 198.18.0.2 "
		      "02:00:00:00:00:02, 198.18.0.3 02:00:00:00:00:03, 198.18.0.4 "
		      "02:00:00:00:00:04\n[port u]\ntype = phy\ndevargs = net_ring0\n",
	    DATAPLANE "[vtep]\naddress = 198.18.0.1/24\nport = u\nneighbours = 198.18.0.4 "
		      "02:00:00:00:00:04, 198.18.0.3 02:00:00:00:00:33, 198.18.0.5 "
		      "02:00:00:00:00:05\n[port u]\ntype = phy\ndevargs = net_ring0\n");
	assert_int_equal(diff.n_restart, 0);
	assert_int_equal(diff.n, 3);
	assert_string_equal(line(0), "- neighbour 198.18.0.2");
	assert_string_equal(line(1),
			    "~ neighbour 198.18.0.3: mac 02:00:00:00:00:03 -> 02:00:00:00:00:33");
	assert_string_equal(line(2), "+ neighbour 198.18.0.5 (mac 02:00:00:00:00:05)");
}

/* Ports and networks deleted at run time leave empty slots behind. */
static void test_running_holes_ignored(void **state)
{
	(void)state;
	load(&a, DATAPLANE "[network n]\ntype = flat\n[network m]\ntype = flat\n"
			   "[port p]\ntype = vhost\nsocket = /tmp/p.sock\nnetwork = n\n"
			   "[port q]\ntype = vhost\nsocket = /tmp/q.sock\nnetwork = n\n");
	load(&b, DATAPLANE "[network n]\ntype = flat\n"
			   "[port q]\ntype = vhost\nsocket = /tmp/q.sock\nnetwork = n\n");
	a.ports[0].name[0] = '\0';
	a.ports[0].type = -1;
	a.networks[1].name[0] = '\0';
	config_diff(&a, &b, &diff);
	assert_int_equal(diff.n, 0);
	assert_int_equal(diff.n_restart, 0);
}

static void test_value_text(void **state)
{
	struct port_config port;
	char text[128];

	(void)state;
	port_config_defaults(&port);
	config_value_text(&schema_port.keys[schema_find_key(&schema_port, "rxq-affinity")], &port,
			  text, sizeof(text));
	assert_string_equal(text, "none");
	port.rxq_affinity.n = 2;
	port.rxq_affinity.map[0].queue = 0;
	port.rxq_affinity.map[0].core = 2;
	port.rxq_affinity.map[1].queue = 1;
	port.rxq_affinity.map[1].core = 3;
	config_value_text(&schema_port.keys[schema_find_key(&schema_port, "rxq-affinity")], &port,
			  text, sizeof(text));
	assert_string_equal(text, "0:2,1:3");
	config_value_text(&schema_port.keys[schema_find_key(&schema_port, "socket-mode")], &port,
			  text, sizeof(text));
	assert_string_equal(text, "0660");
	config_value_text(&schema_port.keys[schema_find_key(&schema_port, "type")], &port, text,
			  sizeof(text));
	assert_string_equal(text, "none");
	/* A long value is cut, never overrun. */
	config_value_text(&schema_port.keys[schema_find_key(&schema_port, "socket-mode")], &port,
			  text, 3);
	assert_string_equal(text, "06");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_file_no_changes),
	    cmocka_unit_test(test_ports_added_removed_changed),
	    cmocka_unit_test(test_port_moves_network),
	    cmocka_unit_test(test_port_security_in_place),
	    cmocka_unit_test(test_network_in_place_or_recreated),
	    cmocka_unit_test(test_restart_keys_named),
	    cmocka_unit_test(test_vtep_keys_and_port),
	    cmocka_unit_test(test_vtep_sizes_need_restart),
	    cmocka_unit_test(test_neighbours_diff),
	    cmocka_unit_test(test_running_holes_ignored),
	    cmocka_unit_test(test_value_text),
	    cmocka_unit_test(test_live_dataplane_keys_in_place),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
