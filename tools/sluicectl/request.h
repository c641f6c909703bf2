/* Words to a JSON-RPC 2.0 request: pure, no I/O, so it is unit-tested. */
#ifndef SLUICECTL_REQUEST_H
#define SLUICECTL_REQUEST_H

#include <stddef.h>

#include <jansson.h>

#include "commands.h"

/* The server answers a longer request line with an error and hangs up. */
#define REQUEST_LINE_MAX 65536

enum request_status {
	REQUEST_OK,
	REQUEST_UNKNOWN, /* no such command: *cmd is NULL */
	REQUEST_USAGE,	 /* the command's words are wrong: *cmd says which command */
};

/* Builds {"jsonrpc":"2.0","id":id,"method":...,"params":{...}} from the words
 * of a command line (after the options). params is left out when empty. */
enum request_status request_build(int argc, char *const argv[], json_int_t id, json_t **request,
				  const struct command **cmd, char *err, size_t errlen);

/* --dry-run: adds "dry_run": true to a reload request; -1 for any other. */
int request_dry_run(json_t *request);
/* Adds "param": true to a request of method_name; -1 for any other (--macs). */
int request_flag(json_t *request, const char *method_name, const char *param);

/* reload PATH: a relative PATH is made absolute against cwd, since sluice
 * runs in a directory of its own. */
void request_absolute_path(json_t *request, const char *cwd);

/* Params builders for the command table. */
int params_none(const struct command *cmd, int argc, char *const argv[], json_t **params, char *err,
		size_t errlen);
/* Positional words as listed in cmd->args, then key=value words per cmd->pairs. */
int params_words(const struct command *cmd, int argc, char *const argv[], json_t **params,
		 char *err, size_t errlen);

#endif
