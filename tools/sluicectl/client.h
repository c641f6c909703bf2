/* One sluicectl invocation: words to request, request to reply, reply to
 * output and exit code. main() only parses the options. */
#ifndef SLUICECTL_CLIENT_H
#define SLUICECTL_CLIENT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

enum client_exit {
	CLIENT_EXIT_OK = 0,
	CLIENT_EXIT_ERROR_REPLY = 1, /* sluice answered with an error */
	CLIENT_EXIT_USAGE = 2,
	CLIENT_EXIT_UNREACHABLE = 3, /* no connection, no reply in time, or hung up */
};

#define CLIENT_TIMEOUT_DEFAULT 10.0

struct client_options {
	const char *socket;
	int json;		       /* print the reply line instead of a table */
	double timeout;		       /* seconds */
	int help;		       /* --help was given: the words name what to explain */
	const char *root;	       /* doctor: read /proc and /sys under this (tests) */
	const char *facts;	       /* doctor: sluice's facts from this JSON file */
	long capture_count;	       /* capture, trace: --count N; -1 when not given */
	const char *capture_direction; /* capture: --direction rx|tx|both */
	const char *capture_write;     /* capture: -w FILE */
	double capture_duration;       /* capture: --duration SECONDS; 0: none */
	int capture_stop;	       /* capture: --stop */
	int dry_run;		       /* reload: show the difference, change nothing */
	int macs;		       /* evpn show: list the MACs, not only count them */
};

/* Sends request to the socket at path and waits for its reply. Returns
 * CLIENT_EXIT_OK with *reply (an object with "result" or "error") and *line
 * (the reply as received, malloc'd), or CLIENT_EXIT_UNREACHABLE with a
 * message in err. */
int client_call(const char *path, const json_t *request, double timeout, json_t **reply,
		char **line, char *err, size_t errlen);

/* One request of method with params (stolen) for a command that asks
 * several: *result is borrowed from *reply, which the caller decrefs. An
 * error reply or no reply is printed as "sluicectl: WHAT: message" and
 * returned as its exit code (*reply NULL). */
int client_method(const struct client_options *opts, const char *what, const char *method,
		  json_t *params, json_t **reply, json_t **result, FILE *err);

/* Runs the command in argv (the words after the options). Returns the exit
 * code; writes results to out and messages to err. */
int client_run(const struct client_options *opts, int argc, char *const argv[], FILE *out,
	       FILE *err);

#endif
