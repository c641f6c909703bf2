/* reload: the changes, one per line ("+ port vm3 (...)", "- network old",
 * "~ port p: mtu 1500 -> 9000 (re-created)"), then what happened. */
#include <stdio.h>

#include "print.h"

int print_reload(FILE *out, const json_t *result)
{
	const json_t *changes = json_object_get(result, "changes");
	const json_t *dry = json_object_get(result, "dry_run");
	const json_t *file = json_object_get(result, "file");
	size_t i, n;
	const json_t *c;

	if (!json_is_array(changes) || !json_is_boolean(dry) || !json_is_string(file))
		return -1;
	json_array_foreach(changes, i, c)
	{
		if (!json_is_string(json_object_get(c, "text")))
			return -1;
	}
	n = json_array_size(changes);
	json_array_foreach(changes, i, c)
	{
		fprintf(out, "%s\n", json_string_value(json_object_get(c, "text")));
	}
	if (n == 0)
		fprintf(out, "%s: no changes\n", json_string_value(file));
	else if (json_is_true(dry))
		fprintf(out, "%s: %zu change%s; dry run, nothing applied\n",
			json_string_value(file), n, n == 1 ? "" : "s");
	else
		fprintf(out, "%s: %zu change%s applied\n", json_string_value(file), n,
			n == 1 ? "" : "s");
	return 0;
}
