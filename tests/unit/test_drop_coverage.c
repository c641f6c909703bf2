/* Every way sluice drops a packet has a component test that provokes it and
 * asserts its counter (issue 11, item 7). Fails when a reason is added to
 * the drop table (dataplane/drops.c), or a drop counter to the VTEP's stats
 * (struct vtep_ctl_stats in dataplane/vtep_ctl.h), and no test under
 * tests/component asserts it.
 *
 * "Asserts it" means: inside the parentheses of some assert_*() call in a
 * .c file under tests/component, a drop reason's enum name appears as an argument
 * of harness_drops() or as an index of drops[], and a VTEP counter appears as
 * stats.FIELD. Reading a counter into a variable and never asserting it does
 * not count. meson passes the source paths (COMPONENT_DIR, DROPS_H,
 * VTEP_CTL_H). */
#include <ctype.h>
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../dataplane/drops.h"

/* Counters of struct vtep_ctl_stats that count no dropped packet: what the
 * VTEP sent, received or aged. Any other field must be asserted. */
static const char *const vtep_not_drops[] = {
    "arp_received", "requests_sent", "refreshes_sent",
    "replies_sent", "resolved_sent", "neighbours_aged",
    NULL,
};

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text;
	long len;

	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = calloc(1, (size_t)len + 1);
	if (text && fread(text, 1, (size_t)len, f) != (size_t)len) {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

/* The argument text of every assert_*() call of every .c file in dir,
 * separated by newlines. */
static char *assertions_in(const char *dir)
{
	size_t cap = 1 << 16, len = 0;
	char *all = malloc(cap), path[1024];
	struct dirent *e;
	DIR *d = opendir(dir);

	assert_non_null(d);
	assert_non_null(all);
	all[0] = '\0';
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		char *text, *p;

		if (n < 3 || strcmp(e->d_name + n - 2, ".c") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		text = read_text(path);
		assert_non_null(text);
		for (p = strstr(text, "assert_"); p; p = strstr(p + 1, "assert_")) {
			char *open = p + 7;
			int depth = 0;
			char *q;

			if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
				continue;
			while (isalnum((unsigned char)*open) || *open == '_')
				open++;
			if (*open != '(')
				continue;
			for (q = open; *q; q++) {
				depth += *q == '(';
				depth -= *q == ')';
				if (depth == 0)
					break;
			}
			if (!*q)
				break;
			while (len + (size_t)(q - open) + 2 > cap) {
				cap *= 2;
				all = realloc(all, cap);
				assert_non_null(all);
			}
			memcpy(all + len, open, (size_t)(q - open + 1));
			len += (size_t)(q - open + 1);
			all[len++] = '\n';
			all[len] = '\0';
		}
		free(text);
	}
	closedir(d);
	return all;
}

static bool is_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Whether word occurs in text as a whole identifier. */
static const char *find_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word))
		if ((p == text || !is_word_char(p[-1])) && !is_word_char(p[n]))
			return p;
	return NULL;
}

/* Whether one assertion (one line of assertions) holds both words. */
static bool asserted_with(const char *assertions, const char *word, const char *with)
{
	for (const char *line = assertions; *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		char *one = strndup(line, n);
		bool found = find_word(one, word) && strstr(one, with);

		free(one);
		if (found)
			return true;
		line += n + (end ? 1 : 0);
	}
	return false;
}

/* "tunnel-bad-ipv4" -> "DROP_TUNNEL_BAD_IPV4" */
static void enum_name(const char *name, char *out, size_t len)
{
	size_t i = (size_t)snprintf(out, len, "DROP_");

	for (; *name && i + 1 < len; name++)
		out[i++] = *name == '-' ? '_' : (char)toupper((unsigned char)*name);
	out[i] = '\0';
}

static void test_every_drop_reason_asserted(void **state)
{
	char *assertions = assertions_in(COMPONENT_DIR);
	char *header = read_text(DROPS_H);
	int missing = 0;

	(void)state;
	assert_non_null(header);
	for (int d = 0; d < DROP_REASON_COUNT; d++) {
		char id[64];

		enum_name(drop_table[d].name, id, sizeof(id));
		/* The name and the enum agree, or this test could not look. */
		if (!find_word(header, id)) {
			fprintf(stderr, "drop reason '%s': no %s in drops.h; name them alike\n",
				drop_table[d].name, id);
			missing++;
			continue;
		}
		if (!asserted_with(assertions, id, "harness_drops(") &&
		    !asserted_with(assertions, id, "drops[")) {
			fprintf(stderr,
				"drop reason '%s' (%s): no component test asserts its counter\n",
				drop_table[d].name, id);
			missing++;
		}
	}
	free(header);
	free(assertions);
	assert_int_equal(missing, 0);
}

