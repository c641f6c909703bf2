/* sluicectl doctor: the host checked against the running sluice. Pure: it
 * reads what sluice said (facts, JSON) and files under a root directory
 * ("" for the real /proc and /sys; a fake tree in the tests), and says what
 * to change, one finding per problem, each with one line that fixes it. */
#ifndef SLUICECTL_DOCTOR_H
#define SLUICECTL_DOCTOR_H

#include <stddef.h>

#include <jansson.h>

#define DOCTOR_FINDINGS_MAX 64

enum doctor_severity {
	DOCTOR_INFO, /* worth knowing; costs little today */
	DOCTOR_WARN, /* costs packets or cycles now, or a failed restart later */
};

struct doctor_finding {
	char check[24];
	enum doctor_severity severity;
	char what[1024];
	char fix[1024];
};

struct doctor_report {
	int n;
	int checks_run;
	struct doctor_finding findings[DOCTOR_FINDINGS_MAX];
};

/* facts: {"system": system.show's result, "ports": port.show's ports,
 * "stats": stats.ports' ports, "rxqs": rxq.show's rxqs}. Returns 0 with the
 * report filled, or -1 with a message in err when the facts lack what every
 * check needs (system.worker_cores). */
int doctor_run(const char *root, const json_t *facts, struct doctor_report *r, char *err,
	       size_t errlen);

const char *doctor_severity_name(enum doctor_severity s);

/* The findings as a JSON array of {check, severity, what, fix}. */
json_t *doctor_report_json(const struct doctor_report *r);

#endif
