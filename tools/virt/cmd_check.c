/* sluice-virt check: a domain's XML (from libvirt or a file) against the
 * tuning rules, with sluice's facts when it can get them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "virt.h"

static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (f == NULL) {
		snprintf(err, errlen, "%s: cannot open: %m", path);
		return NULL;
	}
	do {
		if (*len + 4096 > cap) {
			char *more = realloc(buf, cap = cap * 2 + 8192);

			if (more == NULL) {
				free(buf);
				fclose(f);
				snprintf(err, errlen, "%s: out of memory", path);
				return NULL;
			}
			buf = more;
		}
		n = fread(buf + *len, 1, cap - *len - 1, f);
		*len += n;
	} while (n > 0 && *len < (16u << 20));
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

static json_t *findings_json(const struct domain *d, const struct check_result *r)
{
	json_t *list = json_array();

	for (int k = 0; k < r->n; k++) {
		const struct finding *f = &r->findings[k];

		json_array_append_new(list,
				      json_pack("{s:s,s:s,s:s,s:s}", "rule", f->rule, "subject",
						f->subject, "problem", f->problem, "fix", f->fix));
	}
	return json_pack("{s:s,s:o,s:s}", "domain", d->name, "findings", list, "skipped",
			 r->skipped);
}

int virt_check(const struct virt_options *o, const char *domain_name, const char *xml_file,
	       const char *facts_file)
{
	struct domain *d = calloc(1, sizeof(*d));
	struct facts *facts = calloc(1, sizeof(*facts));
	struct check_result *r = calloc(1, sizeof(*r));
	const struct facts *use_facts = NULL;
	char err[512];
	char *xml = NULL;
	size_t len = 0;
	int rc = VIRT_EXIT_ERROR;

	if (!d || !facts || !r)
		goto out;
	if (xml_file)
		xml = read_file(xml_file, &len, err, sizeof(err));
	else
		xml = virt_domain_xml(o, domain_name, 0, err, sizeof(err));
	if (xml == NULL) {
		fprintf(stderr, "sluice-virt: %s\n", err);
		goto out;
	}
	len = strlen(xml);
	if (domain_parse(xml, len, d, err, sizeof(err)) < 0) {
		fprintf(stderr, "sluice-virt: %s: %s\n", xml_file ? xml_file : domain_name, err);
		goto out;
	}
	if (facts_file) {
		size_t flen;
		char *text = read_file(facts_file, &flen, err, sizeof(err));
		json_error_t jerr;
		json_t *root = text ? json_loadb(text, flen, 0, &jerr) : NULL;

		free(text);
		if (root == NULL) {
			fprintf(stderr, "sluice-virt: %s: %s\n", facts_file,
				text ? jerr.text : err);
			goto out;
		}
		if (facts_from_json(root, facts, err, sizeof(err)) < 0) {
			json_decref(root);
			fprintf(stderr, "sluice-virt: %s: %s\n", facts_file, err);
			goto out;
		}
		json_decref(root);
		use_facts = facts;
	} else if (!o->no_sluice) {
		if (sluice_facts(o->socket, facts, err, sizeof(err)) == 0)
			use_facts = facts;
		else
			fprintf(stderr, "sluice-virt: %s\n", err);
	}
	check_domain(d, use_facts, r);
	if (o->json) {
		json_t *j = findings_json(d, r);

		json_dumpf(j, stdout, JSON_COMPACT);
		fputc('\n', stdout);
		json_decref(j);
	} else {
		check_print(stdout, d, r);
		if (r->n == 0)
			printf("%s: no findings\n", d->name);
	}
	if (r->skipped[0])
		fprintf(stderr, "sluice-virt: %s: without sluice's facts, not checked: %s\n",
			d->name, r->skipped);
	rc = r->n ? VIRT_EXIT_FINDINGS : VIRT_EXIT_OK;
out:
	free(xml);
	free(d);
	free(facts);
	free(r);
	return rc;
}
