/* The FDB at a million MACs (issue 15, item 4): aged a slice per tick (never
 * early, each entry within one period of expiring), paged by fdb.show across
 * deletes (each entry once, each page bounded), and a learn request lost to
 * a full ring asked again by the MAC's next packet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../control/commands.h"
#include "../../dataplane/fdb_aging.h"
#include "harness.h"

#define N_MACS 1000000u
#define CAPACITY 1048576u

static struct ring_port pa, pb, pc;
static struct datapath *dp;
static struct control ctl;
static int net_s, net_t, port_a, port_c;

/* MAC i: 02:00 then i in the last four bytes. */
static void mac_of(uint32_t i, uint8_t mac[6])
{
	mac[0] = 0x02;
	mac[1] = 0x00;
	mac[2] = (uint8_t)(i >> 24);
	mac[3] = (uint8_t)(i >> 16);
	mac[4] = (uint8_t)(i >> 8);
	mac[5] = (uint8_t)i;
}

static void key_of(uint32_t i, struct fdb_key *key)
{
	uint8_t mac[6];

	mac_of(i, mac);
	fdb_key_set(key, mac, (uint16_t)(i % 2 ? net_t : net_s));
}

/* Even MACs in s (mac-aging 10) on a, odd in t (mac-aging 20) on c. */
static void fill(uint8_t origin, uint32_t (*last_seen)(uint32_t))
{
	for (uint32_t i = 0; i < N_MACS; i++) {
		struct fdb_key key;

		key_of(i, &key);
		assert_int_equal(fdb_learn(&dp->fdb, &key, (uint16_t)(i % 2 ? port_c : port_a), 0,
					   origin, last_seen(i)),
				 0);
	}
	assert_int_equal(dp->fdb.count, N_MACS);
}

static int setup(void **state)
{
	char text[1024];

	(void)state;
	if (harness_eal_init("test_fdb_scale") < 0 || harness_ring_port(&pa, "sa", 1024) < 0 ||
	    harness_ring_port(&pb, "sb", 1024) < 0 || harness_ring_port(&pc, "sc", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\nfdb-entries = %u\n"
		 "[network s]\ntype = flat\nmac-aging = 10\n"
		 "[network t]\ntype = flat\nmac-aging = 20\n"
		 "[port a]\ntype = phy\ndevargs = %s\nnetwork = s\n"
		 "[port b]\ntype = phy\ndevargs = %s\nnetwork = s\n"
		 "[port c]\ntype = phy\ndevargs = %s\nnetwork = t\n",
		 CAPACITY, pa.devargs, pb.devargs, pc.devargs);
	dp = harness_datapath(text);
	if (!dp)
		return -1;
	ctl.dp = dp;
	net_s = datapath_find_network(dp, "s");
	net_t = datapath_find_network(dp, "t");
	port_a = datapath_find_port(dp, "a");
	port_c = datapath_find_port(dp, "c");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	datapath_destroy(dp);
	harness_eal_cleanup();
	return 0;
}

static uint32_t seen_0_to_19(uint32_t i)
{
	return i % 20;
}

/* Entry i expires at this second (fdb_entry_expired). */
static uint32_t expires(uint32_t i)
{
	return i % 20 + (i % 2 ? 20 : 10);
}

/* A million learned MACs, last seen over 20 seconds, aged by slices on a
 * clock ticking every 7 ms from second 20: at every checkpoint no entry is
 * gone before it expired, and every one is gone within one period (the
 * shortest aging, 10 s) of expiring (or of second 20). No tick looks at more than
 * FDB_SWEEP_MAX_SLICE. */
static void test_million_aged_by_slices(void **state)
{
	uint32_t period = fdb_aging_period(dp), removed_total = 0;

	(void)state;
	assert_int_equal(period, 10);
	fill(FDB_ORIGIN_LEARNED, seen_0_to_19);
	/* The clock starts at 20 s, after every last_seen. */
	for (uint64_t ms = 20000; ms <= 60000; ms += 7) {
		uint32_t now = (uint32_t)(ms / 1000);
		uint32_t removed = fdb_age_slice(&dp->fdb, now, ms, dp->aging, period);

		assert_true(removed <= FDB_SWEEP_MAX_SLICE);
		removed_total += removed;
		if (ms % 5000 >= 7)
			continue;
		/* A checkpoint about every 5 s: every entry's presence. */
		for (uint32_t i = 0; i < N_MACS; i++) {
			struct fdb_key key;
			bool present;

			key_of(i, &key);
			present = fdb_find(&dp->fdb, &key) != NULL;
			if (now < expires(i) && !present)
				fail_msg("MAC %u aged at %u s, expires at %u s", i, now,
					 expires(i));
			/* Covered within a period of expiring, or of the
			 * sweep's start for what expired before it. */
			if (now >= (expires(i) > 20 ? expires(i) : 20) + period + 1 && present)
				fail_msg("MAC %u still there at %u s, expired at %u s", i, now,
					 expires(i));
		}
	}
	assert_int_equal(dp->fdb.count, 0);
	assert_int_equal(removed_total, N_MACS);
}

static json_t *call(const char *line)
{
	char *reply = command_dispatch(&ctl, line, strlen(line));
	json_t *j = json_loads(reply, 0, NULL);

	free(reply);
	assert_non_null(j);
	return j;
}

/* i from a MAC text made by mac_of. */
static uint32_t index_of(const char *text)
{
	unsigned b[6];

	assert_int_equal(
	    sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]), 6);
	return (uint32_t)b[2] << 24 | b[3] << 16 | b[4] << 8 | b[5];
}

