/* config_load_string() and config_load(): parsed values, defaults, and the
 * "FILE:LINE: key 'x': why" shape of every error an operator can get. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <cmocka.h>

#include "../../control/config.h"

#define FILE_NAME "test.ini"

static struct config_host host;
static struct sluice_config cfg;
static char err[2048];
/* A directory of our own under /tmp, for socket paths that must exist. */
static char tmp_dir[64];

/* The smallest valid [dataplane]: two lines, so a case's own text starts at line 3. */
#define DATAPLANE "[dataplane]\nworker-cores = 1,2\n"

static int load(const char *text)
{
	memset(err, 0, sizeof(err));
	return config_load_string(FILE_NAME, text, &host, &cfg, err, sizeof(err));
}

/* Asserts that text fails with "test.ini:LINE: " (or "test.ini: " for line 0)
 * and that every string of the NULL-terminated wants appears in the message. */
static void expect_error_at(const char *text, int line, const char *const *wants)
{
	char prefix[64];

	if (line > 0)
		snprintf(prefix, sizeof(prefix), FILE_NAME ":%d: ", line);
	else
		snprintf(prefix, sizeof(prefix), FILE_NAME ": ");
	if (load(text) == 0)
		fail_msg("config was accepted, expected an error at line %d:\n%s", line, text);
	if (strncmp(err, prefix, strlen(prefix)) != 0)
		fail_msg("error '%s' does not start with '%s'", err, prefix);
	for (const char *const *w = wants; *w; w++)
		if (!strstr(err, *w))
			fail_msg("error '%s' does not contain '%s'", err, *w);
}

#define expect_error(text, line, ...)                                                              \
	expect_error_at(text, line, (const char *const[]){__VA_ARGS__, NULL})

static void expect_valid(const char *text)
{
	if (load(text) != 0)
		fail_msg("config rejected: %s\n%s", err, text);
}

static int group_setup(void **state)
{
	(void)state;
	memset(&host, 0, sizeof(host));
	for (int c = 0; c < 8; c++)
		host.cpu_online[c] = true;
	snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/sluice-unit.XXXXXX");
	return mkdtemp(tmp_dir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	return rmdir(tmp_dir);
}

static void test_full_config(void **state)
{
	static const char text[] = "; a production-like config\n"
				   "[dataplane]\n"
				   "main-core = 0\n"
				   "worker-cores = 2,3\n"
				   "hugepages = 1G ; one of 1G|2M|none\n"
				   "socket-mem = 2048\n"
				   "file-prefix = prod\n"
				   "eal-args = --log-level=7 --telemetry\n"
				   "fdb-entries = 131072\n"
				   "\n"
				   "[control]\n"
				   "socket = /tmp/sluice-unit-control.sock\n"
				   "\n"
				   "# the tenant network\n"
				   "[network tenant-a]\n"
				   "type = flat\n"
				   "mac-aging = 600\n"
				   "\n"
				   "[port phy0]\n"
				   "type = phy\n"
				   "devargs = 0000:3b:00.0\n"
				   "rx-queues = 4\n"
				   "tx-queues = 4\n"
				   "rx-descriptors = 4096\n"
				   "tx-descriptors = 2048\n"
				   "mtu = 9000\n"
				   "rxq-affinity = 0:2,1:3,2:2,3:3\n"
				   "network = tenant-a\n"
				   "\n"
				   "[port vm1]\n"
				   "type = vhost\n"
				   "socket = /tmp/sluice-unit-vm1.sock\n"
				   "mode = server\n"
				   "max-queues = 4\n"
				   "mac = 52:54:00:ab:CD:ef\n"
				   "network = tenant-a\n";
	const struct dataplane_config *dp = &cfg.dataplane;
	const struct port_config *phy, *vm;
	static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};

	(void)state;
	expect_valid(text);
	assert_string_equal(cfg.file, FILE_NAME);
	assert_int_equal(dp->main_core, 0);
	assert_int_equal(dp->worker_cores.n, 2);
	assert_int_equal(dp->worker_cores.cores[0], 2);
	assert_int_equal(dp->worker_cores.cores[1], 3);
	assert_int_equal(dp->hugepages, HUGEPAGES_1G);
	assert_int_equal(dp->socket_mem_mb, 2048);
	assert_string_equal(dp->file_prefix, "prod");
	assert_string_equal(dp->eal_args, "--log-level=7 --telemetry");
	assert_int_equal(dp->fdb_entries, 131072);
	assert_int_equal(dp->origin.section_line, 2);
	assert_string_equal(cfg.control.socket, "/tmp/sluice-unit-control.sock");

	assert_int_equal(cfg.n_networks, 1);
	assert_string_equal(cfg.networks[0].name, "tenant-a");
	assert_int_equal(cfg.networks[0].type, NETWORK_TYPE_FLAT);
	assert_int_equal(cfg.networks[0].mac_aging, 600);
	assert_int_equal(cfg.networks[0].origin.section_line, 15);

	assert_int_equal(cfg.n_ports, 2);
	phy = &cfg.ports[config_find_port(&cfg, "phy0")];
	vm = &cfg.ports[config_find_port(&cfg, "vm1")];
	assert_int_equal(config_find_port(&cfg, "phy0"), 0);
	assert_int_equal(config_find_port(&cfg, "vm1"), 1);
	assert_int_equal(config_find_port(&cfg, "vm2"), -1);
	assert_int_equal(config_find_network(&cfg, "tenant-a"), 0);
	assert_int_equal(config_find_network(&cfg, "tenant-b"), -1);

	assert_int_equal(phy->type, PORT_TYPE_PHY);
	assert_string_equal(phy->devargs, "0000:3b:00.0");
	assert_int_equal(phy->rx_queues, 4);
	assert_int_equal(phy->tx_queues, 4);
	assert_int_equal(phy->rx_descriptors, 4096);
	assert_int_equal(phy->tx_descriptors, 2048);
	assert_int_equal(phy->mtu, 9000);
	assert_int_equal(phy->rxq_affinity.n, 4);
	assert_int_equal(phy->rxq_affinity.map[1].queue, 1);
	assert_int_equal(phy->rxq_affinity.map[1].core, 3);
	assert_int_equal(phy->rxq_affinity.map[2].queue, 2);
	assert_int_equal(phy->rxq_affinity.map[2].core, 2);
	assert_string_equal(phy->network, "tenant-a");
	assert_int_equal(phy->origin.section_line, 19);

	assert_int_equal(vm->type, PORT_TYPE_VHOST);
	assert_string_equal(vm->socket, "/tmp/sluice-unit-vm1.sock");
	assert_int_equal(vm->mode, VHOST_MODE_SERVER);
	assert_int_equal(vm->max_queues, 4);
	assert_true(vm->mac.set);
	assert_memory_equal(vm->mac.bytes, mac, 6);
	assert_string_equal(vm->network, "tenant-a");
}

