/* system show: one "key: value" line per fact of the running sluice. */
#include <stdio.h>
#include <stdlib.h>

#include "print.h"

int print_system(FILE *out, const json_t *result)
{
	static const char *const keys[] = {"version",	"pid",		 "config",
					   "main_core", "worker_cores",	 "hugepages",
					   "huge_dir",	"socket_mem_mb", "file_prefix"};

	if (!json_is_object(result))
		return -1;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const json_t *v = json_object_get(result, keys[i]);
		char *text;

		if (!v)
			continue;
		if (json_is_string(v)) {
			fprintf(out, "%-14s %s\n", keys[i],
				json_string_value(v)[0] ? json_string_value(v) : "-");
			continue;
		}
		text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		fprintf(out, "%-14s %s\n", keys[i], text ? text : "?");
		free(text);
	}
	return 0;
}