static uint32_t seen_now(uint32_t i)
{
	(void)i;
	return 0;
}

/* fdb.show pages of 4,096 through a million entries while three entries are
 * deleted between pages (ahead of the cursor and behind it): every entry
 * that stayed is listed exactly once, deleted ones at most once. */
static void test_million_paged_once_across_deletes(void **state)
{
	uint8_t *seen = calloc(N_MACS, 1), *deleted = calloc(N_MACS, 1);
	long long cursor = 0;
	uint32_t pages = 0, seed = 1, listed = 0;
	char line[256];

	(void)state;
	assert_non_null(seen);
	assert_non_null(deleted);
	fill(FDB_ORIGIN_STATIC, seen_now);
	for (;;) {
		json_t *reply, *result, *entries, *e, *next;
		size_t k;

		snprintf(line, sizeof(line),
			 "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fdb.show\",\"params\":"
			 "{\"limit\":4096,\"cursor\":%lld}}",
			 cursor);
		reply = call(line);
		result = json_object_get(reply, "result");
		entries = json_object_get(result, "entries");
		assert_non_null(entries);
		assert_true(json_array_size(entries) <= 4096);
		json_array_foreach(entries, k, e)
		{
			uint32_t i = index_of(json_string_value(json_object_get(e, "mac")));

			assert_true(i < N_MACS);
			if (seen[i])
				fail_msg("MAC %u listed twice", i);
			seen[i] = 1;
			listed++;
		}
		next = json_object_get(result, "next");
		pages++;
		if (!next) {
			json_decref(reply);
			break;
		}
		assert_true(json_integer_value(next) > cursor);
		cursor = json_integer_value(next);
		json_decref(reply);
		for (int d = 0; d < 3; d++) {
			struct fdb_key key;
			uint32_t i;

			seed = seed * 1103515245u + 12345u;
			i = (seed >> 4) % N_MACS;
			key_of(i, &key);
			if (fdb_delete(&dp->fdb, &key) == 0)
				deleted[i] = 1;
		}
	}
	for (uint32_t i = 0; i < N_MACS; i++)
		if (!deleted[i] && !seen[i])
			fail_msg("MAC %u never listed", i);
	assert_true(pages >= N_MACS / 4096);
	assert_true(listed >= N_MACS - 3 * pages);
	free(seen);
	free(deleted);
}

/* A network filter matching nothing: a page looks at FDB_SHOW_SCAN_MAX
 * slots, answers none of them and says where to go on, rather than walking
 * the whole table on the control thread. */
static void test_filtered_page_bounded(void **state)
{
	json_t *reply, *result;

	(void)state;
	fdb_flush_network(&dp->fdb, (uint16_t)net_t);
	assert_true(dp->fdb.count > 0);
	reply = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fdb.show\",\"params\":"
		     "{\"network\":\"t\"}}");
	result = json_object_get(reply, "result");
	assert_int_equal(json_array_size(json_object_get(result, "entries")), 0);
	assert_int_equal(json_integer_value(json_object_get(result, "next")), FDB_SHOW_SCAN_MAX);
	json_decref(reply);
	fdb_flush_network(&dp->fdb, (uint16_t)net_s);
	assert_int_equal(dp->fdb.count, 0);
}

