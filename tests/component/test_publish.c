/* A change the datapath cannot publish fails whole (issue 11, finding 4).
 *
 * Moving a receive queue to another PMD takes two views (view_build.c: the
 * step between polls the moved queue from nobody). Here the rte_malloc heap
 * (--no-huge, so it cannot grow) is filled with view-sized blocks, one is
 * given back, the new view takes it and the step between finds no memory:
 * the request must answer an error and leave the desired state, the published
 * view and the pin as they were. The PMDs are never launched: the test thread
 * polls and publishes, so RCU waits for nobody. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <rte_malloc.h>

#include "../../control/commands.h"
#include "harness.h"

#define HOLD_MAX 16384

static struct ring_port pa;
static struct datapath *dp;
static struct control ctl;
static void *held[HOLD_MAX];
static unsigned n_held;

static int setup(void **state)
{
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char text[1024], err[512];

	(void)state;
	if (harness_eal_init_lcores("test_publish", "0@0,1@1,2@1") < 0 ||
	    harness_ring_port(&pa, "pa", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1,2\n"
		 "[network n]\ntype = flat\n"
		 "[port a]\ntype = phy\ndevargs = %s\nnetwork = n\n",
		 pa.devargs);
	if (harness_config(text, &cfg) < 0)
		return -1;
	dp = datapath_create(&cfg, NULL, err, sizeof(err));
	if (!dp) {
		fprintf(stderr, "datapath_create: %s\n", err);
		return -1;
	}
	ctl.dp = dp;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	datapath_destroy(dp);
	harness_eal_cleanup();
	return 0;
}

/* Takes every block of a view's size the heap has, then gives one back: the
 * next view allocation succeeds, the one after it fails. A view is one block
 * of view->bytes (view_alloc.c). */
static void heap_leave_one_view(void)
{
	void *p;

	while (n_held < HOLD_MAX &&
	       (p = rte_malloc("hog", dp->view->bytes, RTE_CACHE_LINE_SIZE)) != NULL)
		held[n_held++] = p;
	assert_true(n_held > 1 && n_held < HOLD_MAX);
	rte_free(held[--n_held]);
}

static void heap_release(void)
{
	while (n_held)
		rte_free(held[--n_held]);
}

/* The PMD (worker index) that polls port a's queue 0 in the published view. */
static int worker_of_queue0(void)
{
	const struct fwd_view *view = dp->view;
	int port = datapath_find_port(dp, "a");

	for (uint32_t w = 0; w < view->plan.n_pmds; w++)
		for (uint32_t j = 0; j < view->plan.n[w]; j++)
			if (view->plan.rxq[w][j].port == port && view->plan.rxq[w][j].queue == 0)
				return (int)w;
	return -1;
}

static json_t *rxq_set(unsigned core)
{
	char line[256], *reply;
	json_t *j;

	snprintf(line, sizeof(line),
		 "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"rxq.set\",\"params\":"
		 "{\"port\":\"a\",\"queue\":0,\"core\":%u}}",
		 core);
	reply = command_dispatch(&ctl, line, strlen(line));
	assert_non_null(reply);
	j = json_loads(reply, 0, NULL);
	free(reply);
	assert_non_null(j);
	return j;
}

static void test_move_without_memory_fails_whole(void **state)
{
	int port = datapath_find_port(dp, "a");
	int from = worker_of_queue0();
	unsigned to_core = from == 0 ? 2 : 1; /* worker-cores = 1,2 */
	const struct fwd_view *before = dp->view;
	json_t *r, *error;

	(void)state;
	assert_true(from >= 0);
	assert_int_equal(dp->desired.rxq_pin[port][0], -1);

	heap_leave_one_view();
	r = rxq_set(to_core);
	heap_release();

	error = json_object_get(r, "error");
	if (!error) {
		char *text = json_dumps(r, JSON_COMPACT);

		fprintf(stderr, "rxq.set answered %s\n", text);
		free(text);
	}
	assert_non_null(error);
	assert_int_equal(json_integer_value(json_object_get(error, "code")), -32000);
	assert_non_null(strstr(json_string_value(json_object_get(error, "message")),
			       "out of memory for the forwarding view"));
	assert_int_equal(json_integer_value(json_object_get(r, "id")), 7);
	json_decref(r);
	/* Nothing half applied: the pin, the view and the queue's PMD. */
	assert_int_equal(dp->desired.rxq_pin[port][0], -1);
	assert_ptr_equal(dp->view, before);
	assert_int_equal(worker_of_queue0(), from);

	/* With memory the same request moves the queue: the test above did
	 * exercise a move. */
	r = rxq_set(to_core);
	assert_null(json_object_get(r, "error"));
	json_decref(r);
	assert_int_equal(worker_of_queue0(), from == 0 ? 1 : 0);
	assert_int_equal(dp->desired.rxq_pin[port][0], from == 0 ? 1 : 0);
}

/* Traffic still flows after the failed change: the old view was kept, not
 * freed under the PMD. */
static void test_forwarding_after_failure(void **state)
{
	int w = worker_of_queue0();
	uint64_t rx = harness_rx_packets(dp, "a");

	(void)state;
	assert_true(w >= 0);
	harness_inject(&pa, harness_frame("02:00:00:00:00:02", "02:00:00:00:00:01", 64));
	pmd_poll_once(dp->pmds[w]);
	assert_int_equal(harness_rx_packets(dp, "a"), rx + 1);
	harness_drain(&pa);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_move_without_memory_fails_whole),
	    cmocka_unit_test(test_forwarding_after_failure),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
