#define _GNU_SOURCE /* vasprintf */
#include "table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct table_entry {
	char *text;
	int note; /* a whole line, not a cell */
};

struct table {
	const struct table_column *columns;
	int ncolumns;
	struct table_entry *entries;
	size_t n, cap;
	int column;    /* of the next cell */
	size_t *width; /* table_flush: the widths printed so far, NULL before */
};

struct table *table_new(const struct table_column *columns, int ncolumns)
{
	struct table *t = calloc(1, sizeof(*t));

	if (!t)
		abort();
	t->columns = columns;
	t->ncolumns = ncolumns;
	return t;
}

static void add(struct table *t, int note, const char *fmt, va_list ap)
{
	struct table_entry *e;

	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->entries = realloc(t->entries, t->cap * sizeof(*t->entries));
		if (!t->entries)
			abort();
	}
	e = &t->entries[t->n++];
	e->note = note;
	if (vasprintf(&e->text, fmt, ap) < 0)
		abort();
}

void table_cell(struct table *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(t, 0, fmt, ap);
	va_end(ap);
	t->column = (t->column + 1) % t->ncolumns;
}

void table_note(struct table *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(t, 1, fmt, ap);
	va_end(ap);
}

static void print_row(const struct table *t, FILE *out, const char *const *cells,
		      const size_t *width)
{
	for (int c = 0; c < t->ncolumns; c++) {
		int last = c == t->ncolumns - 1;
		int w = (int)width[c];

		if (c > 0)
			fputs("  ", out);
		if (t->columns[c].right)
			fprintf(out, "%*s", w, cells[c]);
		else if (last)
			fputs(cells[c], out);
		else
			fprintf(out, "%-*s", w, cells[c]);
	}
	fputc('\n', out);
}

/* Widens width[] to the cells held. */
static void widen(const struct table *t, size_t *width)
{
	int c = 0;

	for (size_t i = 0; i < t->n; i++) {
		size_t len = strlen(t->entries[i].text);

		if (t->entries[i].note)
			continue;
		if (len > width[c])
			width[c] = len;
		c = (c + 1) % t->ncolumns;
	}
}

static void print_header(const struct table *t, FILE *out, const size_t *width)
{
	const char *cells[t->ncolumns];

	for (int c = 0; c < t->ncolumns; c++)
		cells[c] = t->columns[c].header;
	print_row(t, out, cells, width);
}

static void print_entries(const struct table *t, FILE *out, const size_t *width)
{
	const char *cells[t->ncolumns];
	int c = 0;

	for (size_t i = 0; i < t->n; i++) {
		if (t->entries[i].note) {
			fprintf(out, "%s\n", t->entries[i].text);
			continue;
		}
		cells[c] = t->entries[i].text;
		if (++c == t->ncolumns) {
			print_row(t, out, cells, width);
			c = 0;
		}
	}
	if (c > 0) {
		/* An unfinished row: the printer's bug, shown rather than lost. */
		for (; c < t->ncolumns; c++)
			cells[c] = "-";
		print_row(t, out, cells, width);
	}
}

static void header_widths(const struct table *t, size_t *width)
{
	for (int c = 0; c < t->ncolumns; c++)
		width[c] = strlen(t->columns[c].header);
}

void table_print(const struct table *t, FILE *out)
{
	size_t width[t->ncolumns];

	header_widths(t, width);
	widen(t, width);
	print_header(t, out, width);
	print_entries(t, out, width);
}

void table_flush(struct table *t, FILE *out)
{
	if (!t->width) {
		t->width = calloc((size_t)t->ncolumns, sizeof(*t->width));
		if (!t->width)
			abort();
		header_widths(t, t->width);
		widen(t, t->width);
		print_header(t, out, t->width);
	} else {
		widen(t, t->width);
	}
	print_entries(t, out, t->width);
	for (size_t i = 0; i < t->n; i++)
		free(t->entries[i].text);
	t->n = 0;
}

void table_free(struct table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->entries[i].text);
	free(t->entries);
	free(t->width);
	free(t);
}
