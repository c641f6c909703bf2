/* sluice-virt check: a domain's XML (from libvirt or a file) against the
 * tuning rules, with sluice's facts when it can get them. */
#include <stdbool.h>
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

/* facts for the rules: from facts_file, else from the running sluice
 * (unless --no-sluice); NULL when there are none (the rules that need them
 * are skipped and named). -1 only for an unusable facts_file. */
static int load_facts(const struct virt_options *o, const char *facts_file, struct facts *facts,
		      const struct facts **use)
{
	char err[512];

	*use = NULL;
	if (facts_file) {
		size_t flen;
		char *text = read_file(facts_file, &flen, err, sizeof(err));
		json_error_t jerr;
		json_t *root = text ? json_loadb(text, flen, 0, &jerr) : NULL;

		free(text);
		if (root == NULL) {
			fprintf(stderr, "sluice-virt: %s: %s\n", facts_file,
				text ? jerr.text : err);
			return -1;
		}
		if (facts_from_json(root, facts, err, sizeof(err)) < 0) {
			json_decref(root);
			fprintf(stderr, "sluice-virt: %s: %s\n", facts_file, err);
			return -1;
		}
		json_decref(root);
		*use = facts;
	} else if (!o->no_sluice) {
		if (sluice_facts(o->socket, facts, err, sizeof(err)) == 0)
			*use = facts;
		else
			fprintf(stderr, "sluice-virt: %s\n", err);
	}
	return 0;
}

static bool has_vhostuser(const struct domain *d)
{
	for (int i = 0; i < d->n_ifaces; i++)
		if (strcmp(d->ifaces[i].type, "vhostuser") == 0)
			return true;
	return false;
}

/* One domain's XML through the rules, printed (or a JSON line). Returns the
 * number of findings, -1 when the XML cannot be read; with only_vhost, a
 * domain without a vhostuser interface is not sluice's and is passed over
 * (-2). */
static int check_one(const struct virt_options *o, const char *what, const char *xml,
		     const struct facts *facts, bool only_vhost)
{
	struct domain *d = calloc(1, sizeof(*d));
	struct check_result *r = calloc(1, sizeof(*r));
	char err[512];
	int n = -1;

	if (!d || !r) {
		fprintf(stderr, "sluice-virt: out of memory\n");
		goto out;
	}
	if (domain_parse(xml, strlen(xml), d, err, sizeof(err)) < 0) {
		fprintf(stderr, "sluice-virt: %s: %s\n", what, err);
		goto out;
	}
	if (only_vhost && !has_vhostuser(d)) {
		n = -2;
		goto out;
	}
	check_domain(d, facts, r);
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
	n = r->n;
out:
	free(d);
	free(r);
	return n;
}

int virt_check(const struct virt_options *o, const char *domain_name, const char *xml_file,
	       const char *facts_file)
{
	struct facts *facts = calloc(1, sizeof(*facts));
	const struct facts *use_facts;
	char err[512];
	char *xml = NULL;
	size_t len = 0;
	int rc = VIRT_EXIT_ERROR, n;

	if (!facts)
		goto out;
	if (xml_file)
		xml = read_file(xml_file, &len, err, sizeof(err));
	else
		xml = virt_domain_xml(o, domain_name, 0, err, sizeof(err));
	if (xml == NULL) {
		fprintf(stderr, "sluice-virt: %s\n", err);
		goto out;
	}
	if (load_facts(o, facts_file, facts, &use_facts) < 0)
		goto out;
	n = check_one(o, xml_file ? xml_file : domain_name, xml, use_facts, false);
	if (n >= 0)
		rc = n ? VIRT_EXIT_FINDINGS : VIRT_EXIT_OK;
out:
	free(xml);
	free(facts);
	return rc;
}

int virt_check_all(const struct virt_options *o, const char *facts_file)
{
	struct facts *facts = calloc(1, sizeof(*facts));
	const struct facts *use_facts;
	char **names = NULL, err[512];
	int rc = VIRT_EXIT_ERROR, count, findings = 0, failed = 0;

	if (!facts)
		goto out;
	count = virt_domain_names(o, &names, err, sizeof(err));
	if (count < 0) {
		fprintf(stderr, "sluice-virt: %s\n", err);
		goto out;
	}
	if (load_facts(o, facts_file, facts, &use_facts) < 0)
		goto out;
	for (int i = 0; i < count; i++) {
		/* Inactive domains too: one that starts tomorrow should be right. */
		char *xml = virt_domain_xml(o, names[i], 0, err, sizeof(err));
		int n;

		if (xml == NULL) { /* undefined since the list: not an error of the host */
			fprintf(stderr, "sluice-virt: %s\n", err);
			continue;
		}
		n = check_one(o, names[i], xml, use_facts, true);
		free(xml);
		if (n == -1)
			failed++;
		else if (n > 0)
			findings += n;
	}
	rc = failed ? VIRT_EXIT_ERROR : findings ? VIRT_EXIT_FINDINGS : VIRT_EXIT_OK;
out:
	for (int i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
	free(facts);
	return rc;
}
