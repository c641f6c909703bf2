/* reload: the config file again, applied as a difference (reload.h). */
#include <stdlib.h>

#include "commands.h"
#include "params.h"
#include "reload.h"

static json_t *diff_to_json(const struct config_diff *d)
{
	json_t *changes = json_array();

	for (uint32_t i = 0; i < d->n; i++) {
		const struct diff_entry *e = &d->entries[i];
		char text[DIFF_TEXT_MAX + 64];
		json_t *c;

		config_diff_entry_text(e, text, sizeof(text));
		c = json_pack("{s:s, s:s, s:s, s:s, s:s}", "op", diff_op_name(e->op), "object",
			      diff_object_name(e->object), "name", e->name, "detail", e->detail,
			      "text", text);
		if (e->op == DIFF_CHANGE)
			json_object_set_new(c, "recreate", json_boolean(e->how == DIFF_RECREATE));
		json_array_append_new(changes, c);
	}
	return changes;
}

json_t *cmd_reload(struct control *ctl, json_t *params, struct rpc_error *err)
{
	const char *path = params_string(params, "path", false, err);
	json_t *dry = params ? json_object_get(params, "dry_run") : NULL;
	struct config_diff *diff;
	enum reload_status rc;
	char why[2048];
	json_t *result;

	if (!path && params && json_object_get(params, "path"))
		return NULL;
	if (dry && !json_is_boolean(dry)) {
		rpc_fail(err, RPC_INVALID_PARAMS, "param 'dry_run': true or false");
		return NULL;
	}
	diff = malloc(sizeof(*diff));
	if (!diff) {
		rpc_fail(err, RPC_FAILED, "out of memory; nothing changed");
		return NULL;
	}
	if (!path || !path[0])
		path = ctl->dp->desired.cfg.file;
	rc = reload_run(ctl->dp, path, dry && json_is_true(dry), diff, why, sizeof(why));
	/* What changed, or was refused, is in the log as after SIGHUP. */
	if (!(dry && json_is_true(dry)))
		reload_log(stdout, "control socket", path, rc, diff, why);
	if (rc != RELOAD_OK) {
		rpc_fail(err, rc == RELOAD_BAD_FILE ? RPC_INVALID_PARAMS : RPC_FAILED, "%s", why);
		free(diff);
		return NULL;
	}
	result = json_pack("{s:s, s:b, s:o}", "file", path, "dry_run", dry && json_is_true(dry),
			   "changes", diff_to_json(diff));
	free(diff);
	return result;
}
