#include "client.h"

#include "capture_cmd.h"
#include "trace_cmd.h"

#include "doctor_cmd.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conn.h"
#include "help.h"
#include "print.h"
#include "request.h"
#include "table.h"

/* Request ids count up over the life of the process. */
static json_int_t next_id = 1;

__attribute__((format(printf, 3, 4))) static int unreachable(char *err, size_t errlen,
							     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return CLIENT_EXIT_UNREACHABLE;
}

static int conn_failed(enum conn_status s, const struct conn *c, const char *path, double timeout,
		       char *err, size_t errlen)
{
	switch (s) {
	case CONN_UNREACHABLE:
		return unreachable(err, errlen,
				   "cannot connect to %s: %s (is sluice running? --socket PATH)",
				   path, strerror(c->error));
	case CONN_TIMEOUT:
		return unreachable(err, errlen, "no reply from %s within %g s (--timeout SECONDS)",
				   path, timeout);
	case CONN_CLOSED:
		return unreachable(err, errlen, "%s closed the connection without a reply", path);
	case CONN_TOO_LONG:
		return unreachable(err, errlen, "reply from %s is longer than %d bytes", path,
				   CONN_LINE_MAX);
	case CONN_IO:
	case CONN_OK:
		break;
	}
	return unreachable(err, errlen, "%s: %s", path, strerror(c->error));
}

/* A reply answers request id when it is an object with exactly one of result
 * and error, and the same id (or null: a server that could not read the
 * request cannot know its id). */
static int reply_check(const json_t *reply, const json_t *id, char *why, size_t len)
{
	const json_t *reply_id = json_object_get(reply, "id");
	int has_result = json_object_get(reply, "result") != NULL;
	const json_t *error = json_object_get(reply, "error");

	if (!json_is_object(reply))
		snprintf(why, len, "not a JSON object");
	else if (has_result == (error != NULL))
		snprintf(why, len, "it needs exactly one of 'result' and 'error'");
	else if (error && !json_is_object(error))
		snprintf(why, len, "'error' is not an object");
	else if (!(json_equal(reply_id, id) || (error && json_is_null(reply_id))))
		snprintf(why, len, "its id does not match the request's");
	else
		return 0;
	return -1;
}

int client_call(const char *path, const json_t *request, double timeout, json_t **reply,
		char **line, char *err, size_t errlen)
{
	int64_t deadline = conn_now_ms() + (int64_t)(timeout * 1000);
	char *text = json_dumps(request, JSON_COMPACT);
	enum conn_status s;
	json_error_t jerr;
	struct conn c;
	char why[128];
	size_t len;
	char *got;
	int rc;

	*reply = NULL;
	*line = NULL;
	if (!text)
		return unreachable(err, errlen, "cannot encode the request");
	s = conn_open(&c, path, deadline);
	if (s == CONN_OK) {
		len = strlen(text);
		text[len] = '\n'; /* replaces the NUL: the line is sent by length */
		s = conn_send(&c, text, len + 1, deadline);
	}
	free(text);
	/* Blank lines carry nothing; skip them. */
	while (s == CONN_OK && (s = conn_recv_line(&c, &got, &len, deadline)) == CONN_OK &&
	       strspn(got, " \t\r") == len)
		;
	if (s != CONN_OK) {
		rc = conn_failed(s, &c, path, timeout, err, errlen);
		conn_close(&c);
		return rc;
	}
	*reply = json_loadb(got, len, 0, &jerr);
	if (!*reply) {
		rc = unreachable(err, errlen, "reply from %s is not JSON: %s", path, jerr.text);
	} else if (reply_check(*reply, json_object_get(request, "id"), why, sizeof(why)) < 0) {
		rc = unreachable(err, errlen, "reply from %s is not a JSON-RPC reply: %s", path,
				 why);
		json_decref(*reply);
		*reply = NULL;
	} else {
		rc = CLIENT_EXIT_OK;
		*line = strndup(got, len);
	}
	conn_close(&c);
	return rc;
}

