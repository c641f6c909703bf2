/* sluicectl doctor [--root DIR] [--facts FILE] (options of main.c): asks sluice what it runs
 * (system.show, port.show, stats.ports, rxq.show), checks the host against
 * it (doctor.c) and prints the findings, or --json. */
#include "doctor_cmd.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "doctor.h"
#include "doctor_guests.h"

static const struct {
	const char *method, *key, *field; /* facts[key] = result[field], or the result */
} queries[] = {
    {"system.show", "system", NULL},
    {"port.show", "ports", "ports"},
    {"stats.ports", "stats", "ports"},
    {"rxq.show", "rxqs", "rxqs"},
};

static int gather(const struct client_options *opts, json_t *facts, FILE *err)
{
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		json_t *request = json_pack("{s:s, s:I, s:s}", "jsonrpc", "2.0", "id",
					    (json_int_t)i + 1, "method", queries[i].method);
		json_t *reply = NULL, *result, *error;
		char msg[512], *line = NULL;
		int rc = client_call(opts->socket, request, opts->timeout, &reply, &line, msg,
				     sizeof(msg));

		json_decref(request);
		free(line);
		if (rc != CLIENT_EXIT_OK) {
			fprintf(err, "sluicectl: doctor: %s\n", msg);
			return rc;
		}
		error = json_object_get(reply, "error");
		if (error) {
			fprintf(err, "sluicectl: doctor: %s: %s\n", queries[i].method,
				json_string_value(json_object_get(error, "message"))
				    ?: "error without a message");
			json_decref(reply);
			return CLIENT_EXIT_ERROR_REPLY;
		}
		result = json_object_get(reply, "result");
		if (queries[i].field)
			result = json_object_get(result, queries[i].field);
		json_object_set(facts, queries[i].key, result ? result : json_null());
		json_decref(reply);
	}
	return CLIENT_EXIT_OK;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: sluicectl doctor [--root DIR] [--facts FILE]\n"
		   "Checks this host against the running sluice: hugepages, isolated PMD cores,\n"
		   "IRQs and other threads on them, transparent hugepages, CPU governor, NUMA\n"
		   "locality, RX rings, guests that drop, and the guests' libvirt domains\n"
		   "(sluice-virt check --all). One line that fixes each finding.\n"
		   "  --root DIR    read /proc and /sys under DIR (tests)\n"
		   "  --facts FILE  what sluice would say, as JSON, instead of asking it\n"
		   "Exit status: 0 no warning, 1 warnings, 2 usage, 3 sluice unreachable.\n");
}

int doctor_main(const struct client_options *opts, int argc, char *const argv[], FILE *out,
		FILE *err)
{
	const char *root = opts->root ? opts->root : "", *facts_file = opts->facts;
	struct doctor_report report;
	json_t *facts;
	json_error_t jerr;
	char msg[512];
	int rc, warnings = 0;

	(void)argv;
	if (argc > 0) {
		fprintf(err, "sluicectl: doctor takes no words, only options\n");
		usage(err);
		return CLIENT_EXIT_USAGE;
	}
	if (opts->help) {
		usage(out);
		return CLIENT_EXIT_OK;
	}
	if (facts_file) {
		facts = json_load_file(facts_file, 0, &jerr);
		if (!facts) {
			fprintf(err, "sluicectl: doctor: %s:%d: %s\n", facts_file, jerr.line,
				jerr.text);
			return CLIENT_EXIT_USAGE;
		}
	} else {
		facts = json_object();
		rc = gather(opts, facts, err);
		if (rc != CLIENT_EXIT_OK) {
			json_decref(facts);
			return rc;
		}
		doctor_guests_gather(getenv("SLUICE_VIRT"), opts->socket, opts->timeout, facts);
	}
	if (doctor_run(root, facts, &report, msg, sizeof(msg)) < 0) {
		fprintf(err, "sluicectl: doctor: %s\n", msg);
		json_decref(facts);
		return CLIENT_EXIT_USAGE;
	}
	json_decref(facts);
	for (int i = 0; i < report.n; i++)
		warnings += report.findings[i].severity == DOCTOR_WARN;
	if (opts->json) {
		json_t *j = json_pack("{s:o, s:i, s:i}", "findings", doctor_report_json(&report),
				      "checks", report.checks_run, "warnings", warnings);

		json_dumpf(j, out, JSON_COMPACT);
		fputc('\n', out);
		json_decref(j);
	} else if (report.n == 0) {
		fprintf(out, "doctor: %d checks, nothing to change\n", report.checks_run);
	} else {
		for (int i = 0; i < report.n; i++)
			fprintf(out, "%-5s %-16s %s\n      fix: %s\n",
				doctor_severity_name(report.findings[i].severity),
				report.findings[i].check, report.findings[i].what,
				report.findings[i].fix);
		fprintf(out, "doctor: %d checks, %d findings, %d warnings\n", report.checks_run,
			report.n, warnings);
	}
	return warnings ? CLIENT_EXIT_ERROR_REPLY : CLIENT_EXIT_OK;
}