static bool is_not_drop(const char *field)
{
	for (int i = 0; vtep_not_drops[i]; i++)
		if (strcmp(field, vtep_not_drops[i]) == 0)
			return true;
	return false;
}

/* The fields of struct vtep_ctl_stats (all uint64_t), read from the header. */
static int vtep_stats_fields(char fields[][64], int max)
{
	char *header = read_text(VTEP_CTL_H), *p, *end;
	int n = 0;

	assert_non_null(header);
	p = strstr(header, "struct vtep_ctl_stats {");
	assert_non_null(p);
	end = strstr(p, "};");
	assert_non_null(end);
	*end = '\0';
	for (p = strstr(p, "uint64_t"); p; p = strstr(p, "uint64_t")) {
		p += 8;
		while (*p && *p != ';' && n < max) {
			while (*p == ' ' || *p == ',')
				p++;
			size_t len = 0;

			while (is_word_char(p[len]))
				len++;
			assert_true(len > 0 && len < 64);
			memcpy(fields[n], p, len);
			fields[n++][len] = '\0';
			p += len;
		}
	}
	free(header);
	return n;
}

static void test_every_vtep_drop_counter_asserted(void **state)
{
	char *assertions = assertions_in(COMPONENT_DIR);
	char fields[64][64], word[80];
	int n = vtep_stats_fields(fields, 64), missing = 0, checked = 0;

	(void)state;
	/* The parse found the struct's counters (12 when this was written). */
	assert_true(n >= 12);
	for (int i = 0; i < n; i++) {
		if (is_not_drop(fields[i]))
			continue;
		checked++;
		snprintf(word, sizeof(word), "stats.%.63s", fields[i]);
		if (!asserted_with(assertions, fields[i], word)) {
			fprintf(stderr, "VTEP counter '%s': no component test asserts it\n",
				fields[i]);
			missing++;
		}
	}
	assert_true(checked >= 6);
	free(assertions);
	assert_int_equal(missing, 0);
}

/* The checker itself: it finds a counter only inside an assertion. */
static void test_checker_needs_an_assertion(void **state)
{
	const char *lines = "harness_drops(dp, \"u\", DROP_NO_MBUF) == 1\n"
			    "dp->vtep_ctl->stats.conflicts, c + 1\n";

	(void)state;
	assert_true(asserted_with(lines, "DROP_NO_MBUF", "harness_drops("));
	assert_false(asserted_with(lines, "DROP_NO", "harness_drops("));
	assert_false(asserted_with(lines, "DROP_PORT_DOWN", "harness_drops("));
	assert_true(asserted_with(lines, "conflicts", "stats.conflicts"));
	assert_false(asserted_with(lines, "conflicts", "harness_drops("));
}

/* Only what sits inside an assert_*() call is collected. */
static void test_checker_reads_assertions_only(void **state)
{
	char dir[] = "/tmp/sluice-drop-coverage-XXXXXX", path[64], *found;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/test_x.c", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("uint64_t a = harness_drops(dp, \"u\", DROP_RUNT);\n"
	      "assert_int_equal(harness_drops(dp, \"u\", (DROP_SAME_PORT)), a + 1);\n"
	      "my_assert_true(harness_drops(dp, \"u\", DROP_NO_NETWORK));\n",
	      f);
	fclose(f);
	found = assertions_in(dir);
	unlink(path);
	rmdir(dir);
	assert_true(asserted_with(found, "DROP_SAME_PORT", "harness_drops("));
	assert_false(asserted_with(found, "DROP_RUNT", "harness_drops("));
	assert_false(asserted_with(found, "DROP_NO_NETWORK", "harness_drops("));
	free(found);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_drop_reason_asserted),
	    cmocka_unit_test(test_every_vtep_drop_counter_asserted),
	    cmocka_unit_test(test_checker_needs_an_assertion),
	    cmocka_unit_test(test_checker_reads_assertions_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
