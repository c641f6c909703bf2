/* stats memory: one line per table, bytes in MiB with the exact count. */
#include "print.h"

#include <inttypes.h>

#include "table.h"

static json_int_t num(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_integer(v) ? json_integer_value(v) : 0;
}

static void row(struct table *t, const char *what, json_int_t bytes, const char *detail)
{
	table_cell(t, "%s", what);
	table_cell(t, "%.1f", (double)bytes / (1024.0 * 1024.0));
	table_cell(t, "%" JSON_INTEGER_FORMAT, bytes);
	table_cell(t, "%s", detail);
}

int print_stats_memory(FILE *out, const json_t *result)
{
	const json_t *fdb = json_object_get(result, "fdb"), *pmds = json_object_get(result, "pmds");
	const json_t *pools = json_object_get(result, "pools"),
		     *heap = json_object_get(result, "heap");
	const json_t *v;
	struct table *t;
	char detail[128];
	size_t i;

	if (!json_is_object(fdb) || !json_is_array(pmds) || !json_is_array(pools))
		return -1;
	t = table_new(COLUMNS({"TABLE", 0}, {"MIB", 1}, {"BYTES", 1}, {"DETAIL", 0}));
	snprintf(detail, sizeof(detail),
		 "%" JSON_INTEGER_FORMAT " of %" JSON_INTEGER_FORMAT " entries",
		 num(fdb, "entries"), num(fdb, "capacity"));
	row(t, "fdb hash", num(fdb, "hash_bytes"), detail);
	row(t, "fdb entries", num(fdb, "entry_bytes"), "-");
	row(t, "fdb free lists", num(fdb, "bookkeeping_bytes"), "-");
	row(t, "view", num(result, "view_bytes"), "what PMDs read");
	row(t, "datapath", num(result, "datapath_bytes"), "desired state, counters, neighbours");
	json_array_foreach(pmds, i, v)
	{
		char what[64];

		snprintf(what, sizeof(what), "pmd %" JSON_INTEGER_FORMAT, num(v, "pmd"));
		row(t, what, num(v, "state_bytes"), "state, tx buffers, FDB cache");
		snprintf(what, sizeof(what), "pmd %" JSON_INTEGER_FORMAT " rings", num(v, "pmd"));
		snprintf(detail, sizeof(detail), "learn requests lost %" JSON_INTEGER_FORMAT,
			 num(v, "learn_queue_full"));
		row(t, what, num(v, "learn_ring_bytes") + num(v, "punt_ring_bytes"), detail);
	}
	json_array_foreach(pools, i, v)
	{
		const json_t *name = json_object_get(v, "name");

		snprintf(detail, sizeof(detail),
			 "%" JSON_INTEGER_FORMAT " mbufs, socket %" JSON_INTEGER_FORMAT,
			 num(v, "mbufs"), num(v, "socket"));
		row(t, json_is_string(name) ? json_string_value(name) : "pool", num(v, "bytes"),
		    detail);
	}
	row(t, "total", num(result, "total_bytes"), "the rows above");
	snprintf(detail, sizeof(detail), "%.1f MiB free",
		 (double)num(heap, "free_bytes") / (1024.0 * 1024.0));
	row(t, "heap", num(heap, "allocated_bytes"), detail);
	table_print(t, out);
	table_free(t);
	return 0;
}
