#include "trace_cmd.h"

#include <signal.h>
#include <string.h>
#include <time.h>

#define TRACE_POLL_MS 100
#define TRACE_WAIT_DEFAULT 10.0 /* seconds, without --duration */

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "?";
}

static json_int_t num(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* One stage on one line: its name, then what it decided. */
static void stage_print(FILE *out, const json_t *s)
{
	const char *stage = str(s, "stage");

	fprintf(out, "  %-10s ", stage);
	if (!strcmp(stage, "rx"))
		fprintf(out,
			"port %s queue %" JSON_INTEGER_FORMAT ", %" JSON_INTEGER_FORMAT " bytes",
			str(s, "port"), num(s, "queue"), num(s, "length"));
	else if (!strcmp(stage, "vlan"))
		fprintf(out, "tag %" JSON_INTEGER_FORMAT " on %s", num(s, "vid"), str(s, "port"));
	else if (!strcmp(stage, "network"))
		fprintf(out, "%s (from %s)", str(s, "network"), str(s, "from"));
	else if (!strcmp(stage, "fdb") && !strcmp(str(s, "result"), "hit"))
		fprintf(out, "hit: %s%s%s", str(s, "port"),
			json_object_get(s, "remote") ? " to remote VTEP " : "",
			json_object_get(s, "remote") ? str(s, "remote") : "");
	else if (!strcmp(stage, "fdb"))
		fprintf(out,
			"miss or broadcast: flood to %" JSON_INTEGER_FORMAT
			" local ports, %" JSON_INTEGER_FORMAT " remote VTEPs",
			num(s, "local_outputs"), num(s, "remote_vteps"));
	else if (!strcmp(stage, "mss-clamp"))
		fprintf(out, "%s (network MTU %" JSON_INTEGER_FORMAT ")", str(s, "result"),
			num(s, "mtu"));
	else if (!strcmp(stage, "mtu"))
		fprintf(out, "%s (network MTU %" JSON_INTEGER_FORMAT ")", str(s, "verdict"),
			num(s, "mtu"));
	else if (!strcmp(stage, "encap"))
		fprintf(out, "to remote VTEP %s on %s, next hop %s", str(s, "remote"),
			str(s, "port"), str(s, "next_hop"));
	else if (!strcmp(stage, "output"))
		fprintf(out, "%s", str(s, "port"));
	else if (!strcmp(stage, "drop"))
		fprintf(out, "%s (counted on %s)", str(s, "reason"), str(s, "port"));
	fputc('\n', out);
}

int trace_print(FILE *out, const json_t *result)
{
	const json_t *packets = json_object_get(result, "packets"), *p, *s;
	size_t i, k;

	if (!json_is_array(packets))
		return -1;
	fprintf(out, "trace %s: %" JSON_INTEGER_FORMAT " of %" JSON_INTEGER_FORMAT " packets\n",
		str(result, "port"), num(result, "marked"), num(result, "count"));
	json_array_foreach(packets, i, p)
	{
		fprintf(out, "packet %" JSON_INTEGER_FORMAT " (pmd %" JSON_INTEGER_FORMAT ")\n",
			num(p, "id"), num(p, "pmd"));
		json_array_foreach(json_object_get(p, "stages"), k, s) stage_print(out, s);
	}
	if (num(result, "overflow"))
		fprintf(out, "(%" JSON_INTEGER_FORMAT " records did not fit the trace buffers)\n",
			num(result, "overflow"));
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: sluicectl trace PORT --count N [--duration SECONDS]\n"
		   "Follows the next N packets (1..1000) received on PORT through sluice's\n"
		   "pipeline: network chosen, VLAN, FDB hit or flood, MSS clamp, MTU verdict,\n"
		   "encapsulation, output ports, drop reason. Waits until N packets came, SECONDS\n"
		   "(default 10) passed or Ctrl-C, then prints what was traced.\n");
}

int trace_main(const struct client_options *opts, int argc, char *const argv[], FILE *out,
	       FILE *err)
{
	struct sigaction sa = {.sa_handler = on_signal}, old_int, old_term;
	struct timespec t0, now, tick = {0, TRACE_POLL_MS * 1000000L};
	double wait = opts->capture_duration > 0 ? opts->capture_duration : TRACE_WAIT_DEFAULT;
	json_t *reply, *result;
	int rc;

	if (opts->help) {
		usage(out);
		return CLIENT_EXIT_OK;
	}
	if (argc != 1 || opts->capture_count < 0) {
		fprintf(err, "sluicectl: trace: %s\n",
			argc != 1 ? "one PORT is needed" : "--count N is needed");
		usage(err);
		return CLIENT_EXIT_USAGE;
	}
	rc = client_method(
	    opts, "trace", "trace.start",
	    json_pack("{s:s, s:I}", "port", argv[0], "count", (json_int_t)opts->capture_count),
	    &reply, &result, err);
	if (rc != CLIENT_EXIT_OK)
		return rc;
	json_decref(reply);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		rc = client_method(opts, "trace", "trace.show", NULL, &reply, &result, err);
		if (rc != CLIENT_EXIT_OK)
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (interrupted || !json_is_true(json_object_get(result, "armed")) ||
		    (double)(now.tv_sec - t0.tv_sec) + (now.tv_nsec - t0.tv_nsec) / 1e9 >= wait) {
			if (opts->json) {
				json_dumpf(result, out, JSON_COMPACT);
				fputc('\n', out);
			} else {
				trace_print(out, result);
			}
			json_decref(reply);
			break;
		}
		json_decref(reply);
		nanosleep(&tick, NULL);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return rc;
}
