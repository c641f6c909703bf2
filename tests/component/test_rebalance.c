/* The automatic rx-queue rebalancer on a live datapath: two PMDs from a
 * skewed start (both busy queues on PMD 0, PMD 1 idle) get balanced by the
 * timer after one interval, traffic still flows, and rebalance = off or a
 * pinned queue keeps the placement. The test drives both PMDs' polls and the
 * rebalancer's clock itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../control/commands.h"
#include "../../control/rebalance.h"
#include "../../dataplane/rxq_move.h"
#include "harness.h"

#define INTERVAL 3 /* seconds, set in the config */

static struct ring_port pa, pb;
static struct datapath *dp;
static struct control ctl;

static int setup(void **state)
{
	char text[1024];

	(void)state;
	if (harness_eal_init_lcores("test_rebalance", "0@0,1@1,2@1") < 0 ||
	    harness_ring_port(&pa, "ra", 4096) < 0 || harness_ring_port(&pb, "rb", 4096) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1,2\nrebalance-interval = %d\n"
		 "rebalance-threshold = 10\n"
		 "[network n]\ntype = flat\n"
		 "[port a]\ntype = phy\ndevargs = %s\nnetwork = n\n"
		 "[port b]\ntype = phy\ndevargs = %s\nnetwork = n\n",
		 INTERVAL, pa.devargs, pb.devargs);
	dp = harness_datapath(text);
	if (!dp)
		return -1;
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

/* Both ports' queue 0 on PMD 0, nothing on PMD 1. */
static void skew(void)
{
	static struct rxq_plan plan;
	static struct rxq_ref refs[2 * SLUICE_DEFAULT_PORTS * SLUICE_MAX_QUEUES];
	char err[256];

	rxq_plan_attach(&plan, refs, 2);
	plan.n_pmds = 2;
	plan.n[0] = 2;
	plan.rxq[0][0].port = (uint16_t)datapath_find_port(dp, "a");
	plan.rxq[0][1].port = (uint16_t)datapath_find_port(dp, "b");
	assert_int_equal(datapath_rxq_apply(dp, &plan, err, sizeof(err)), 0);
	assert_int_equal(dp->view->plan.n[0], 2);
	assert_int_equal(dp->view->plan.n[1], 0);
}

/* A second of traffic: bursts both ways, both PMDs polled, the wires
 * drained. Many bursts, so what a queue costs is its packets, not the cold
 * caches of the first poll after the test thread's own work. */
static void traffic(void)
{
	for (int burst = 0; burst < 16; burst++) {
		for (int i = 0; i < BURST_SIZE; i++) {
			harness_inject(
			    &pa, harness_frame("02:00:00:00:00:0b", "02:00:00:00:00:0a", 512));
			harness_inject(
			    &pb, harness_frame("02:00:00:00:00:0a", "02:00:00:00:00:0b", 512));
		}
		pmd_poll_once(dp->pmds[0]);
		pmd_poll_once(dp->pmds[1]);
		datapath_tick(dp);
		harness_drain(&pa);
		harness_drain(&pb);
	}
}

/* Runs the timer from second `from` for `seconds`, traffic each second;
 * returns the queues it moved. */
static uint32_t run(struct rebalance *rb, uint64_t from, uint32_t seconds)
{
	uint32_t moved = 0;

	for (uint64_t s = from; s < from + seconds; s++) {
		traffic();
		moved += rebalance_tick(rb, dp, s);
	}
	return moved;
}

static void test_skewed_start_rebalanced(void **state)
{
	struct rebalance *rb;
	const struct rebalance_report *r;
	json_t *show;
	uint64_t rx_a;
	uint32_t moved;

	(void)state;
	skew();
	rb = rebalance_create(0);
	assert_non_null(rb);
	ctl.rebalance = rb;
	/* Before the first interval is over: no decision. */
	assert_int_equal(run(rb, 1, INTERVAL - 1), 0);
	assert_false(rebalance_last(rb)->taken);
	assert_int_equal(dp->view->plan.n[1], 0);
	/* The interval's decision moves one of the two busy queues. */
	moved = run(rb, INTERVAL, 1);
	r = rebalance_last(rb);
	print_message(
	    "decision: taken %d applied %d moved %u busiest %.3f%% -> %.3f%% gain %.1f%%\n",
	    r->taken, r->applied, r->d.moved, r->d.busiest_before_pct, r->d.busiest_after_pct,
	    r->d.gain_pct);
	assert_int_equal(moved, 1);
	assert_true(r->taken && r->applied);
	assert_int_equal(r->d.moved, 1);
	assert_true(r->d.gain_pct > 10.0);
	assert_true(r->d.load_before_pct[1] == 0.0 && r->d.load_after_pct[1] > 0.0);
	assert_int_equal(dp->view->plan.n[0], 1);
	assert_int_equal(dp->view->plan.n[1], 1);
	/* Balanced now: the next intervals keep it. */
	assert_int_equal(run(rb, INTERVAL + 1, 2 * INTERVAL), 0);
	assert_true(rebalance_last(rb)->taken && !rebalance_last(rb)->applied);
	/* Traffic flows from the moved queue: b -> a arrives on a. */
	rx_a = harness_tx_packets(dp, "a");
	traffic();
	assert_true(harness_tx_packets(dp, "a") > rx_a);
	/* rxq show carries the decision. */
	show = cmd_rxq_show(&ctl, NULL, NULL);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(show, "rebalance"), "mode")), "auto");
	assert_non_null(json_object_get(json_object_get(show, "rebalance"), "last"));
	json_decref(show);
	ctl.rebalance = NULL;
	rebalance_destroy(rb);
}