/* Asks the next page: the request again with cursor = next, a new id.
 * Returns the cursor, or -1 when next is not a cursor past the last one
 * (a confused server would otherwise keep the client asking for ever). */
static json_int_t next_page(json_t *request, const json_t *next, json_int_t cursor)
{
	json_t *params;

	if (!json_is_integer(next) || json_integer_value(next) <= cursor)
		return -1;
	params = json_object_get(request, "params");
	if (!params) {
		params = json_object();
		json_object_set_new(request, "params", params);
	}
	json_object_set_new(params, "cursor", json_integer(json_integer_value(next)));
	json_object_set_new(request, "id", json_integer(next_id++));
	return json_integer_value(next);
}

static int not_forward(const char *path, char *err, size_t errlen)
{
	return unreachable(err, errlen,
			   "reply from %s is not a JSON-RPC reply: 'next' does not move forward",
			   path);
}

/* Asks for page after page of a method whose result nests its paged lists
 * (command.merge_page) and merges them: *reply is then the first page's
 * reply with every page's lists, or the first error reply. */
static int call_merged(const char *path, json_t *request, command_merge_fn merge, double timeout,
		       json_t **reply, char **line, char *err, size_t errlen)
{
	json_t *all = NULL, *page, *result, *next;
	json_int_t cursor = -1;
	char *page_line;
	int rc;

	*reply = NULL;
	*line = NULL;
	for (;;) {
		rc = client_call(path, request, timeout, &page, &page_line, err, errlen);
		if (rc != CLIENT_EXIT_OK)
			break;
		result = json_object_get(page, "result");
		if (!all) {
			next = json_object_get(result, "next");
			if (!next) {
				*reply = page; /* one page, or an error: as it came */
				*line = page_line;
				return CLIENT_EXIT_OK;
			}
			all = page;
		} else if (!result || merge(json_object_get(all, "result"), result) < 0) {
			/* A later page that is an error or of another shape. */
			json_decref(all);
			*reply = page;
			*line = page_line;
			return CLIENT_EXIT_OK;
		}
		free(page_line);
		next = json_object_get(result, "next");
		if (!next) {
			if (page != all)
				json_decref(page);
			json_object_del(json_object_get(all, "result"), "next");
			*reply = all;
			*line = json_dumps(all, JSON_COMPACT);
			return *line ? CLIENT_EXIT_OK : unreachable(err, errlen, "out of memory");
		}
		cursor = next_page(request, next, cursor);
		if (page != all)
			json_decref(page);
		if (cursor < 0) {
			rc = not_forward(path, err, errlen);
			break;
		}
	}
	json_decref(all);
	return rc;
}

static void print_error(FILE *err, const json_t *error)
{
	const json_t *code = json_object_get(error, "code");
	const json_t *message = json_object_get(error, "message");

	fprintf(err, "sluicectl: ");
	if (json_is_integer(code))
		fprintf(err, "%" JSON_INTEGER_FORMAT, json_integer_value(code));
	else
		fprintf(err, "-");
	fprintf(err, ": %s\n", json_is_string(message) ? json_string_value(message) : "-");
}

static int show_reply(const struct client_options *opts, const struct command *cmd,
		      const json_t *reply, const char *line, FILE *out, FILE *err)
{
	const json_t *error = json_object_get(reply, "error");
	const json_t *result = json_object_get(reply, "result");

	if (opts->json)
		fprintf(out, "%s\n", line);
	if (error) {
		print_error(err, error);
		return CLIENT_EXIT_ERROR_REPLY;
	}
	if (!opts->json && (!cmd->print || cmd->print(out, result) < 0))
		print_json(out, result);
	return CLIENT_EXIT_OK;
}

/* The first page's reply as --json prints the whole: the text before its
 * list's first item (into *head) and after its last (returned), both
 * malloc'd; the list's items are written between them as pages arrive. */