static void test_defaults(void **state)
{
	const struct port_config *phy, *vm;

	(void)state;
	expect_valid("[dataplane]\n"
		     "worker-cores = 1-3\n"
		     "[network n]\n"
		     "type = flat\n"
		     "[port p]\n"
		     "type = phy\n"
		     "devargs = net_ring0\n"
		     "[port v]\n"
		     "type = vhost\n"
		     "socket = /tmp/sluice-unit-v.sock\n");
	assert_int_equal(cfg.dataplane.main_core, 0);
	assert_int_equal(cfg.dataplane.worker_cores.n, 3);
	assert_int_equal(cfg.dataplane.hugepages, HUGEPAGES_NONE);
	assert_int_equal(cfg.dataplane.socket_mem_mb, 512);
	assert_string_equal(cfg.dataplane.file_prefix, "sluice");
	assert_string_equal(cfg.dataplane.eal_args, "");
	assert_int_equal(cfg.dataplane.fdb_entries, 65536);
	assert_int_equal(cfg.dataplane.mbufs, 0); /* sized from the ports */
	assert_string_equal(cfg.control.socket, "/run/sluice/sluice.sock");
	assert_int_equal(cfg.networks[0].mac_aging, 300);

	phy = &cfg.ports[0];
	assert_int_equal(phy->tx_queues, 3); /* one per worker core */
	assert_int_equal(phy->rx_queues, 1);
	assert_int_equal(phy->rx_descriptors, 1024);
	assert_int_equal(phy->tx_descriptors, 1024);
	assert_int_equal(phy->mtu, 0);
	assert_int_equal(phy->rxq_affinity.n, 0);
	assert_string_equal(phy->network, "");

	vm = &cfg.ports[1];
	assert_int_equal(vm->mode, VHOST_MODE_CLIENT);
	assert_int_equal(vm->max_queues, 8);
	assert_false(vm->mac.set);
}

static void test_comments(void **state)
{
	(void)state;
	expect_valid("# a comment at the start\n"
		     "; another\n"
		     "   ; indented\n"
		     "[dataplane] ; after a header\n"
		     "worker-cores = 1,2   # trailing\n"
		     "hugepages = 1G ; one of 1G|2M|none\n"
		     "file-prefix = a;b\n"
		     "eal-args = --log-level=7\t# tab before the comment\n");
	assert_int_equal(cfg.dataplane.hugepages, HUGEPAGES_1G);
	assert_int_equal(cfg.dataplane.worker_cores.n, 2);
	/* ';' inside a value is not a comment: only after white space. */
	assert_string_equal(cfg.dataplane.file_prefix, "a;b");
	assert_string_equal(cfg.dataplane.eal_args, "--log-level=7");

	/* CRLF line ends are accepted too. */
	expect_valid("[dataplane]\r\nworker-cores = 3\r\nsocket-mem = 64\r\n");
	assert_int_equal(cfg.dataplane.worker_cores.cores[0], 3);
	assert_int_equal(cfg.dataplane.socket_mem_mb, 64);

	/* "1G;x" has no white space before ';': the whole is the value. */
	expect_error(DATAPLANE "hugepages = 1G;x\n", 3, "key 'hugepages': '1G;x' is not one of");
}

static void test_syntax_errors(void **state)
{
	(void)state;
	expect_error(DATAPLANE "[port x\ntype = phy\n", 3, "section header has no closing ']'");
	expect_error(DATAPLANE "worker-cores\n", 3, "expected 'key = value' or '[section]'",
		     "worker-cores");
	expect_error(DATAPLANE "= 5\n", 3, "a value with no key");
	expect_error(DATAPLANE "[control] x\n", 3, "text after the section header: 'x'");
}

static void test_unknown_section_and_key(void **state)
{
	(void)state;
	expect_error(DATAPLANE "[vtp]\naddress = 1.2.3.4\n", 3, "unknown section [vtp]", "[vtep]");
	expect_error(DATAPLANE "\n[Port p]\n", 4, "unknown section [Port p]");
	expect_error(DATAPLANE "bogus = 1\n", 3, "key 'bogus': unknown in [dataplane]",
		     "worker-cores");
	expect_error(DATAPLANE "[port p]\ntype = phy\nqueues = 2\n", 5,
		     "key 'queues': unknown in [port]", "rx-queues");
	expect_error("worker-cores = 1\n[dataplane]\n", 1, "key 'worker-cores'",
		     "outside any section");
}

static void test_key_set_twice(void **state)
{
	(void)state;
	expect_error(DATAPLANE "socket-mem = 128\nsocket-mem = 256\n", 4,
		     "key 'socket-mem': set twice (first at line 3)");
	expect_error(DATAPLANE "[dataplane]\n", 3, "section [dataplane] appears twice",
		     "first at line 1");
	expect_error(DATAPLANE "[control]\n[control]\n", 4, "section [control] appears twice",
		     "first at line 3");
}

static void test_wrong_type(void **state)
{
	(void)state;
	expect_error(DATAPLANE "socket-mem = abc\n", 3,
		     "key 'socket-mem': 'abc' is not a whole number");
	expect_error(DATAPLANE "socket-mem = 12x\n", 3, "key 'socket-mem': '12x'");
	expect_error(DATAPLANE "socket-mem = -1\n", 3, "key 'socket-mem': '-1'");
	expect_error(DATAPLANE "socket-mem =\n", 3, "key 'socket-mem': empty value");
	expect_error(DATAPLANE "file-prefix =\n", 3, "key 'file-prefix': empty value");
	expect_error("[dataplane]\nworker-cores = ,\n", 2, "key 'worker-cores': empty list");
	expect_error(DATAPLANE "hugepages = 4K\n", 3,
		     "key 'hugepages': '4K' is not one of: none 2M 1G");
	expect_error(DATAPLANE "[port p]\ntype = tap\n", 4,
		     "key 'type': 'tap' is not one of: phy vhost");
	expect_error(DATAPLANE "[port p]\ntype = vhost\nsocket = relative.sock\n", 5,
		     "key 'socket': 'relative.sock' is not an absolute path");
	expect_error(DATAPLANE "[port p]\ntype = vhost\nmode = listen\n", 5, "key 'mode'",
		     "not one of: client server");
}

