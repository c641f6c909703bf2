/* evpn.show at FDB scale (issue 15 review): it used to walk the whole FDB
 * capacity on every request, twice (rte_hash_iterate for the remote MACs,
 * the exported array for the local ones), 4 M slots at scale, holding the
 * control thread. Now the counts come from the export pass and the MAC
 * lists come a bounded window of the entries array at a time, as fdb.show
 * pages. A large, sparse table whose few entries sit past the first window
 * shows the bound: the first page lists none of them and says where to go
 * on; the pages together list each MAC once.
 *
 * The EVPN state is made by hand (no netlink, no shadow devices): what
 * evpn.show reads of it is the shadows' fields, the counters and the
 * exported arrays. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>

#include "../../control/commands.h"
#include "../../control/evpn.h"
#include "harness.h"

#define CAPACITY 1048576u
#define FILLER 300000u /* learned, then deleted: the live entries come after */
#define N_REMOTE 100u
#define N_LOCAL 50u

static struct ring_port pv, pu;
static struct datapath *dp;
static struct control ctl;
static struct evpn *ev;
static int net_ov, port_v, port_u;
static uint32_t vtep_remote;

/* MAC i of a kind: 02:kind then i in the last four bytes. */
static void key_of(uint8_t kind, uint32_t i, struct fdb_key *key)
{
	uint8_t mac[6] = {
	    0x02, kind, (uint8_t)(i >> 24), (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i};

	fdb_key_set(key, mac, (uint16_t)net_ov);
}

static int setup(void **state)
{
	char text[1024];
	struct fdb_key key;

	(void)state;
	if (harness_eal_init("test_evpn_show") < 0 || harness_ring_port(&pv, "ev", 1024) < 0 ||
	    harness_ring_port(&pu, "eu", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\nfdb-entries = %u\n"
		 "[network ov]\ntype = vxlan\nvni = 100\nevpn = yes\n"
		 "[port v]\ntype = phy\ndevargs = %s\nnetwork = ov\n"
		 "[port u]\ntype = phy\ndevargs = %s\n"
		 "[vtep]\naddress = 198.18.0.1/24\nport = u\n",
		 CAPACITY, pv.devargs, pu.devargs);
	dp = harness_datapath(text);
	if (!dp)
		return -1;
	net_ov = datapath_find_network(dp, "ov");
	port_v = datapath_find_port(dp, "v");
	port_u = datapath_find_port(dp, "u");
	inet_pton(AF_INET, "198.18.0.2", &vtep_remote);
	ev = calloc(1, sizeof(*ev));
	ev->dp = dp;
	ev->nets = calloc(SLUICE_MAX_NETWORKS, sizeof(*ev->nets)); /* as evpn_create */
	ev->flood_changed = calloc(SLUICE_MAX_NETWORKS, sizeof(*ev->flood_changed));
	if (!ev->nets || !ev->flood_changed)
		return -1;
	ev->exported = calloc(CAPACITY, 1);
	ev->exported_key = calloc(CAPACITY, sizeof(*ev->exported_key));
	if (!ev->exported || !ev->exported_key)
		return -1;
	ev->nets[net_ov].active = true;
	ev->nets[net_ov].vni = 100;
	snprintf(ev->nets[net_ov].br_name, IFNAMSIZ, "slbr100");
	snprintf(ev->nets[net_ov].vx_name, IFNAMSIZ, "slvx100");
	snprintf(ev->nets[net_ov].vm_name, IFNAMSIZ, "slvm100");
	ctl.dp = dp;
	ctl.evpn = ev;

	/* Fillers take the low slots, then go: the table is sparse below. */
	for (uint32_t i = 0; i < FILLER; i++) {
		key_of(0xff, i, &key);
		if (fdb_learn(&dp->fdb, &key, (uint16_t)port_v, 0, FDB_ORIGIN_LEARNED, 0) < 0)
			return -1;
	}
	for (uint32_t i = 0; i < N_REMOTE; i++) {
		key_of(0x01, i, &key);
		if (fdb_learn(&dp->fdb, &key, (uint16_t)port_u, vtep_remote, FDB_ORIGIN_EVPN, 0) <
		    0)
			return -1;
	}
	for (uint32_t i = 0; i < N_LOCAL; i++) {
		const struct fdb_entry *e;

		key_of(0x02, i, &key);
		if (fdb_learn(&dp->fdb, &key, (uint16_t)port_v, 0, FDB_ORIGIN_LEARNED, 0) < 0)
			return -1;
		/* As the export pass marks what it put on slvm100. */
		e = fdb_find(&dp->fdb, &key);
		ev->exported[e - dp->fdb.entries] = 1;
		ev->exported_key[e - dp->fdb.entries] = key;
		ev->nets[net_ov].n_exported++;
	}
	for (uint32_t i = 0; i < FILLER; i++) {
		key_of(0xff, i, &key);
		if (fdb_delete(&dp->fdb, &key) < 0)
			return -1;
	}
	return dp->fdb.count == N_REMOTE + N_LOCAL ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(ev->exported);
	free(ev->exported_key);
	free(ev->nets);
	free(ev->flood_changed);
	free(ev);
	datapath_destroy(dp);
	harness_eal_cleanup();
	return 0;
}

static json_t *call(const char *line)
{
	char *reply = command_dispatch(&ctl, line, strlen(line));
	json_t *j = json_loads(reply, 0, NULL);

	free(reply);
	assert_non_null(j);
	return j;
}

static json_t *show_page(long long cursor)
{
	char line[256];
	json_t *r;

	snprintf(line, sizeof(line),
		 "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"evpn.show\",\"params\":"
		 "{\"macs\":true,\"cursor\":%lld}}",
		 cursor);
	r = call(line);
	if (!json_object_get(r, "result"))
		fail_msg("evpn.show: %s", json_dumps(r, 0));
	return r;
}

static const json_t *network_of(const json_t *r)
{
	const json_t *nets = json_object_get(json_object_get(r, "result"), "networks");

	assert_int_equal(json_array_size(nets), 1);
	return json_array_get(nets, 0);
}

/* The first page looks at FDB_SHOW_SCAN_MAX slots, where nothing lives. */
static void test_first_page_bounded(void **state)
{
	json_t *r;
	const json_t *n;

	(void)state;
	r = show_page(0);
	n = network_of(r);
	assert_int_equal(json_array_size(json_object_get(n, "remote")), 0);
	assert_int_equal(json_array_size(json_object_get(n, "local")), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "result"), "next")),
			 FDB_SHOW_SCAN_MAX);
	json_decref(r);
}