static char *json_frame(const json_t *page, const char *list, char **head)
{
	/* jansson writes the control character as \u0001: no list item
	 * has been written yet, and no name or MAC holds one. */
	static const char mark[] = "\"\\u0001sluicectl-pages\"";
	json_t *copy = json_deep_copy(page);
	json_t *result = json_object_get(copy, "result");
	char *text, *at, *tail = NULL;

	*head = NULL;
	json_object_del(result, "next");
	json_object_set_new(result, list, json_string("\x01sluicectl-pages"));
	text = json_dumps(copy, JSON_COMPACT);
	json_decref(copy);
	at = text ? strstr(text, mark) : NULL;
	if (at) {
		*head = strndup(text, (size_t)(at - text));
		tail = strdup(at + strlen(mark));
	}
	free(text);
	return tail;
}

/* Page after page of a paged method (command.paged), each printed as it
 * arrives and let go: a table grows page by page (command.print_page);
 * --json writes one reply line, opened with the first page and closed
 * after the last (also when a later page fails: the exit code says so).
 * Returns the exit code; the first page's error reply is shown as any. */
static int run_paged(const struct client_options *opts, const struct command *cmd, json_t *request,
		     FILE *out, FILE *err)
{
	struct table *t = NULL;
	json_int_t cursor = -1;
	char msg[512], *line, *head = NULL, *tail = NULL;
	size_t items = 0;
	int rc, pages = 0;

	for (;;) {
		json_t *page, *result, *list, *item;
		size_t i;

		rc = client_call(opts->socket, request, opts->timeout, &page, &line, msg,
				 sizeof(msg));
		if (rc != CLIENT_EXIT_OK) {
			fprintf(err, "sluicectl: %s\n", msg);
			break;
		}
		result = json_object_get(page, "result");
		list = json_object_get(result, cmd->paged);
		if (!json_is_array(list) && pages == 0) {
			/* An error, or a shape the printer reports: as it came. */
			rc = show_reply(opts, cmd, page, line, out, err);
			free(line);
			json_decref(page);
			break;
		}
		free(line);
		if (!json_is_array(list)) {
			if (json_object_get(page, "error"))
				print_error(err, json_object_get(page, "error"));
			else
				fprintf(err, "sluicectl: page %d of the reply has no '%s'\n",
					pages + 1, cmd->paged);
			rc = CLIENT_EXIT_ERROR_REPLY;
			json_decref(page);
			break;
		}
		if (opts->json && pages == 0) {
			tail = json_frame(page, cmd->paged, &head);
			if (!tail) {
				fprintf(err, "sluicectl: out of memory\n");
				json_decref(page);
				rc = CLIENT_EXIT_UNREACHABLE;
				break;
			}
			fprintf(out, "%s[", head);
		}
		if (opts->json) {
			json_array_foreach(list, i, item)
			{
				char *text = json_dumps(item, JSON_COMPACT | JSON_ENCODE_ANY);

				fprintf(out, "%s%s", items++ ? "," : "", text ? text : "null");
				free(text);
			}
		} else if (cmd->print_page(out, result, &t) < 0) {
			print_json(out, result);
		}
		fflush(out); /* a reader (| head, | grep) sees each page now */
		pages++;
		if (!json_object_get(result, "next")) {
			json_decref(page);
			break;
		}
		cursor = next_page(request, json_object_get(result, "next"), cursor);
		json_decref(page);
		if (cursor < 0) {
			rc = not_forward(opts->socket, msg, sizeof(msg));
			fprintf(err, "sluicectl: %s\n", msg);
			break;
		}
	}
	if (tail)
		fprintf(out, "]%s\n", tail);
	free(head);
	free(tail);
	table_free(t);
	return rc;
}

