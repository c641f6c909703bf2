/* The commands of sluicectl, as one table: the words a user types, the
 * JSON-RPC method they become (docs/control-protocol.md), usage and help text,
 * how the remaining words turn into params, and how the result is printed. */
#ifndef SLUICECTL_COMMANDS_H
#define SLUICECTL_COMMANDS_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#define COMMAND_ARGS_MAX 3

struct command;

/* Turns the words after the command's own into *params (NULL when there are
 * none). Returns 0, or -1 with a message in err. */
typedef int (*command_params_fn)(const struct command *cmd, int argc, char *const argv[],
				 json_t **params, char *err, size_t errlen);

/* Prints a result as a human table. Returns 0, or -1 when the result does not
 * have the shape the printer knows (the caller then prints it as JSON). */
typedef int (*command_print_fn)(FILE *out, const json_t *result);

struct table;
/* Prints one page of a paged command's result as a table kept in *t (NULL
 * before the first page). Returns 0, or -1 as command_print_fn. */
typedef int (*command_page_fn)(FILE *out, const json_t *result, struct table **t);

/* Merges a later page's result into result; 0, or -1 for a page of
 * another shape. */
typedef int (*command_merge_fn)(json_t *result, const json_t *page);

enum arg_kind {
	ARG_STRING,
	ARG_INTEGER, /* sent as a JSON integer: decimal digits only */
};

/* A positional word: which param it fills. */
struct command_arg {
	const char *param;
	const char *metavar;
	enum arg_kind kind;
	int optional; /* optional args come last */
};

enum pairs_mode {
	PAIRS_NONE,   /* no key=value words */
	PAIRS_ANY,    /* any key; the server checks it against the schema */
	PAIRS_LISTED, /* only the keys in command.keys */
};

struct command {
	const char *words;   /* "port add" */
	const char *method;  /* "port.add" */
	const char *usage;   /* what follows the words: "NAME key=value..." */
	const char *help;    /* one line */
	const char *detail;  /* more lines for the command's --help, or NULL */
	const char *example; /* a whole command line */
	command_params_fn params;
	command_print_fn print;
	struct command_arg args[COMMAND_ARGS_MAX];
	enum pairs_mode pairs;
	const char *const *keys; /* for PAIRS_LISTED; NULL-terminated */
	/* A paged method (fdb.show): the result's list, continued while the
	 * result has "next" by asking again with cursor = next. Each page is
	 * printed as it arrives (print_page; with --json the one reply whose
	 * list holds every page's, written as the pages come) and let go: the
	 * client holds one page at a time. NULL: one request, one reply. */
	const char *paged;
	command_page_fn print_page;
	/* A method whose lists may come in pages nested in the result
	 * (evpn.show with macs): pages are asked while "next" and merged into
	 * the first by merge_page, then printed as one result. */
	command_merge_fn merge_page;
};

extern const struct command commands[];
extern const size_t commands_count;

/* The command whose words start argv (longest match), with *nwords set to
 * how many words it took; NULL when none matches. */
const struct command *command_find(int argc, char *const argv[], int *nwords);
/* Whether some command's first word is word (e.g. "port"). */
int command_group_exists(const char *word);
/* The first word of cmd->words, copied into buf. */
const char *command_group(const struct command *cmd, char *buf, size_t len);

#endif
