/* Words to a JSON-RPC 2.0 request. Values are checked only as far as the
 * words go (a key=value has a key, an integer is digits): sluice validates
 * the values themselves with the same schema as the config file. */
#include "request.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen, const char *fmt,
						      ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

int params_none(const struct command *cmd, int argc, char *const argv[], json_t **params, char *err,
		size_t errlen)
{
	*params = NULL;
	if (argc > 0)
		return fail(err, errlen, "unexpected word '%s': '%s' takes no arguments", argv[0],
			    cmd->words);
	return 0;
}

static int parse_integer(const char *text, json_int_t *out)
{
	char *end;
	long long v;

	if (text[0] < '0' || text[0] > '9')
		return -1;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

static int key_is_listed(const struct command *cmd, const char *key, size_t len)
{
	for (int i = 0; cmd->keys && cmd->keys[i]; i++)
		if (strlen(cmd->keys[i]) == len && strncmp(cmd->keys[i], key, len) == 0)
			return 1;
	return 0;
}

static int add_positional(const struct command_arg *arg, const char *word, json_t *params,
			  char *err, size_t errlen)
{
	json_int_t n;

	if (arg->kind == ARG_INTEGER) {
		if (parse_integer(word, &n) < 0)
			return fail(err, errlen, "%s must be a whole number, got '%s'",
				    arg->metavar, word);
		json_object_set_new(params, arg->param, json_integer(n));
	} else {
		json_object_set_new(params, arg->param, json_string(word));
	}
	return 0;
}

static int add_pair(const struct command *cmd, const char *word, json_t *params, char *err,
		    size_t errlen)
{
	const char *eq = strchr(word, '=');
	char key[128];
	size_t len;

	if (cmd->pairs == PAIRS_NONE)
		return fail(err, errlen, "unexpected word '%s'", word);
	if (!eq)
		return fail(err, errlen, "'%s' is not key=value", word);
	len = (size_t)(eq - word);
	if (len == 0)
		return fail(err, errlen, "'%s' has no key before '='", word);
	if (len >= sizeof(key))
		return fail(err, errlen, "key of '%.20s...' is too long", word);
	if (cmd->pairs == PAIRS_LISTED && !key_is_listed(cmd, word, len))
		return fail(err, errlen, "unknown key '%.*s'", (int)len, word);
	memcpy(key, word, len);
	key[len] = '\0';
	if (json_object_get(params, key))
		return fail(err, errlen, "'%s' is given twice", key);
	/* Every value as a string: the server parses it as the config file would. */
	json_object_set_new(params, key, json_string(eq + 1));
	return 0;
}

int params_words(const struct command *cmd, int argc, char *const argv[], json_t **params,
		 char *err, size_t errlen)
{
	json_t *p = json_object();
	int i = 0;

	*params = NULL;
	for (int a = 0; a < COMMAND_ARGS_MAX && cmd->args[a].param; a++) {
		const struct command_arg *arg = &cmd->args[a];

		if (i >= argc) {
			if (arg->optional)
				break;
			json_decref(p);
			return fail(err, errlen, "missing %s", arg->metavar);
		}
		if (add_positional(arg, argv[i], p, err, errlen) < 0) {
			json_decref(p);
			return -1;
		}
		i++;
	}
	for (; i < argc; i++) {
		if (add_pair(cmd, argv[i], p, err, errlen) < 0) {
			json_decref(p);
			return -1;
		}
	}
	if (json_object_size(p) == 0)
		json_decref(p);
	else
		*params = p;
	return 0;
}

/* "add, del, show": the second words of the commands of group. */
static void subcommands(const char *group, char *buf, size_t len)
{
	char g[32];
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < commands_count; i++) {
		const char *words = commands[i].words;

		if (strcmp(command_group(&commands[i], g, sizeof(g)), group) != 0 ||
		    !strchr(words, ' '))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
					 strchr(words, ' ') + 1);
		if (used >= len)
			return;
	}
}

enum request_status request_build(int argc, char *const argv[], json_int_t id, json_t **request,
				  const struct command **cmd, char *err, size_t errlen)
{
	char subs[256];
	json_t *params;
	int n;

	*request = NULL;
	*cmd = NULL;
	if (argc < 1) {
		fail(err, errlen, "missing command; see 'sluicectl --help'");
		return REQUEST_UNKNOWN;
	}
	*cmd = command_find(argc, argv, &n);
	if (!*cmd) {
		if (command_group_exists(argv[0])) {
			subcommands(argv[0], subs, sizeof(subs));
			if (argc < 2)
				fail(err, errlen,
				     "'%s' needs one of: %s; see 'sluicectl %s --help'", argv[0],
				     subs, argv[0]);
			else
				fail(err, errlen, "unknown command '%s %s'; '%s' takes: %s",
				     argv[0], argv[1], argv[0], subs);
		} else {
			fail(err, errlen, "unknown command '%s'; see 'sluicectl --help'", argv[0]);
		}
		return REQUEST_UNKNOWN;
	}
	if ((*cmd)->params(*cmd, argc - n, argv + n, &params, err, errlen) < 0)
		return REQUEST_USAGE;
	*request =
	    json_pack("{s:s, s:I, s:s}", "jsonrpc", "2.0", "id", id, "method", (*cmd)->method);
	if (params)
		json_object_set_new(*request, "params", params);
	return REQUEST_OK;
}

int request_flag(json_t *request, const char *method_name, const char *param)
{
	const json_t *method = json_object_get(request, "method");
	json_t *params;

	if (!json_is_string(method) || strcmp(json_string_value(method), method_name) != 0)
		return -1;
	params = json_object_get(request, "params");
	if (!params) {
		params = json_object();
		json_object_set_new(request, "params", params);
	}
	json_object_set_new(params, param, json_true());
	return 0;
}

int request_dry_run(json_t *request)
{
	return request_flag(request, "reload", "dry_run");
}

void request_absolute_path(json_t *request, const char *cwd)
{
	json_t *params = json_object_get(request, "params");
	const char *path = json_string_value(json_object_get(params, "path"));
	size_t len;
	char *full;

	if (!path || path[0] == '/' || !cwd)
		return;
	len = strlen(cwd) + strlen(path) + 2;
	full = malloc(len);
	if (!full)
		return;
	snprintf(full, len, "%s/%s", cwd, path);
	json_object_set_new(params, "path", json_string(full));
	free(full);
}