int client_method(const struct client_options *opts, const char *what, const char *method,
		  json_t *params, json_t **reply, json_t **result, FILE *err)
{
	json_t *request = json_pack("{s:s, s:I, s:s, s:o}", "jsonrpc", "2.0", "id", next_id++,
				    "method", method, "params", params ? params : json_object());
	json_t *error;
	char msg[512], *line = NULL;
	int rc = client_call(opts->socket, request, opts->timeout, reply, &line, msg, sizeof(msg));

	json_decref(request);
	free(line);
	if (rc != CLIENT_EXIT_OK) {
		fprintf(err, "sluicectl: %s: %s\n", what, msg);
		*reply = NULL;
		return rc;
	}
	error = json_object_get(*reply, "error");
	if (error) {
		fprintf(err, "sluicectl: %s: %s\n", what,
			json_string_value(json_object_get(error, "message"))
			    ?: "error without a message");
		json_decref(*reply);
		*reply = NULL;
		return CLIENT_EXIT_ERROR_REPLY;
	}
	*result = json_object_get(*reply, "result");
	return CLIENT_EXIT_OK;
}

static int usage_error(FILE *err, const struct command *cmd, const char *msg)
{
	if (!cmd) {
		fprintf(err, "sluicectl: %s\n", msg);
		return CLIENT_EXIT_USAGE;
	}
	fprintf(err, "sluicectl: %s: %s\n", cmd->words, msg);
	help_usage(err, cmd);
	fprintf(err, "see 'sluicectl %s --help'\n", cmd->words);
	return CLIENT_EXIT_USAGE;
}

int client_run(const struct client_options *opts, int argc, char *const argv[], FILE *out,
	       FILE *err)
{
	const struct command *cmd;
	json_t *request, *reply;
	char msg[512], *line, *text;
	size_t len;
	int rc;

	/* doctor asks several questions and reads the host: not one request. */
	if (argc > 0 && strcmp(argv[0], "doctor") == 0)
		return doctor_main(opts, argc - 1, argv + 1, out, err);
	/* capture asks until its file is complete: not one request either. */
	if (argc > 0 && strcmp(argv[0], "capture") == 0)
		return capture_main(opts, argc - 1, argv + 1, out, err);
	if (argc > 0 && strcmp(argv[0], "trace") == 0)
		return trace_main(opts, argc - 1, argv + 1, out, err);
	if (opts->help)
		return help_words(out, err, argc, argv);
	if (argc > 0 && strcmp(argv[0], "help") == 0)
		return help_words(out, err, argc - 1, argv + 1);
	switch (request_build(argc, argv, next_id++, &request, &cmd, msg, sizeof(msg))) {
	case REQUEST_UNKNOWN:
		return usage_error(err, NULL, msg);
	case REQUEST_USAGE:
		return usage_error(err, cmd, msg);
	case REQUEST_OK:
		break;
	}
	if (opts->dry_run && request_dry_run(request) < 0) {
		json_decref(request);
		return usage_error(err, cmd, "--dry-run applies to reload only");
	}
	if (opts->macs && request_flag(request, "evpn.show", "macs") < 0) {
		json_decref(request);
		return usage_error(err, cmd, "--macs applies to evpn show only");
	}
	if (strcmp(cmd->method, "reload") == 0) {
		char cwd[PATH_MAX];

		request_absolute_path(request, getcwd(cwd, sizeof(cwd)));
	}
	text = json_dumps(request, JSON_COMPACT);
	len = text ? strlen(text) : 0;
	free(text);
	if (len + 1 > REQUEST_LINE_MAX) {
		json_decref(request);
		snprintf(msg, sizeof(msg), "the request is longer than %d bytes", REQUEST_LINE_MAX);
		return usage_error(err, cmd, msg);
	}
	if (cmd->paged) {
		rc = run_paged(opts, cmd, request, out, err);
		json_decref(request);
		return rc;
	}
	if (cmd->merge_page)
		rc = call_merged(opts->socket, request, cmd->merge_page, opts->timeout, &reply,
				 &line, msg, sizeof(msg));
	else
		rc = client_call(opts->socket, request, opts->timeout, &reply, &line, msg,
				 sizeof(msg));
	json_decref(request);
	if (rc != CLIENT_EXIT_OK) {
		fprintf(err, "sluicectl: %s\n", msg);
		return rc;
	}
	rc = show_reply(opts, cmd, reply, line, out, err);
	json_decref(reply);
	free(line);
	return rc;
}
