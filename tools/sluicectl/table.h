/* Aligned text columns: cells are added row by row, widths are computed
 * when the table is printed. */
#ifndef SLUICECTL_TABLE_H
#define SLUICECTL_TABLE_H

#include <stdio.h>

struct table_column {
	const char *header;
	int right; /* right-aligned (numbers) */
};

struct table;

/* table_new's two arguments from a list of columns. */
#define COLUMNS(...)                                                                               \
	(const struct table_column[]){__VA_ARGS__},                                                \
	    (int)(sizeof((const struct table_column[]){__VA_ARGS__}) /                             \
		  sizeof(struct table_column))

struct table *table_new(const struct table_column *columns, int ncolumns);
/* Appends a cell to the current row; a full row starts the next one. */
void table_cell(struct table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A line printed as is under the current row, outside the columns. */
void table_note(struct table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void table_print(const struct table *t, FILE *out);
/* Prints the rows added since the last flush and forgets them, the header
 * first the first time: a table printed page by page as pages arrive.
 * Columns are as wide as their cells so far; a later page with a wider
 * cell widens the rows printed from then on. */
void table_flush(struct table *t, FILE *out);
void table_free(struct table *t);

#endif
