/* A small INI reader that keeps line numbers.
 *
 * Why not inih: Debian's libinih is built with 200-character lines, reports
 * no line number to the handler and never shows a section without keys; an
 * operator's error message needs all three. */
#ifndef SLUICE_INI_H
#define SLUICE_INI_H

#include <stddef.h>

struct ini_handler {
	/* Each returns 0 to go on, -1 to stop (having written err). */
	int (*section)(void *ctx, const char *section, int line, char *err, size_t errlen);
	int (*key)(void *ctx, const char *key, const char *value, int line, char *err,
		   size_t errlen);
};

/* Returns 0, or -1 with *err_line set and a message in err. */
int ini_parse_text(const char *text, const struct ini_handler *handler, void *ctx, int *err_line,
		   char *err, size_t errlen);

#endif