static void test_off_keeps_placement(void **state)
{
	struct rebalance *rb;

	(void)state;
	skew();
	dp->desired.cfg.dataplane.rebalance = REBALANCE_OFF;
	rb = rebalance_create(0);
	assert_int_equal(run(rb, 1, 3 * INTERVAL), 0);
	assert_false(rebalance_last(rb)->taken);
	assert_int_equal(dp->view->plan.n[1], 0);
	dp->desired.cfg.dataplane.rebalance = REBALANCE_AUTO;
	rebalance_destroy(rb);
}

static void test_pinned_stays(void **state)
{
	struct rebalance *rb;
	int a = datapath_find_port(dp, "a"), b = datapath_find_port(dp, "b");

	(void)state;
	skew();
	dp->desired.rxq_pin[a][0] = 0;
	dp->desired.rxq_pin[b][0] = 0;
	rb = rebalance_create(0);
	assert_int_equal(run(rb, 1, 2 * INTERVAL), 0);
	assert_true(rebalance_last(rb)->taken);
	assert_int_equal(dp->view->plan.n[0], 2);
	dp->desired.rxq_pin[a][0] = -1;
	dp->desired.rxq_pin[b][0] = -1;
	rebalance_destroy(rb);
}

static json_t *dispatch(const char *params)
{
	char line[512], *reply;
	json_t *j;

	snprintf(line, sizeof(line),
		 "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rxq.auto\",\"params\":%s}", params);
	reply = command_dispatch(&ctl, line, strlen(line));
	assert_non_null(reply);
	j = json_loads(reply, 0, NULL);
	free(reply);
	assert_non_null(j);
	return j;
}

/* rxq.auto changes the settings live, all or none. */
static void test_rxq_auto(void **state)
{
	const struct dataplane_config *c = &dp->desired.cfg.dataplane;
	json_t *r;

	(void)state;
	r = dispatch("{\"rebalance\":\"off\",\"rebalance-interval\":\"7\","
		     "\"rebalance-threshold\":40,\"pmd-sleep-max\":100}");
	assert_non_null(json_object_get(r, "result"));
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r, "result"), "mode")), "off");
	json_decref(r);
	assert_int_equal(c->rebalance, REBALANCE_OFF);
	assert_int_equal(c->rebalance_interval, 7);
	assert_int_equal(c->rebalance_threshold, 40);
	assert_int_equal(c->pmd_sleep_max, 100);
	/* PMDs read it, and vhost-tx-retries, from the view, not dp->desired. */
	assert_int_equal(dp->view->pmd_sleep_max, 100);
	assert_int_equal(dp->view->vhost_tx_retries, c->vhost_tx_retries);
	/* One bad value: nothing changes. */
	r = dispatch("{\"rebalance\":\"auto\",\"pmd-sleep-max\":20000}");
	assert_non_null(json_object_get(r, "error"));
	json_decref(r);
	assert_int_equal(c->rebalance, REBALANCE_OFF);
	assert_int_equal(c->pmd_sleep_max, 100);
	r = dispatch("{\"rebalance\":\"sometimes\"}");
	assert_non_null(json_object_get(r, "error"));
	json_decref(r);
	r = dispatch("{\"rebalance\":\"auto\",\"rebalance-interval\":3,"
		     "\"rebalance-threshold\":10,\"pmd-sleep-max\":0}");
	assert_non_null(json_object_get(r, "result"));
	json_decref(r);
	assert_int_equal(c->rebalance, REBALANCE_AUTO);
	assert_int_equal(dp->view->pmd_sleep_max, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_skewed_start_rebalanced),
	    cmocka_unit_test(test_off_keeps_placement),
	    cmocka_unit_test(test_pinned_stays),
	    cmocka_unit_test(test_rxq_auto),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
