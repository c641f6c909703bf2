#include "capture_cmd.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* How often the status is asked while a capture runs. */
#define CAPTURE_POLL_MS 100

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

int capture_path(const char *write, const char *cwd, const char *port, const char *stamp, char *buf,
		 size_t len)
{
	int n;

	if (write && write[0] == '/')
		n = snprintf(buf, len, "%s", write);
	else if (write)
		n = snprintf(buf, len, "%s/%s", cwd, write);
	else
		n = snprintf(buf, len, "%s/sluice-%s-%s.pcapng", cwd, port, stamp);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int call(const struct client_options *opts, const char *method, json_t *params,
		json_t **reply, json_t **result, FILE *err)
{
	return client_method(opts, "capture", method, params, reply, result, err);
}

static json_int_t field(const json_t *o, const char *name)
{
	return json_integer_value(json_object_get(o, name));
}

static int report(const struct client_options *opts, const json_t *st, FILE *out, FILE *err)
{
	const char *state = json_string_value(json_object_get(st, "state"));

	if (opts->json) {
		json_dumpf(st, out, JSON_COMPACT);
		fputc('\n', out);
	} else {
		fprintf(out,
			"capture %s: %" JSON_INTEGER_FORMAT " packets written to %s, "
			"%" JSON_INTEGER_FORMAT " dropped (ring full %" JSON_INTEGER_FORMAT
			", pool empty %" JSON_INTEGER_FORMAT ")\n",
			json_string_value(json_object_get(st, "port")), field(st, "written"),
			json_string_value(json_object_get(st, "path")), field(st, "dropped"),
			field(st, "ring_full"), field(st, "pool_empty"));
	}
	if (state && strcmp(state, "failed") == 0) {
		fprintf(err, "sluicectl: capture: %s\n",
			json_string_value(json_object_get(st, "error")) ?: "failed");
		return CLIENT_EXIT_ERROR_REPLY;
	}
	return CLIENT_EXIT_OK;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: sluicectl capture PORT [--count N] [--direction rx|tx|both] [-w FILE]\n"
		   "                         [--duration SECONDS]\n"
		   "       sluicectl capture PORT --stop\n"
		   "Captures what PORT (phy or vhost) receives and sends into a pcapng file that\n"
		   "sluice writes, until N packets are written, SECONDS passed or Ctrl-C.\n"
		   "  --count N         stop after N packets (default: no limit)\n"
		   "  --direction D     rx (received on PORT), tx (sent on it) or both (default)\n"
		   "  -w FILE           the file; relative to the current directory (default:\n"
		   "                    ./sluice-PORT-DATE-TIME.pcapng); sluice must be able to\n"
		   "                    write there. '-' (stdout) is not supported.\n"
		   "  --duration S      stop after S seconds\n"
		   "  --stop            stop PORT's capture (one left by a killed sluicectl)\n"
		   "Copies the PMDs could not queue are counted as dropped, never the packets.\n");
}

static int stop(const struct client_options *opts, const char *port, FILE *out, FILE *err)
{
	json_t *reply, *result;
	int rc = call(opts, "capture.stop", json_pack("{s:s}", "port", port), &reply, &result, err);

	if (rc != CLIENT_EXIT_OK)
		return rc;
	rc = report(opts, result, out, err);
	json_decref(reply);
	return rc;
}

/* Waits until the capture is no longer running, duration passed or a signal. */
static int wait_capture(const struct client_options *opts, const char *port, FILE *err)
{
	struct timespec t0, now, tick = {0, CAPTURE_POLL_MS * 1000000L};

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!interrupted) {
		json_t *reply, *result, *list;
		const char *state;
		bool running;
		int rc;

		nanosleep(&tick, NULL);
		if (interrupted)
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (opts->capture_duration > 0 &&
		    (double)(now.tv_sec - t0.tv_sec) + (now.tv_nsec - t0.tv_nsec) / 1e9 >=
			opts->capture_duration)
			break;
		rc = call(opts, "capture.status", json_pack("{s:s}", "port", port), &reply, &result,
			  err);
		if (rc != CLIENT_EXIT_OK)
			return rc;
		list = json_object_get(result, "captures");
		state = json_string_value(json_object_get(json_array_get(list, 0), "state"));
		running = state && strcmp(state, "running") == 0;
		json_decref(reply);
		if (!state) {
			fprintf(err,
				"sluicectl: capture: the capture on '%s' was stopped by "
				"someone else\n",
				port);
			return CLIENT_EXIT_ERROR_REPLY;
		}
		if (!running)
			break;
	}
	return CLIENT_EXIT_OK;
}

int capture_main(const struct client_options *opts, int argc, char *const argv[], FILE *out,
		 FILE *err)
{
	struct sigaction sa = {.sa_handler = on_signal}, old_int, old_term;
	char path[PATH_MAX], cwd[PATH_MAX], stamp[32];
	json_t *params, *reply, *result;
	time_t t = time(NULL);
	int rc;

	if (opts->help) {
		usage(out);
		return CLIENT_EXIT_OK;
	}
	if (argc != 1) {
		fprintf(err, "sluicectl: capture: %s\n",
			argc ? "one PORT only" : "PORT is missing");
		usage(err);
		return CLIENT_EXIT_USAGE;
	}
	if (opts->capture_stop)
		return stop(opts, argv[0], out, err);
	if (opts->capture_write && strcmp(opts->capture_write, "-") == 0) {
		fprintf(err, "sluicectl: capture: -w -: sluice writes the file itself and cannot "
			     "stream to this terminal; give a FILE\n");
		return CLIENT_EXIT_USAGE;
	}
	if (!getcwd(cwd, sizeof(cwd))) {
		fprintf(err, "sluicectl: capture: cannot read the current directory: %s\n",
			strerror(errno));
		return CLIENT_EXIT_USAGE;
	}
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", localtime(&t));
	if (capture_path(opts->capture_write, cwd, argv[0], stamp, path, sizeof(path)) < 0) {
		fprintf(err, "sluicectl: capture: the file's path is too long\n");
		return CLIENT_EXIT_USAGE;
	}
	params = json_pack("{s:s, s:s, s:s}", "port", argv[0], "path", path, "direction",
			   opts->capture_direction ? opts->capture_direction : "both");
	if (opts->capture_count >= 0)
		json_object_set_new(params, "count", json_integer(opts->capture_count));
	/* Installed before the start: a Ctrl-C from now on stops the capture. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	rc = call(opts, "capture.start", params, &reply, &result, err);
	if (rc == CLIENT_EXIT_OK) {
		json_decref(reply);
		if (!opts->json)
			fprintf(err, "capturing on %s into %s; Ctrl-C stops\n", argv[0], path);
		rc = wait_capture(opts, argv[0], err);
		if (rc == CLIENT_EXIT_OK || rc == CLIENT_EXIT_ERROR_REPLY) {
			int rs = stop(opts, argv[0], out, err);

			rc = rc == CLIENT_EXIT_OK ? rs : rc;
		}
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return rc;
}