static void test_out_of_range(void **state)
{
	(void)state;
	expect_error(DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\nrx-queues = 0\n", 6,
		     "key 'rx-queues': 0 is out of range 1..16");
	expect_error(DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\nrx-queues = 17\n", 6,
		     "key 'rx-queues': 17 is out of range 1..16");
	expect_valid(DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\nrx-queues = 16\n");
	expect_error(DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\nrx-descriptors = 100\n",
		     6, "key 'rx-descriptors': 100 is not a power of two");
	expect_error(DATAPLANE
		     "[port p]\ntype = phy\ndevargs = net_ring0\nrx-descriptors = 40000\n",
		     6, "key 'rx-descriptors': 40000 is out of range 64..32768");
	expect_error(DATAPLANE
		     "[port p]\ntype = phy\ndevargs = net_ring0\ntx-descriptors = 1000\n\n",
		     6, "key 'tx-descriptors': 1000 is not a power of two");
	expect_valid(DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\nrx-descriptors = 64\n"
			       "tx-descriptors = 32768\n");
	expect_error(DATAPLANE "socket-mem = 63\n", 3, "key 'socket-mem': 63 is out of range");
	expect_error(DATAPLANE "fdb-entries = 99999999999999999999999\n", 3, "key 'fdb-entries'",
		     "out of range 1024..4194304");
	expect_error(DATAPLANE "mbufs = 2000000\n", 3, "key 'mbufs'", "out of range 0..1048576");
	expect_valid(DATAPLANE "mbufs = 512\n");
	expect_error(DATAPLANE "[network n]\ntype = flat\nmac-aging = 0\n", 5,
		     "key 'mac-aging': 0 is out of range 1..86400");
	expect_error("[dataplane]\nmain-core = 1024\nworker-cores = 1\n", 2,
		     "key 'main-core': 1024 is out of range 0..1023");
}

static void test_cores(void **state)
{
	(void)state;
	expect_error("[dataplane]\nworker-cores = 64\n", 2,
		     "key 'worker-cores': CPU 64 is not online");
	expect_error("[dataplane]\nworker-cores = 6-8\n", 2,
		     "key 'worker-cores': CPU 8 is not online");
	expect_error("[dataplane]\nworker-cores = 1\nmain-core = 9\n", 3,
		     "key 'main-core': CPU 9 is not online");
	expect_error("[dataplane]\nworker-cores = 1,1\n", 2,
		     "key 'worker-cores': core 1 is listed twice");
	expect_error("[dataplane]\nworker-cores = 1-3,2\n", 2,
		     "key 'worker-cores': core 2 is listed twice");
	expect_error("[dataplane]\nmain-core = 1\nworker-cores = 1,2\n", 3,
		     "key 'worker-cores': CPU 1 is also the main-core");
	/* Default main-core 0 collides too, and the line is that of worker-cores. */
	expect_error("[dataplane]\n\nworker-cores = 0-2\n", 3,
		     "key 'worker-cores': CPU 0 is also the main-core");
	expect_error("[dataplane]\nworker-cores = 5-2\n", 2, "key 'worker-cores'",
		     "runs backwards");
}

static void test_missing_sections_and_keys(void **state)
{
	(void)state;
	expect_error("[control]\nsocket = /tmp/x.sock\n", 0, "section [dataplane] is missing");
	expect_error("", 0, "section [dataplane] is missing");
	/* A missing key is reported at its section's line. */
	expect_error("\n[dataplane]\nmain-core = 0\n", 2, "key 'worker-cores': required");
	expect_error(DATAPLANE "[port p]\ndevargs = net_ring0\n", 3, "[port p]",
		     "key 'type': required");
	expect_error(DATAPLANE "[port p]\ntype = phy\nrx-queues = 2\n", 3, "[port p]",
		     "key 'devargs': required for type phy");
	expect_error(DATAPLANE "[port v]\n\ntype = vhost\n", 3, "[port v]",
		     "key 'socket': required for type vhost");
	expect_error(DATAPLANE "[network n]\nmac-aging = 10\n", 3, "[network n]",
		     "key 'type': required");
}

static void test_section_names(void **state)
{
	(void)state;
	expect_error(DATAPLANE "[port]\ntype = phy\n", 3, "section [port] needs a name");
	expect_error(DATAPLANE "[network]\n", 3, "section [network] needs a name");
	expect_error("[dataplane foo]\nworker-cores = 1\n", 1, "section [dataplane] takes no name");
	expect_error(DATAPLANE "[port a b]\n", 3, "name 'a b'", "letters, digits");
	expect_error(DATAPLANE "[port a/b]\n", 3, "name 'a/b'");
	expect_error(DATAPLANE "[port abcdefghijabcdefghijabcdefghijkl]\n", 3,
		     "name 'abcdefghijabcdefghijabcdefghijkl'", "1 to 31");
	expect_valid(DATAPLANE "[port abcdefghijabcdefghijabcdefghij.]\ntype = phy\n"
			       "devargs = net_ring0\n");
	expect_valid(DATAPLANE "[network  a-b_c.1 ]\ntype = flat\n");
	assert_string_equal(cfg.networks[0].name, "a-b_c.1");
}

static void test_duplicates(void **state)
{
	(void)state;
	expect_error(DATAPLANE "[port a]\ntype = phy\ndevargs = net_ring0\n"
			       "[port a]\ntype = phy\ndevargs = net_ring1\n",
		     6, "port 'a' is defined twice (first at line 3)");
	expect_error(DATAPLANE "[network n]\ntype = flat\n[network n]\ntype = flat\n", 5,
		     "network 'n' is defined twice (first at line 3)");
	expect_error(DATAPLANE "[port v1]\ntype = vhost\nsocket = /tmp/sluice-unit-same.sock\n"
			       "[port v2]\ntype = vhost\nsocket = /tmp/sluice-unit-same.sock\n",
		     8,
		     "key 'socket': /tmp/sluice-unit-same.sock is already the socket of port 'v1'");
	expect_error(DATAPLANE "[port p1]\ntype = phy\ndevargs = 0000:3b:00.0\n"
			       "[port p2]\ntype = phy\ndevargs = 0000:3b:00.0\n",
		     8, "key 'devargs': '0000:3b:00.0' is already the device of port 'p1'");
}

static void test_port_network(void **state)
{
	(void)state;
	expect_error(DATAPLANE "[port p]\ntype = phy\nnetwork = nope\ndevargs = net_ring0\n", 5,
		     "key 'network': no network 'nope' is defined");
	/* A network may be defined after the port that names it. */
	expect_valid(DATAPLANE "[port p]\ntype = phy\nnetwork = later\ndevargs = net_ring0\n"
			       "[network later]\ntype = flat\n");
	assert_string_equal(cfg.ports[0].network, "later");
}

static void test_socket_paths(void **state)
{
	char path[256], text[512];

	(void)state;
	/* 108 characters do not fit sun_path with its NUL; 107 do. */
	snprintf(path, sizeof(path), "/tmp/%0103d", 0);
	assert_int_equal(strlen(path), 108);
	snprintf(text, sizeof(text), DATAPLANE "[port v]\ntype = vhost\nsocket = %s\n", path);
	expect_error(text, 5, "key 'socket': path is 108 characters",
		     "a Unix socket path holds at most 107");
	path[107] = '\0';
	snprintf(text, sizeof(text), DATAPLANE "[port v]\ntype = vhost\nsocket = %s\n", path);
	expect_valid(text);
	assert_string_equal(cfg.ports[0].socket, path);

	snprintf(text, sizeof(text),
		 DATAPLANE "[port v]\ntype = vhost\nsocket = %s/missing/v.sock\n", tmp_dir);
	snprintf(path, sizeof(path), "directory %s/missing does not exist", tmp_dir);
	expect_error(text, 5, "key 'socket'", path, "mkdir -p");
	snprintf(text, sizeof(text), DATAPLANE "[port v]\ntype = vhost\nsocket = %s/v.sock\n",
		 tmp_dir);
	expect_valid(text);

	/* The control socket's directory is checked too, when the operator names one. */
	snprintf(text, sizeof(text), DATAPLANE "[control]\nsocket = %s/nodir/c.sock\n", tmp_dir);
	snprintf(path, sizeof(path), "directory %s/nodir does not exist", tmp_dir);
	expect_error(text, 4, "key 'socket'", path);
}

static void test_key_not_for_type(void **state)
{
	(void)state;
	expect_error(DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\n"
			       "socket = /tmp/sluice-unit-p.sock\n",
		     6, "key 'socket': does not apply to a port of type phy");
	expect_error(DATAPLANE "[port v]\nrx-queues = 2\ntype = vhost\n"
			       "socket = /tmp/sluice-unit-v.sock\n",
		     4, "key 'rx-queues': does not apply to a port of type vhost");
	expect_error(DATAPLANE
		     "[port p]\ntype = phy\ndevargs = net_ring0\nmac = 52:54:00:00:00:01\n",
		     6, "key 'mac': does not apply to a port of type phy");
}

static void test_tx_queues(void **state)
{
	struct config_host many = {0};
	char text[256];

	(void)state;
	expect_error(DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\ntx-queues = 1\n", 6,
		     "key 'tx-queues': 1 is fewer than the 2 worker cores");
	expect_valid(DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\ntx-queues = 2\n");
	assert_int_equal(cfg.ports[0].tx_queues, 2);

	/* More worker cores than a port has tx queues: each PMD owns one, so
	 * the default (one per core) must not exceed the 16 a port can have. */
	for (int c = 0; c < 32; c++)
		many.cpu_online[c] = true;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1-17\n[port p]\ntype = phy\ndevargs = net_ring0\n");
	assert_int_equal(config_load_string(FILE_NAME, text, &many, &cfg, err, sizeof(err)), -1);
	assert_non_null(strstr(err, FILE_NAME ":3: [port p]: key 'tx-queues'"));
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1-16\n[port p]\ntype = phy\ndevargs = net_ring0\n");
	assert_int_equal(config_load_string(FILE_NAME, text, &many, &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.ports[0].tx_queues, 16);
	/* vhost ports have no tx queue per core. */
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1-20\n[port v]\ntype = vhost\n"
		 "socket = /tmp/sluice-unit-v.sock\n");
	assert_int_equal(config_load_string(FILE_NAME, text, &many, &cfg, err, sizeof(err)), 0);
}

static void test_rxq_affinity(void **state)
{
	(void)state;
	expect_error(DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\nrx-queues = 2\n"
			       "rxq-affinity = 0:1,2:2\n",
		     7, "key 'rxq-affinity': queue 2 does not exist (rx-queues = 2)");
	expect_error(DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\nrxq-affinity = 1:1\n", 6,
		     "key 'rxq-affinity': queue 1 does not exist (rx-queues = 1)");
	expect_valid(DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\nrxq-affinity = 0:1\n");
	expect_error(DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\nrx-queues = 2\n"
			       "rxq-affinity = 0:1,1:5\n",
		     7, "key 'rxq-affinity': core 5 is not one of worker-cores");
	expect_error(DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\nrx-queues = 2\n"
			       "rxq-affinity = 0:1,0:2\n",
		     7, "key 'rxq-affinity': queue 0 is assigned twice");
}

/* [control] mode and group: the socket file's permission bits and group. */
static void test_control_mode_group(void **state)
{
	(void)state;
	expect_valid(DATAPLANE "[control]\n");
	assert_int_equal(cfg.control.mode, 0660);
	assert_string_equal(cfg.control.group, "");
	expect_valid(DATAPLANE "[control]\nmode = 0600\ngroup = root\n");
	assert_int_equal(cfg.control.mode, 0600);
	assert_string_equal(cfg.control.group, "root");
	expect_error(DATAPLANE "[control]\nmode = 0999\n", 4, "key 'mode'", "octal");
	expect_error(DATAPLANE "[control]\nmode = 01777\n", 4, "key 'mode'");
	expect_error(DATAPLANE "[control]\nmode = rw\n", 4, "key 'mode'");
	expect_error(DATAPLANE "[control]\ngroup = no-such-group-here\n", 4, "key 'group'",
		     "no group 'no-such-group-here'");
}

/* [metrics] listen: off by default; TCP v4, v6 or a Unix socket; bad
 * addresses, ports and directories named with their line. */
static void test_metrics_listen(void **state)
{
	(void)state;
	expect_valid(DATAPLANE);
	assert_string_equal(cfg.metrics.listen, "");
	expect_valid(DATAPLANE "[metrics]\nlisten = 127.0.0.1:9483\n");
	assert_string_equal(cfg.metrics.listen, "127.0.0.1:9483");
	expect_valid(DATAPLANE "[metrics]\nlisten = [::1]:9483\n");
	expect_valid(DATAPLANE "[metrics]\nlisten = /tmp/sluice-unit-metrics.sock\n");
	expect_error(DATAPLANE "[metrics]\nlisten = localhost:9483\n", 4, "key 'listen'",
		     "'localhost' is not an IPv4 address", "ADDRESS:PORT");
	expect_error(DATAPLANE "[metrics]\nlisten = 127.0.0.1:0\n", 4, "key 'listen'",
		     "the port must be 1 to 65535");
	expect_error(DATAPLANE "[metrics]\nlisten = 127.0.0.1:70000\n", 4, "the port must be");
	expect_error(DATAPLANE "[metrics]\nlisten = 127.0.0.1:-1\n", 4, "the port must be");
	expect_error(DATAPLANE "[metrics]\nlisten = 9483\n", 4, "key 'listen'", "ADDRESS:PORT");
	expect_error(DATAPLANE "[metrics]\nlisten = [::1\n", 4, "key 'listen'", "ADDRESS:PORT");
	expect_error(DATAPLANE "[metrics]\nlisten = [1.2.3.4]:80\n", 4, "not an IPv6 address");
	expect_error(DATAPLANE "[metrics]\nlisten = /no/such/dir/m.sock\n", 4, "key 'listen'");
	expect_error(DATAPLANE "[metrics]\n[metrics]\n", 4, "section [metrics] appears twice");
	expect_error(DATAPLANE "[metrics]\nport = 1\n", 4, "port");
}

/* A server-mode vhost socket's mode and group (QEMU as libvirt-qemu). */
static void test_vhost_socket_mode_group(void **state)
{
	(void)state;
	expect_valid(DATAPLANE "[port v]\ntype = vhost\nsocket = /tmp/sluice-unit-v.sock\n");
	assert_int_equal(cfg.ports[0].socket_mode, 0660);
	assert_string_equal(cfg.ports[0].socket_group, "");
	expect_valid(DATAPLANE "[port v]\ntype = vhost\nsocket = /tmp/sluice-unit-v.sock\n"
			       "mode = server\nsocket-mode = 0666\nsocket-group = root\n");
	assert_int_equal(cfg.ports[0].socket_mode, 0666);
	assert_string_equal(cfg.ports[0].socket_group, "root");
	expect_error(DATAPLANE "[port v]\ntype = vhost\nsocket = /tmp/sluice-unit-v.sock\n"
			       "socket-group = no-such-group-here\n",
		     6, "key 'socket-group': no group 'no-such-group-here' on this machine");
	expect_error(DATAPLANE "[port v]\ntype = vhost\nsocket = /tmp/sluice-unit-v.sock\n"
			       "socket-mode = 0999\n",
		     6, "key 'socket-mode'");
	expect_error(DATAPLANE "[port p]\ntype = phy\ndevargs = net_null0\nsocket-mode = 0660\n", 6,
		     "key 'socket-mode': does not apply to a port of type phy");
}

static void test_mac(void **state)
{
	(void)state;
	expect_error(DATAPLANE "[port v]\ntype = vhost\nsocket = /tmp/sluice-unit-v.sock\n"
			       "mac = 52:54:00:12:34\n",
		     6, "key 'mac': '52:54:00:12:34' is not a MAC address");
	expect_error(DATAPLANE "[port v]\ntype = vhost\nsocket = /tmp/sluice-unit-v.sock\n"
			       "mac = 01:00:5e:00:00:01\n",
		     6, "key 'mac': '01:00:5e:00:00:01' is a multicast address");
	expect_error(DATAPLANE "[port v]\ntype = vhost\nsocket = /tmp/sluice-unit-v.sock\n"
			       "mac = ff:ff:ff:ff:ff:ff\n",
		     6, "key 'mac'", "multicast");
}

static void test_devargs_is_pci(void **state)
{
	(void)state;
	assert_true(config_devargs_is_pci("0000:3b:00.0"));
	assert_true(config_devargs_is_pci("3b:00.0"));
	assert_true(config_devargs_is_pci("0000:3b:00.0,foo=1"));
	assert_true(config_devargs_is_pci("3b:00.1,txq_inline=0"));
	assert_false(config_devargs_is_pci("net_ring0"));
	assert_false(config_devargs_is_pci("net_tap0,iface=x"));
	assert_false(config_devargs_is_pci("0000:3b:00.0foo"));
	assert_false(config_devargs_is_pci(""));
}

static void test_load_file(void **state)
{
	char path[128], want[256];
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/no-such.ini", tmp_dir);
	assert_int_equal(config_load(path, &host, &cfg, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: cannot open: No such file or directory", path);
	assert_string_equal(err, want);

	snprintf(path, sizeof(path), "%s/sluice.ini", tmp_dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[dataplane]\nworker-cores = 4,5\nsocket-mem = 1024\n"
	      "[port tap]\ntype = phy\ndevargs = net_tap0,iface=t0\n",
	      f);
	fclose(f);
	assert_int_equal(config_load(path, &host, &cfg, err, sizeof(err)), 0);
	assert_string_equal(cfg.file, path);
	assert_int_equal(cfg.dataplane.worker_cores.n, 2);
	assert_int_equal(cfg.dataplane.socket_mem_mb, 1024);
	assert_string_equal(cfg.ports[0].devargs, "net_tap0,iface=t0");

	/* Errors from a file name that file. */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[dataplane]\nworker-cores = 4,5\nsocket-mem = lots\n", f);
	fclose(f);
	assert_int_equal(config_load(path, &host, &cfg, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:3: key 'socket-mem': 'lots' is not a whole number", path);
	assert_string_equal(err, want);
	assert_int_equal(unlink(path), 0);
}

/* A valid underlay: lines 3-8, so a case's own text starts at line 9. */
#define UNDERLAY                                                                                   \
	DATAPLANE "[port u]\ntype = phy\ndevargs = net_ring0\n"                                    \
		  "[vtep]\naddress = 198.18.0.1/24\nport = u\n"

/* n flood addresses 198.18.1.0 and up, or n static neighbours on the link
 * 198.18.0.0/16 (VTEP 198.18.0.1/16), as one config line. */
static const char *address_list(uint32_t n, bool neighbours)
{
	static char text[4096];
	size_t len = 0;

	for (uint32_t i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					neighbours ? "%s198.18.%u.%u 02:00:00:00:%02x:%02x"
						   : "%s198.18.%u.%u",
					i ? "," : "", 1 + i / 250, 1 + i % 250, i >> 8, i & 0xff);
	assert_true(len < sizeof(text) - 1);
	return text;
}

/* [vtep] max-neighbours and max-flood-vteps: defaults, ranges, and the
 * static lists they bound. */
static void test_vtep_sizes(void **state)
{
	static char text[8192];

	(void)state;
	expect_valid(UNDERLAY);
	assert_int_equal(cfg.vtep.max_neighbours, 256);
	assert_int_equal(cfg.vtep.max_flood_vteps, 16);
	expect_valid(UNDERLAY "max-neighbours = 1048576\nmax-flood-vteps = 4096\n");
	assert_int_equal(cfg.vtep.max_neighbours, 1048576);
	assert_int_equal(cfg.vtep.max_flood_vteps, 4096);
	expect_error(UNDERLAY "max-neighbours = 15\n", 9,
		     "key 'max-neighbours': 15 is out of range 16..1048576");
	expect_error(UNDERLAY "max-neighbours = 1048577\n", 9,
		     "key 'max-neighbours': 1048577 is out of range 16..1048576");
	expect_error(UNDERLAY "max-flood-vteps = 0\n", 9,
		     "key 'max-flood-vteps': 0 is out of range 1..4096");
	expect_error(UNDERLAY "max-flood-vteps = 4097\n", 9,
		     "key 'max-flood-vteps': 4097 is out of range 1..4096");

	/* A flood list as long as the key allows, and one longer. */
	snprintf(text, sizeof(text),
		 UNDERLAY "max-flood-vteps = 20\n[network a]\ntype = vxlan\nvni = 1\nflood = %s\n",
		 address_list(20, false));
	expect_valid(text);
	assert_int_equal(cfg.networks[0].flood.n, 20);
	snprintf(text, sizeof(text), UNDERLAY "[network a]\ntype = vxlan\nvni = 1\nflood = %s\n",
		 address_list(17, false));
	expect_error(text, 12,
		     "key 'flood': 17 remote VTEPs, more than [vtep] max-flood-vteps = 16: raise "
		     "max-flood-vteps to 17 (needs a restart) or list fewer");
	/* A config line lists at most 64; more come from EVPN. */
	snprintf(text, sizeof(text),
		 UNDERLAY "max-flood-vteps = 100\n[network a]\ntype = vxlan\nvni = 1\nflood = %s\n",
		 address_list(65, false));
	expect_error(text, 13, "key 'flood': more than 64 addresses");

	/* Static neighbours: up to max-neighbours. */
	snprintf(text, sizeof(text),
		 DATAPLANE
		 "[port u]\ntype = phy\ndevargs = net_ring0\n[vtep]\n"
		 "address = 198.18.0.1/16\nport = u\nmax-neighbours = 16\nneighbours = %s\n",
		 address_list(17, true));
	expect_error(text, 10,
		     "key 'neighbours': 17 static neighbours, more than max-neighbours = 16: raise "
		     "max-neighbours to 17 or list fewer");
	snprintf(text, sizeof(text),
		 DATAPLANE "[port u]\ntype = phy\ndevargs = net_ring0\n[vtep]\n"
			   "address = 198.18.0.1/16\nport = u\nneighbours = %s\n",
		 address_list(100, true));
	expect_valid(text);
	assert_int_equal(cfg.vtep.neighbours.n, 100);
}

static void test_vtep(void **state)
{
	(void)state;
	expect_valid(UNDERLAY "[network a]\ntype = vxlan\nvni = 100\n"
			      "flood = 198.18.0.2, 198.18.0.3\n"
			      "[network b]\ntype = gre\nkey = 0\n"
			      "[network c]\ntype = gre\nkey = 4294967295\n");
	assert_true(cfg.vtep.present);
	assert_int_equal(cfg.vtep.address.addr, htonl(0xc6120001));
	assert_int_equal(cfg.vtep.address.len, 24);
	assert_string_equal(cfg.vtep.port, "u");
	assert_int_equal(cfg.vtep.gateway, 0);
	assert_int_equal(cfg.vtep.ttl, 64);
	assert_int_equal(cfg.vtep.df, 1);
	assert_int_equal(cfg.vtep.vxlan_port, 4789);
	assert_int_equal(cfg.networks[0].type, NETWORK_TYPE_VXLAN);
	assert_int_equal(cfg.networks[0].vni, 100);
	assert_int_equal(cfg.networks[0].flood.n, 2);
	assert_int_equal(cfg.networks[0].flood.addrs[1], htonl(0xc6120003));
	assert_int_equal(cfg.networks[1].type, NETWORK_TYPE_GRE);
	assert_int_equal(cfg.networks[2].key, 4294967295u);

	/* One tx queue per worker, none for the control thread (its ARP
	 * leaves through PMD 0, dataplane/ctl_tx.h). */
	assert_int_equal(cfg.ports[0].tx_queues, 2);
	expect_valid(DATAPLANE "[port u]\ntype = phy\ndevargs = net_ring0\ntx-queues = 2\n"
			       "[vtep]\naddress = 198.18.0.1/24\nport = u\n");
	expect_valid(UNDERLAY "gateway = 198.18.0.254\nttl = 255\ndf = no\nvxlan-port = 8472\n");
	assert_int_equal(cfg.vtep.gateway, htonl(0xc61200fe));
	assert_int_equal(cfg.vtep.ttl, 255);
	assert_int_equal(cfg.vtep.df, 0);
	assert_int_equal(cfg.vtep.vxlan_port, 8472);
	/* An outer VLAN: a VLAN id, none by default. */
	assert_int_equal(cfg.vtep.vlan, 0);
	expect_valid(UNDERLAY "vlan = 4094\n");
	assert_int_equal(cfg.vtep.vlan, 4094);
	expect_error(UNDERLAY "vlan = 0\n", 9, "key 'vlan': 0 is out of range 1..4094");
	expect_error(UNDERLAY "vlan = 4095\n", 9, "key 'vlan': 4095 is out of range 1..4094");
	/* Static neighbours: on the link, not ourselves. */
	expect_valid(UNDERLAY "neighbours = 198.18.0.2 02:00:00:00:00:02, "
			      "198.18.0.254 02:00:00:00:00:fe\n");
	assert_int_equal(cfg.vtep.neighbours.n, 2);
	assert_int_equal(cfg.vtep.neighbours.entries[1].ip, htonl(0xc61200fe));
	assert_int_equal(cfg.vtep.neighbours.entries[1].mac[5], 0xfe);
	expect_error(UNDERLAY "neighbours = 198.18.0.1 02:00:00:00:00:02\n", 9,
		     "key 'neighbours': 198.18.0.1 is the VTEP's own address");
	expect_error(UNDERLAY "neighbours = 198.18.1.2 02:00:00:00:00:02\n", 9,
		     "key 'neighbours': 198.18.1.2 is not inside 198.18.0.0/24");
	expect_error(UNDERLAY "neighbours = 198.18.0.2\n", 9,
		     "key 'neighbours': '198.18.0.2' is not ADDRESS MAC");
	/* No [vtep] at all is fine without tunnel networks. */
	expect_valid(DATAPLANE "[network n]\ntype = flat\n");
	assert_false(cfg.vtep.present);

	expect_error(DATAPLANE "[port u]\ntype = phy\ndevargs = net_ring0\n[vtep]\nport = u\n", 6,
		     "[vtep]: key 'address': required");
	expect_error(DATAPLANE "[vtep]\naddress = 198.18.0.1/24\n", 3,
		     "[vtep]: key 'port': required");
	expect_error(DATAPLANE "[vtep]\naddress = 198.18.0.1/24\nport = nope\n", 5,
		     "key 'port': no port 'nope' is defined");
	expect_error(DATAPLANE "[port v]\ntype = vhost\nsocket = /tmp/sluice-unit-v.sock\n"
			       "[vtep]\naddress = 198.18.0.1/24\nport = v\n",
		     8, "key 'port': port 'v' is a vhost port; the VTEP needs a phy port");
	expect_error(DATAPLANE "[network n]\ntype = flat\n"
			       "[port u]\ntype = phy\ndevargs = net_ring0\nnetwork = n\n"
			       "[vtep]\naddress = 198.18.0.1/24\nport = u\n",
		     11, "key 'port': port 'u' is in network 'n'", "must have no network");
	expect_error(UNDERLAY "[vtep]\n", 9, "section [vtep] appears twice (first at line 6)");
	expect_error(UNDERLAY "gateway = 198.18.1.1\n", 9,
		     "key 'gateway': 198.18.1.1 is not inside 198.18.0.0/24");
	expect_error(UNDERLAY "gateway = 198.18.0.1\n", 9,
		     "key 'gateway': 198.18.0.1 is the VTEP's own address");
	expect_error(UNDERLAY "ttl = 0\n", 9, "key 'ttl': 0 is out of range 1..255");
	expect_error(UNDERLAY "ttl = 256\n", 9, "key 'ttl': 256 is out of range 1..255");
	expect_error(UNDERLAY "df = maybe\n", 9, "key 'df': 'maybe' is not one of: no yes");
	expect_error(UNDERLAY "vxlan-port = 0\n", 9,
		     "key 'vxlan-port': 0 is out of range 1..65535");
	expect_error(DATAPLANE "[vtep]\naddress = 198.18.0.1\n", 4,
		     "key 'address': '198.18.0.1' is not ADDRESS/PREFIX like 198.18.0.1/24");
	expect_error(DATAPLANE "[vtep]\naddress = 198.18.0.1/33\n", 4,
		     "key 'address': 33 is out of range 1..32");
	expect_error(DATAPLANE "[vtep]\naddress = 198.18.0/24\n", 4,
		     "key 'address': '198.18.0' is not an IPv4 address");
	expect_error(DATAPLANE "[vtep]\naddress = 224.0.0.1/24\n", 4,
		     "key 'address': '224.0.0.1' is not a unicast host address");
	expect_error(DATAPLANE "[vtep]\nname = x\n", 4, "key 'name': unknown in [vtep]");
}

static void test_tunnel_networks(void **state)
{
	(void)state;
	expect_error(UNDERLAY "[network a]\ntype = vxlan\n", 9,
		     "[network a]: key 'vni': required for type vxlan");
	expect_error(UNDERLAY "[network a]\ntype = gre\n", 9,
		     "[network a]: key 'key': required for type gre");
	expect_error(UNDERLAY "[network a]\ntype = vxlan\nvni = 0\n", 11,
		     "key 'vni': 0 is out of range 1..16777215");
	expect_error(UNDERLAY "[network a]\ntype = vxlan\nvni = 16777216\n", 11,
		     "key 'vni': 16777216 is out of range 1..16777215");
	expect_error(UNDERLAY "[network a]\ntype = gre\nkey = 4294967296\n", 11,
		     "key 'key': 4294967296 is out of range 0..4294967295");
	expect_error(UNDERLAY "[network a]\ntype = vxlan\nvni = 7\n"
			      "[network b]\ntype = vxlan\nvni = 7\n",
		     14, "key 'vni': 7 is already the VNI of network 'a'");
	expect_error(UNDERLAY "[network a]\ntype = gre\nkey = 7\n"
			      "[network b]\ntype = gre\nkey = 7\n",
		     14, "key 'key': 7 is already the key of network 'a'");
	/* A VNI and a key are different name spaces. */
	expect_valid(UNDERLAY "[network a]\ntype = gre\nkey = 7\n"
			      "[network b]\ntype = vxlan\nvni = 7\n");
	expect_error(DATAPLANE "[network a]\ntype = vxlan\nvni = 1\n", 3,
		     "[network a]: a vxlan network needs a [vtep] section");
	expect_error(DATAPLANE "[network a]\ntype = gre\nkey = 1\n", 3,
		     "[network a]: a gre network needs a [vtep] section");
	expect_error(UNDERLAY
		     "[network a]\ntype = vxlan\nvni = 1\nflood = 198.18.0.2, 198.18.0.1\n",
		     12, "key 'flood': 198.18.0.1 is the VTEP's own address");
	expect_error(UNDERLAY
		     "[network a]\ntype = vxlan\nvni = 1\nflood = 198.18.0.2, 198.18.0.2\n",
		     12, "key 'flood': 198.18.0.2 is listed twice");
	expect_error(UNDERLAY "[network a]\ntype = vxlan\nvni = 1\nflood = 198.18.0.2, x\n", 12,
		     "key 'flood': 'x' is not an IPv4 address");
	expect_error(UNDERLAY "[network a]\ntype = vxlan\nvni = 1\nkey = 5\n", 12,
		     "key 'key': does not apply to a network of type vxlan");
	expect_error(UNDERLAY "[network a]\ntype = gre\nkey = 1\nvni = 5\n", 12,
		     "key 'vni': does not apply to a network of type gre");
	expect_error(UNDERLAY "[network a]\ntype = flat\nflood = 198.18.0.2\n", 11,
		     "key 'flood': does not apply to a network of type flat");
	expect_error(DATAPLANE "[network a]\nvni = 5\n", 3, "[network a]: key 'type': required",
		     "flat, vxlan, gre or vlan");
	/* evpn: vxlan only, no by default. */
	expect_valid(UNDERLAY "[network a]\ntype = vxlan\nvni = 1\n");
	assert_int_equal(cfg.networks[0].evpn, 0);
	expect_valid(UNDERLAY "[network a]\ntype = vxlan\nvni = 1\nevpn = yes\n");
	assert_int_equal(cfg.networks[0].evpn, 1);
	expect_error(UNDERLAY "[network a]\ntype = gre\nkey = 1\nevpn = yes\n", 12,
		     "key 'evpn': does not apply to a network of type gre");
	expect_error(UNDERLAY "[network a]\ntype = vxlan\nvni = 1\nevpn = maybe\n", 12,
		     "key 'evpn'", "maybe");
}

#define TRUNK DATAPLANE "[port p]\ntype = phy\ndevargs = net_ring0\n"

static void test_vlan_networks(void **state)
{
	struct network_config net;
	int k;

	(void)state;
	/* Two vids on one trunk, one vid again on another trunk. */
	expect_valid(TRUNK "[port q]\ntype = phy\ndevargs = net_ring1\n"
			   "[network a]\ntype = vlan\nvid = 100\nport = p\n"
			   "[network b]\ntype = vlan\nvid = 200\nport = p\n"
			   "[network c]\ntype = vlan\nvid = 100\nport = q\n");
	assert_int_equal(cfg.networks[0].type, NETWORK_TYPE_VLAN);
	assert_int_equal(cfg.networks[1].vid, 200);
	assert_string_equal(cfg.networks[2].port, "q");
	expect_error(TRUNK "[network a]\ntype = vlan\nvid = 100\nport = p\n"
			   "[network b]\ntype = vlan\nvid = 100\nport = p\n",
		     12, "key 'vid': 100 on port 'p' is already network 'a'; choose another vid");
	expect_error(TRUNK "[network a]\ntype = vlan\nport = p\n", 6,
		     "[network a]: key 'vid': required for type vlan");
	expect_error(TRUNK "[network a]\ntype = vlan\nvid = 100\n", 6,
		     "[network a]: key 'port': required for type vlan");
	expect_error(TRUNK "[network a]\ntype = vlan\nvid = 4095\nport = p\n", 8,
		     "key 'vid': 4095 is out of range 1..4094");
	expect_error(TRUNK "[network a]\ntype = vlan\nvid = 0\nport = p\n", 8,
		     "key 'vid': 0 is out of range 1..4094");
	expect_error(TRUNK "[network a]\ntype = vlan\nvid = 1\nport = nope\n", 9,
		     "key 'port': no port 'nope' is defined");
	expect_error(TRUNK "[port v]\ntype = vhost\nsocket = /tmp/sluice-unit-v.sock\n"
			   "[network a]\ntype = vlan\nvid = 1\nport = v\n",
		     12,
		     "key 'port': port 'v' is a vhost port; a vlan network's trunk is a phy port");
	expect_error(UNDERLAY "[network a]\ntype = vlan\nvid = 1\nport = u\n", 12,
		     "key 'port': port 'u' is the VTEP's port; it carries the underlay: give the "
		     "vlan network another phy port as its trunk");
	expect_error(DATAPLANE "[network a]\ntype = vlan\nvid = 1\nport = p\n"
			       "[port p]\ntype = phy\ndevargs = net_ring0\nnetwork = a\n",
		     10, "key 'network': port 'p' is the trunk of vlan network 'a'");
	/* A trunk's untagged frames may go to a flat network. */
	expect_valid(DATAPLANE "[network a]\ntype = vlan\nvid = 1\nport = p\n"
			       "[network f]\ntype = flat\n"
			       "[port p]\ntype = phy\ndevargs = net_ring0\nnetwork = f\n");
	expect_error(TRUNK "[network a]\ntype = flat\nvid = 1\n", 8,
		     "key 'vid': does not apply to a network of type flat");
	expect_error(TRUNK "[network a]\ntype = vxlan\nvni = 1\nport = p\n", 9,
		     "key 'port': does not apply to a network of type vxlan");

	/* network.add: the same checks; a duplicate (port, vid) is refused. */
	expect_valid(TRUNK "[network a]\ntype = vlan\nvid = 100\nport = p\n");
	network_config_defaults(&net);
	strcpy(net.name, "b");
	k = schema_find_key(&schema_network, "type");
	assert_int_equal(schema_set(&schema_network, k, &net, "vlan", err, sizeof(err)), 0);
	net.origin.key_line[k] = 1;
	k = schema_find_key(&schema_network, "port");
	assert_int_equal(schema_set(&schema_network, k, &net, "p", err, sizeof(err)), 0);
	net.origin.key_line[k] = 1;
	assert_int_equal(config_check_network(&cfg, &net, err, sizeof(err)), -1);
	assert_string_equal(err, "[network b]: key 'vid': required for type vlan");
	k = schema_find_key(&schema_network, "vid");
	assert_int_equal(schema_set(&schema_network, k, &net, "100", err, sizeof(err)), 0);
	net.origin.key_line[k] = 1;
	assert_int_equal(config_check_network(&cfg, &net, err, sizeof(err)), -1);
	assert_string_equal(err, "key 'vid': 100 on port 'p' is already network 'a'; choose "
				 "another vid or another trunk port");
	assert_int_equal(schema_set(&schema_network, k, &net, "101", err, sizeof(err)), 0);
	assert_int_equal(config_check_network(&cfg, &net, err, sizeof(err)), 0);
}

/* Per-port limits (issue 13): defaults by port type, and every bad value a
 * file:line error naming the key. */
static void test_port_limits(void **state)
{
#define LIMIT_PORTS                                                                                \
	DATAPLANE "[network n]\ntype = flat\nmac-limit = 5000\nmac-limit-action = flood\n"         \
		  "[port p]\ntype = phy\ndevargs = net_ring0\n"                                    \
		  "[port v]\ntype = vhost\nsocket = /tmp/sluice-unit-v.sock\n"

	(void)state;
	expect_valid(LIMIT_PORTS);
	assert_int_equal(cfg.ports[0].mac_limit, 0);
	assert_int_equal(cfg.ports[0].storm_broadcast, 0);
	assert_int_equal(cfg.ports[1].mac_limit, 1024);
	assert_int_equal(cfg.ports[1].mac_limit_action, MAC_LIMIT_DROP);
	assert_int_equal(cfg.ports[1].storm_broadcast, 10000);
	assert_int_equal(cfg.ports[1].storm_multicast, 10000);
	assert_int_equal(cfg.ports[1].storm_unknown, 10000);
	assert_int_equal(cfg.ports[1].ingress_rate, 0);
	assert_int_equal(cfg.networks[0].mac_limit, 5000);
	assert_int_equal(cfg.networks[0].mac_limit_action, MAC_LIMIT_FLOOD);

	expect_valid(LIMIT_PORTS "mac-limit = 0\nmac-limit-action = flood\nstorm-broadcast = 0\n"
				 "storm-unknown = 100000000\ningress-rate = 400000\n"
				 "ingress-burst = 512\n");
	assert_int_equal(cfg.ports[1].mac_limit, 0);
	assert_int_equal(cfg.ports[1].mac_limit_action, MAC_LIMIT_FLOOD);
	assert_int_equal(cfg.ports[1].storm_broadcast, 0);
	assert_int_equal(cfg.ports[1].storm_multicast, 10000);
	assert_int_equal(cfg.ports[1].ingress_rate, 400000);
	assert_int_equal(cfg.ports[1].ingress_burst, 512);

	/* LIMIT_PORTS ends on line 12: the key under test is on 13. */
	expect_error(LIMIT_PORTS "mac-limit = -1\n", 13, "key 'mac-limit'", "not a whole number");
	expect_error(LIMIT_PORTS "mac-limit = 10k\n", 13, "key 'mac-limit'", "not a whole number");
	expect_error(LIMIT_PORTS "mac-limit-action = forward\n", 13, "key 'mac-limit-action'",
		     "flood");
	expect_error(LIMIT_PORTS "storm-broadcast = -5\n", 13, "key 'storm-broadcast'");
	expect_error(LIMIT_PORTS "storm-multicast = 100000001\n", 13, "key 'storm-multicast'",
		     "out of range 0..100000000");
	expect_error(LIMIT_PORTS "storm-unknown = 1e6\n", 13, "key 'storm-unknown'",
		     "not a whole number");
	expect_error(LIMIT_PORTS "ingress-rate = 400001\n", 13, "key 'ingress-rate'",
		     "out of range 0..400000");
	expect_error(LIMIT_PORTS "ingress-rate = 99999999999999999999\n", 13, "key 'ingress-rate'");
	expect_error(LIMIT_PORTS "ingress-burst = 1048577\n", 13, "key 'ingress-burst'",
		     "out of range");
	expect_error(LIMIT_PORTS "ingress-rate = fast\n", 13, "key 'ingress-rate'");
	expect_error(DATAPLANE "[network n]\ntype = flat\nmac-limit = -3\n", 5, "key 'mac-limit'");
#undef LIMIT_PORTS
}

static void test_check_network(void **state)
{
	struct network_config net;
	int k;

	(void)state;
	/* The socket's network.add runs the same checks, without line numbers. */
	expect_valid(UNDERLAY "[network a]\ntype = vxlan\nvni = 7\n");
	network_config_defaults(&net);
	strcpy(net.name, "b");
	k = schema_find_key(&schema_network, "type");
	assert_int_equal(schema_set(&schema_network, k, &net, "vxlan", err, sizeof(err)), 0);
	net.origin.key_line[k] = 1;
	assert_int_equal(config_check_network(&cfg, &net, err, sizeof(err)), -1);
	assert_string_equal(err, "[network b]: key 'vni': required for type vxlan");
	k = schema_find_key(&schema_network, "vni");
	assert_int_equal(schema_set(&schema_network, k, &net, "7", err, sizeof(err)), 0);
	net.origin.key_line[k] = 1;
	assert_int_equal(config_check_network(&cfg, &net, err, sizeof(err)), -1);
	assert_string_equal(err, "key 'vni': 7 is already the VNI of network 'a'");
	assert_int_equal(schema_set(&schema_network, k, &net, "8", err, sizeof(err)), 0);
	assert_int_equal(config_check_network(&cfg, &net, err, sizeof(err)), 0);

	expect_valid(DATAPLANE "[network n]\ntype = flat\n");
	assert_int_equal(config_check_network(&cfg, &net, err, sizeof(err)), -1);
	assert_string_equal(err, "[network b]: a vxlan network needs a [vtep] section (the local "
				 "tunnel endpoint)");
}

/* Port security keys (issue 13): defaults, and file:line errors. */
static void test_port_security_keys(void **state)
{
	const struct port_config *vm;

	(void)state;
	expect_valid(DATAPLANE "[port vm]\ntype = vhost\nsocket = /tmp/sluice-unit-vm.sock\n"
			       "mac = 52:54:00:00:00:01\nips = 198.18.0.11, 2001:db8::11\n");
	vm = &cfg.ports[0];
	assert_true(port_config_security_on(vm));
	assert_int_equal(vm->ips.n, 2);
	assert_int_equal(vm->dhcp_server, 0);
	assert_int_equal(vm->router, 0);
	expect_valid(DATAPLANE "[port vm]\ntype = vhost\nsocket = /tmp/sluice-unit-vm.sock\n");
	assert_false(port_config_security_on(&cfg.ports[0]));
	expect_error(DATAPLANE "[port vm]\ntype = vhost\nsocket = /tmp/sluice-unit-vm.sock\n"
			       "mac = 52:54:00:00:00:01\nips = 198.18.0.11, 198.18.0.256\n",
		     7, "key 'ips'", "198.18.0.256", "not an IPv4 or IPv6 address");
	expect_error(DATAPLANE "[port vm]\ntype = vhost\nsocket = /tmp/sluice-unit-vm.sock\n"
			       "ips = 2001:db8::/200\n",
		     6, "key 'ips'", "1..128");
	expect_error(DATAPLANE "[port vm]\ntype = vhost\nsocket = /tmp/sluice-unit-vm.sock\n"
			       "port-security = on\n",
		     6, "key 'port-security'", "set mac");
	expect_error(DATAPLANE "[port vm]\ntype = vhost\nsocket = /tmp/sluice-unit-vm.sock\n"
			       "router = maybe\n",
		     6, "key 'router'", "not one of: no yes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_config),
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_comments),
	    cmocka_unit_test(test_syntax_errors),
	    cmocka_unit_test(test_unknown_section_and_key),
	    cmocka_unit_test(test_key_set_twice),
	    cmocka_unit_test(test_wrong_type),
	    cmocka_unit_test(test_out_of_range),
	    cmocka_unit_test(test_cores),
	    cmocka_unit_test(test_missing_sections_and_keys),
	    cmocka_unit_test(test_section_names),
	    cmocka_unit_test(test_duplicates),
	    cmocka_unit_test(test_port_network),
	    cmocka_unit_test(test_socket_paths),
	    cmocka_unit_test(test_key_not_for_type),
	    cmocka_unit_test(test_tx_queues),
	    cmocka_unit_test(test_rxq_affinity),
	    cmocka_unit_test(test_control_mode_group),
	    cmocka_unit_test(test_metrics_listen),
	    cmocka_unit_test(test_vhost_socket_mode_group),
	    cmocka_unit_test(test_mac),
	    cmocka_unit_test(test_devargs_is_pci),
	    cmocka_unit_test(test_load_file),
	    cmocka_unit_test(test_vtep),
	    cmocka_unit_test(test_vtep_sizes),
	    cmocka_unit_test(test_tunnel_networks),
	    cmocka_unit_test(test_vlan_networks),
	    cmocka_unit_test(test_check_network),
	    cmocka_unit_test(test_port_security_keys),
	    cmocka_unit_test(test_port_limits),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
