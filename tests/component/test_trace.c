/* sluicectl trace's methods on a datapath of three ring-backed ports on one
 * flat network: a flooded, a known unicast and a dropped packet each show
 * their stages; only the port traced and only count packets are marked; the
 * trace disarms itself once they were. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../control/commands.h"
#include "../../dataplane/trace.h"
#include "harness.h"

#define MAC_A "02:00:00:00:0a:0a"
#define MAC_B "02:00:00:00:0b:0b"
#define BCAST "ff:ff:ff:ff:ff:ff"

static struct ring_port pa, pb, pc;
static struct datapath *dp;
static struct control ctl;

static json_t *call(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static json_t *call(const char *fmt, ...)
{
	char line[1024], *reply;
	json_t *j;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	reply = command_dispatch(&ctl, line, strlen(line));
	assert_non_null(reply);
	j = json_loads(reply, 0, NULL);
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

/* The stages of traced packet id as one line: "rx a|network net a|...". */
static void stages_of(json_t *show, int id, char *buf, size_t len)
{
	json_t *packets = json_object_get(json_object_get(show, "result"), "packets"), *p, *s;
	size_t i, k;

	buf[0] = '\0';
	json_array_foreach(packets, i, p)
	{
		if (json_integer_value(json_object_get(p, "id")) != id)
			continue;
		json_array_foreach(json_object_get(p, "stages"), k, s)
		{
			const char *stage = json_string_value(json_object_get(s, "stage"));
			char one[128];

			if (strcmp(stage, "rx") == 0 || strcmp(stage, "output") == 0)
				snprintf(one, sizeof(one), "%s %s", stage,
					 json_string_value(json_object_get(s, "port")));
			else if (strcmp(stage, "network") == 0)
				snprintf(one, sizeof(one), "network %s from %s",
					 json_string_value(json_object_get(s, "network")),
					 json_string_value(json_object_get(s, "from")));
			else if (strcmp(stage, "fdb") == 0 &&
				 strcmp(json_string_value(json_object_get(s, "result")), "hit") ==
				     0)
				snprintf(one, sizeof(one), "fdb hit %s",
					 json_string_value(json_object_get(s, "port")));
			else if (strcmp(stage, "fdb") == 0)
				snprintf(
				    one, sizeof(one), "fdb flood %d",
				    (int)json_integer_value(json_object_get(s, "local_outputs")));
			else if (strcmp(stage, "drop") == 0)
				snprintf(one, sizeof(one), "drop %s",
					 json_string_value(json_object_get(s, "reason")));
			else
				snprintf(one, sizeof(one), "%s", stage);
			if (buf[0])
				strncat(buf, "|", len - strlen(buf) - 1);
			strncat(buf, one, len - strlen(buf) - 1);
		}
	}
}

static int setup(void **state)
{
	static struct sluice_config cfg; /* megabytes: never on the stack */
	char text[1024], err[512];

	(void)state;
	if (harness_eal_init("test_trace") < 0 || harness_ring_port(&pa, "ta", 1024) < 0 ||
	    harness_ring_port(&pb, "tb", 1024) < 0 || harness_ring_port(&pc, "tc", 1024) < 0)
		return -1;
	snprintf(text, sizeof(text),
		 "[dataplane]\nworker-cores = 1\n"
		 "[network net]\ntype = flat\n"
		 "[port a]\ntype = phy\ndevargs = %s\nnetwork = net\n"
		 "[port b]\ntype = phy\ndevargs = %s\nnetwork = net\n"
		 "[port c]\ntype = phy\ndevargs = %s\nnetwork = net\n",
		 pa.devargs, pb.devargs, pc.devargs);
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

static void drain_all(void)
{
	harness_drain(&pa);
	harness_drain(&pb);
	harness_drain(&pc);
}

/* A broadcast floods, a known MAC goes to its port, a frame to a MAC learned
 * on its own ingress port is dropped: each with its stages. */
static void test_trace_stages(void **state)
{
	char got[512];
	json_t *r;

	(void)state;
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"trace.start\","
		 "\"params\":{\"port\":\"a\",\"count\":3}}");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "result"), "count")),
			 3);
	json_decref(r);
	/* b's MAC learned, and untraced: b is not the port traced. */
	harness_inject(&pb, harness_frame(BCAST, MAC_B, 64));
	harness_poll(dp);
	drain_all();
	harness_inject(&pa, harness_frame(BCAST, MAC_A, 64)); /* 1: flooded */
	harness_poll(dp);
	harness_inject(&pa, harness_frame(MAC_B, MAC_A, 80)); /* 2: known unicast */
	harness_inject(&pa, harness_frame(MAC_A, MAC_A, 64)); /* 3: to its own port */
	harness_inject(&pa, harness_frame(MAC_B, MAC_A, 64)); /* 4: past the count */
	harness_poll(dp);
	assert_int_equal(harness_drops(dp, "a", DROP_SAME_PORT), 1);
	drain_all();

	r = call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"trace.show\"}");
	assert_int_equal(json_array_size(json_object_get(json_object_get(r, "result"), "packets")),
			 3);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(r, "result"), "marked")), 3);
	/* datapath_tick disarmed it: every wanted packet was marked. */
	assert_false(json_is_true(json_object_get(json_object_get(r, "result"), "armed")));
	stages_of(r, 1, got, sizeof(got));
	assert_string_equal(got, "rx a|network net from a|fdb flood 2|output b|output c");
	stages_of(r, 2, got, sizeof(got));
	assert_string_equal(got, "rx a|network net from a|fdb hit b|output b");
	stages_of(r, 3, got, sizeof(got));
	assert_string_equal(got, "rx a|network net from a|fdb hit a|drop same-port");
	stages_of(r, 4, got, sizeof(got));
	assert_string_equal(got, "");
	json_decref(r);

	r = call("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"trace.clear\"}");
	json_decref(r);
	r = call("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"trace.show\"}");
	assert_int_equal(json_array_size(json_object_get(json_object_get(r, "result"), "packets")),
			 0);
	json_decref(r);
	/* Disarmed: nothing is marked any more. */
	harness_inject(&pa, harness_frame(BCAST, MAC_A, 64));
	harness_poll(dp);
	drain_all();
	assert_int_equal(dp->pmds[0]->trace->n, 0);
	assert_false(dp->pmds[0]->tracing);
}

static void test_trace_errors(void **state)
{
	json_t *r;

	(void)state;
	r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"trace.start\","
		 "\"params\":{\"port\":\"nope\",\"count\":1}}");
	assert_string_equal(message_of(r), "no port 'nope'");
	json_decref(r);
	r = call("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"trace.start\","
		 "\"params\":{\"port\":\"a\",\"count\":0}}");
	assert_non_null(strstr(message_of(r), "param 'count'"));
	json_decref(r);
	r = call("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"trace.start\","
		 "\"params\":{\"port\":\"a\"}}");
	assert_string_equal(message_of(r), "missing param 'count'");
	json_decref(r);
	assert_false(dp->trace->armed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_trace_stages),
	    cmocka_unit_test(test_trace_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
