#include "ini.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INI_LINE_MAX 4096

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* A comment starts at ';' or '#' that begins the value or follows white space,
 * so "a;b" stays a value and "1G ; one of 1G|2M" loses its comment. */
static void strip_comment(char *s)
{
	for (char *p = s; *p; p++) {
		if ((*p == ';' || *p == '#') && (p == s || isspace((unsigned char)p[-1]))) {
			*p = '\0';
			return;
		}
	}
}

static int parse_line(char *line, int lineno, const struct ini_handler *handler, void *ctx,
		      char *err, size_t errlen)
{
	char *s = trim(line);
	char *eq;

	if (*s == '\0' || *s == ';' || *s == '#')
		return 0;
	if (*s == '[') {
		char *close = strchr(s, ']');
		char *rest;

		if (!close) {
			snprintf(err, errlen, "section header has no closing ']'");
			return -1;
		}
		*close = '\0';
		rest = close + 1;
		strip_comment(rest);
		if (*trim(rest) != '\0') {
			snprintf(err, errlen, "text after the section header: '%s'", trim(rest));
			return -1;
		}
		return handler->section(ctx, trim(s + 1), lineno, err, errlen);
	}
	eq = strchr(s, '=');
	if (!eq) {
		snprintf(err, errlen, "expected 'key = value' or '[section]', got '%s'", s);
		return -1;
	}
	*eq = '\0';
	strip_comment(eq + 1);
	if (*trim(s) == '\0') {
		snprintf(err, errlen, "a value with no key");
		return -1;
	}
	return handler->key(ctx, trim(s), trim(eq + 1), lineno, err, errlen);
}

int ini_parse_text(const char *text, const struct ini_handler *handler, void *ctx, int *err_line,
		   char *err, size_t errlen)
{
	char line[INI_LINE_MAX];
	int lineno = 0;
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		lineno++;
		if (len >= sizeof(line)) {
			*err_line = lineno;
			snprintf(err, errlen, "line is longer than %d characters",
				 INI_LINE_MAX - 1);
			return -1;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		if (parse_line(line, lineno, handler, ctx, err, errlen) < 0) {
			*err_line = lineno;
			return -1;
		}
		p += len + (nl ? 1 : 0);
	}
	return 0;
}