/* A source whose learn request found the ring full is counted
 * (learn_queue_full), stays unknown, and its next packet asks again: no
 * cache or once-per-burst dedupe keeps it unlearned. */
static void test_learn_ring_overflow_recovered(void **state)
{
	struct rte_ring *ring = dp->pmds[0]->learn_ring;
	uint64_t lost = dp->pmds[0]->counters.learn_queue_full;
	uint32_t filler = 0;

	(void)state;
	for (;;) {
		struct fdb_learn_request req = {.port = (uint16_t)port_a};

		key_of(2 * filler, &req.key);
		if (rte_ring_enqueue_elem(ring, &req, sizeof(req)) < 0)
			break;
		filler++;
	}
	assert_true(filler > 0);
	harness_inject(&pa, harness_frame("ff:ff:ff:ff:ff:ff", "02:aa:00:00:00:01", 64));
	pmd_poll_once(dp->pmds[0]);
	assert_int_equal(dp->pmds[0]->counters.learn_queue_full, lost + 1);
	datapath_tick(dp); /* the control thread catches up: the fillers */
	assert_int_equal(dp->fdb.count, filler);
	assert_int_equal(harness_fdb_port(dp, "s", "02:aa:00:00:00:01"), -1);
	/* The next packet from the MAC. */
	harness_inject(&pa, harness_frame("ff:ff:ff:ff:ff:ff", "02:aa:00:00:00:01", 64));
	harness_poll(dp);
	assert_int_equal(harness_fdb_port(dp, "s", "02:aa:00:00:00:01"), port_a);
	assert_int_equal(dp->pmds[0]->counters.learn_queue_full, lost + 1);
	harness_drain(&pb);
}

static json_int_t num(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

/* stats.memory: each table's bytes as the allocator gave them, at least
 * what the structures need, and the FDB's count; the rows sum to the total,
 * which the heap holds. */
static void test_stats_memory(void **state)
{
	json_t *reply = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"stats.memory\"}");
	json_t *r = json_object_get(reply, "result"), *fdb = json_object_get(r, "fdb");
	json_t *pmd = json_array_get(json_object_get(r, "pmds"), 0);
	json_t *pool = json_array_get(json_object_get(r, "pools"), 0);
	json_int_t rows;

	(void)state;
	assert_non_null(fdb);
	assert_int_equal(num(fdb, "capacity"), CAPACITY);
	assert_int_equal(num(fdb, "entries"), dp->fdb.count);
	/* rte_hash keeps a key slot (16 bytes here) per entry and more. */
	assert_true(num(fdb, "hash_bytes") >= (json_int_t)CAPACITY * 16);
	assert_true(num(fdb, "entry_bytes") >= (json_int_t)(CAPACITY * sizeof(struct fdb_entry)));
	assert_true(num(fdb, "bookkeeping_bytes") >= (json_int_t)CAPACITY * 12);
	assert_true(num(r, "view_bytes") >= (json_int_t)sizeof(struct fwd_view));
	assert_true(num(r, "datapath_bytes") >= (json_int_t)sizeof(struct datapath));
	assert_non_null(pmd);
	assert_true(num(pmd, "state_bytes") >= (json_int_t)sizeof(struct pmd));
	assert_true(
	    num(pmd, "learn_ring_bytes") >=
	    (json_int_t)rte_ring_get_memsize_elem(sizeof(struct fdb_learn_request),
						  rte_ring_get_size(dp->pmds[0]->learn_ring)));
	assert_int_equal(num(pmd, "learn_queue_full"), dp->pmds[0]->counters.learn_queue_full);
	assert_non_null(pool);
	assert_non_null(dp->pools[0]);
	assert_true(num(pool, "bytes") >= num(pool, "mbufs") * (json_int_t)dp->pools[0]->elt_size);
	rows = num(fdb, "bytes") + num(r, "view_bytes") + num(r, "datapath_bytes") +
	       num(pmd, "state_bytes") + num(pmd, "learn_ring_bytes") +
	       num(pmd, "punt_ring_bytes") + num(pool, "bytes");
	assert_int_equal(num(r, "total_bytes"), rows);
	assert_true(num(json_object_get(r, "heap"), "allocated_bytes") >= rows);
	json_decref(reply);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_million_aged_by_slices),
	    cmocka_unit_test(test_million_paged_once_across_deletes),
	    cmocka_unit_test(test_filtered_page_bounded),
	    cmocka_unit_test(test_learn_ring_overflow_recovered),
	    cmocka_unit_test(test_stats_memory),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
