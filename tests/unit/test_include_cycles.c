/* No include cycle inside dataplane/, and nothing from control/ (issue 15).
 *
 * A module is X.c with X.h; module X depends on Y when X.c or X.h includes
 * "Y.h". The strongly connected components of that graph with more than one
 * module are cycles: the test fails and prints each, a module per line with
 * the modules of the cycle it includes. meson passes the source directory
 * (DATAPLANE_DIR); SLUICE_DATAPLANE_DIR overrides it, to check another tree. */
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

#define MAX_MODULES 512
#define NAME_LEN 64

struct graph {
	uint32_t n;
	char name[MAX_MODULES][NAME_LEN];
	bool edge[MAX_MODULES][MAX_MODULES];
	uint32_t includes_control; /* #include lines naming control/ */
};

/* Tarjan's strongly connected components. */
struct tarjan {
	const struct graph *g;
	int index[MAX_MODULES], low[MAX_MODULES], next;
	uint32_t stack[MAX_MODULES], depth;
	bool on_stack[MAX_MODULES];
	uint32_t cycles; /* components of more than one module */
};

static int module_of(struct graph *g, const char *name, size_t len, bool add)
{
	if (len == 0 || len >= NAME_LEN)
		return -1;
	for (uint32_t i = 0; i < g->n; i++)
		if (strlen(g->name[i]) == len && memcmp(g->name[i], name, len) == 0)
			return (int)i;
	if (!add || g->n == MAX_MODULES)
		return -1;
	memcpy(g->name[g->n], name, len);
	g->name[g->n][len] = '\0';
	return (int)g->n++;
}

static bool source_name(const char *file, size_t *stem)
{
	size_t len = strlen(file);

	if (len < 3 || file[len - 2] != '.' || (file[len - 1] != 'c' && file[len - 1] != 'h'))
		return false;
	*stem = len - 2;
	return true;
}

/* The edges of one file's quoted includes. */
static void read_includes(struct graph *g, const char *dir, const char *file, size_t stem)
{
	char path[1024], line[512], name[256];
	int from = module_of(g, file, stem, false);
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		const char *p = line, *q;
		size_t len;
		int to;

		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "#include \"", 10) != 0)
			continue;
		p += 10;
		q = strchr(p, '"');
		if (!q)
			continue;
		len = (size_t)(q - p);
		if (len >= sizeof(name))
			continue;
		memcpy(name, p, len);
		name[len] = '\0';
		if (strstr(name, "control/")) {
			fprintf(stderr, "dataplane/%s includes \"%s\"\n", file, name);
			g->includes_control++;
		}
		if (len < 3 || strcmp(name + len - 2, ".h") != 0 || strchr(name, '/'))
			continue;
		to = module_of(g, name, len - 2, false);
		if (to >= 0 && to != from)
			g->edge[from][to] = true;
	}
	fclose(f);
}

static void read_graph(struct graph *g, const char *dir)
{
	struct dirent *e;
	DIR *d;
	size_t stem;

	memset(g, 0, sizeof(*g));
	d = opendir(dir);
	if (!d)
		fprintf(stderr, "cannot open %s\n", dir);
	assert_non_null(d);
	while ((e = readdir(d)))
		if (source_name(e->d_name, &stem))
			assert_true(module_of(g, e->d_name, stem, true) >= 0);
	rewinddir(d);
	while ((e = readdir(d)))
		if (source_name(e->d_name, &stem))
			read_includes(g, dir, e->d_name, stem);
	closedir(d);
}

static void report_cycle(const struct tarjan *t, uint32_t first)
{
	const struct graph *g = t->g;

	fprintf(stderr, "include cycle of %u modules in dataplane/:\n", t->depth - first);
	for (uint32_t i = first; i < t->depth; i++) {
		uint32_t v = t->stack[i];

		fprintf(stderr, "  %s ->", g->name[v]);
		for (uint32_t j = first; j < t->depth; j++)
			if (g->edge[v][t->stack[j]])
				fprintf(stderr, " %s", g->name[t->stack[j]]);
		fprintf(stderr, "\n");
	}
}

static void connect(struct tarjan *t, uint32_t v)
{
	t->index[v] = t->low[v] = t->next++;
	t->stack[t->depth++] = v;
	t->on_stack[v] = true;
	for (uint32_t w = 0; w < t->g->n; w++) {
		if (!t->g->edge[v][w])
			continue;
		if (t->index[w] < 0) {
			connect(t, w);
			if (t->low[w] < t->low[v])
				t->low[v] = t->low[w];
		} else if (t->on_stack[w] && t->index[w] < t->low[v]) {
			t->low[v] = t->index[w];
		}
	}
	if (t->low[v] != t->index[v])
		return;
	uint32_t first = t->depth;

	do
		first--;
	while (t->stack[first] != v);
	if (t->depth - first > 1) {
		t->cycles++;
		report_cycle(t, first);
	}
	for (uint32_t i = first; i < t->depth; i++)
		t->on_stack[t->stack[i]] = false;
	t->depth = first;
}

static uint32_t count_cycles(const struct graph *g)
{
	static struct tarjan t;

	memset(&t, 0, sizeof(t));
	t.g = g;
	for (uint32_t v = 0; v < g->n; v++)
		t.index[v] = -1;
	for (uint32_t v = 0; v < g->n; v++)
		if (t.index[v] < 0)
			connect(&t, v);
	return t.cycles;
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The checker itself: a.c -> b.h, b.c -> a.h is a cycle; c.h -> a.h is not
 * part of it; an include from control/ is counted. */
static void test_checker_finds_a_cycle(void **state)
{
	static struct graph g;
	char dir[] = "/tmp/sluice-cycles.XXXXXX";
	const char *files[] = {"a.c", "a.h", "b.c", "b.h", "c.h"};

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_file(dir, "a.c", "#include \"a.h\"\n#include \"b.h\"\n");
	write_file(dir, "a.h", "#include <stdint.h>\n");
	write_file(dir, "b.c", "#include \"b.h\"\n  #include \"a.h\"\n");
	write_file(dir, "b.h", "#include \"../control/config.h\"\n");
	write_file(dir, "c.h", "#include \"a.h\"\n");
	read_graph(&g, dir);
	assert_int_equal(g.n, 3);
	assert_int_equal(count_cycles(&g), 1);
	assert_int_equal(g.includes_control, 1);
	write_file(dir, "b.c", "#include \"b.h\"\n");
	read_graph(&g, dir);
	assert_int_equal(count_cycles(&g), 0);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[1024];

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		assert_int_equal(unlink(path), 0);
	}
	assert_int_equal(rmdir(dir), 0);
}

static const char *dataplane_dir(void)
{
	const char *dir = getenv("SLUICE_DATAPLANE_DIR");

	return dir && *dir ? dir : DATAPLANE_DIR;
}

static void test_dataplane_has_no_include_cycle(void **state)
{
	static struct graph g;

	(void)state;
	read_graph(&g, dataplane_dir());
	assert_true(g.n > 0);
	assert_int_equal(count_cycles(&g), 0);
}

static void test_dataplane_includes_nothing_from_control(void **state)
{
	static struct graph g;

	(void)state;
	read_graph(&g, dataplane_dir());
	assert_int_equal(g.includes_control, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_checker_finds_a_cycle),
	    cmocka_unit_test(test_dataplane_has_no_include_cycle),
	    cmocka_unit_test(test_dataplane_includes_nothing_from_control),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