/* Marks MAC m (02:kind:...:i) seen; fails on another kind or one seen twice. */
static void see_mac(const json_t *m, unsigned kind, char *seen, unsigned n)
{
	unsigned b[6];

	assert_int_equal(sscanf(json_string_value(json_object_get(m, "mac")), "%x:%x:%x:%x:%x:%x",
				&b[0], &b[1], &b[2], &b[3], &b[4], &b[5]),
			 6);
	assert_int_equal(b[1], kind);
	assert_true(b[5] < n);
	assert_int_equal(seen[b[5]]++, 0);
}

/* The pages together: every remote MAC (with its VTEP) and every local
 * MAC once, in capacity / FDB_SHOW_SCAN_MAX pages. */
static void test_pages_list_each_mac_once(void **state)
{
	char remote_seen[N_REMOTE] = {0}, local_seen[N_LOCAL] = {0};
	long long cursor = 0;
	unsigned pages = 0, remote = 0, local = 0;

	(void)state;
	for (;;) {
		json_t *r = show_page(cursor), *next, *m;
		const json_t *n = network_of(r);
		size_t i;

		json_array_foreach(json_object_get(n, "remote"), i, m)
		{
			see_mac(m, 0x01, remote_seen, N_REMOTE);
			assert_string_equal(json_string_value(json_object_get(m, "remote")),
					    "198.18.0.2");
			remote++;
		}
		json_array_foreach(json_object_get(n, "local"), i, m)
		{
			see_mac(m, 0x02, local_seen, N_LOCAL);
			local++;
		}
		pages++;
		next = json_object_get(json_object_get(r, "result"), "next");
		if (!next) {
			json_decref(r);
			break;
		}
		assert_true(json_integer_value(next) > cursor);
		cursor = json_integer_value(next);
		json_decref(r);
	}
	assert_int_equal(remote, N_REMOTE);
	assert_int_equal(local, N_LOCAL);
	assert_int_equal(pages, CAPACITY / FDB_SHOW_SCAN_MAX);
}

/* Without macs: the counts, from the export pass, and no "next". */
static void test_counts_from_export_pass(void **state)
{
	json_t *r;
	const json_t *n;

	(void)state;
	evpn_export_run(ev); /* no local MAC left to export: no netlink */
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"evpn.show\"}");
	n = network_of(r);
	assert_int_equal(json_integer_value(json_object_get(n, "remote_macs")), N_REMOTE);
	assert_int_equal(json_integer_value(json_object_get(n, "local_macs")), N_LOCAL);
	assert_null(json_object_get(n, "remote"));
	assert_null(json_object_get(json_object_get(r, "result"), "next"));
	json_decref(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_first_page_bounded),
	    cmocka_unit_test(test_pages_list_each_mac_once),
	    cmocka_unit_test(test_counts_from_export_pass),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
