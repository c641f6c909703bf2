/* The tuning rules a domain is checked against: each finding names the
 * rule, what it is about, why it hurts and a one-line fix. Pure. */
#ifndef SLUICE_VIRT_CHECK_H
#define SLUICE_VIRT_CHECK_H

#include <stddef.h>
#include <stdio.h>

#include "domain.h"
#include "facts.h"

#define CHECK_FINDINGS_MAX 64

struct finding {
	const char *rule;  /* e.g. "nic-model": stable, for scripts and CI */
	char subject[64];  /* "interface net0", "disk vda", "memory", "vcpus" */
	char problem[256]; /* what is wrong and why it matters */
	char fix[256];	   /* one line an operator applies */
};

struct check_result {
	int n;
	struct finding findings[CHECK_FINDINGS_MAX];
	/* Rules that needed facts about sluice and had none, "" when all ran. */
	char skipped[256];
};

/* Every rule over d. facts may be NULL (sluice unknown): the MTU, NUMA and
 * port rules are then skipped and named in r->skipped. */
void check_domain(const struct domain *d, const struct facts *facts, struct check_result *r);

/* One line per finding: "DOMAIN: RULE: SUBJECT: PROBLEM\n  fix: FIX". */
void check_print(FILE *out, const struct domain *d, const struct check_result *r);

/* Rule names and what they check, for --help and docs. */
struct check_rule {
	const char *rule;
	const char *help;
};
extern const struct check_rule check_rules[];

#endif
