/* stats.memory: what each of the datapath's tables takes, as DPDK's
 * allocator measured it (dataplane/mem_usage.h), and the heaps' totals that
 * everything else (ports' queues, vhost, captures) is part of. */
#include "commands.h"

#include "../dataplane/datapath_tables.h"
#include "../dataplane/mem_usage.h"
#include "../dataplane/vtep_tables.h"

static json_t *fdb_memory(const struct fdb *fdb)
{
	size_t entries = mem_block_bytes(fdb->entries);
	size_t books = mem_block_bytes(fdb->free_slots) + mem_block_bytes(fdb->retired) +
		       mem_block_bytes(fdb->retired_pos);

	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "capacity", (json_int_t)fdb->capacity,
			 "entries", (json_int_t)fdb->count, "hash_bytes",
			 (json_int_t)fdb->hash_bytes, "entry_bytes", (json_int_t)entries,
			 "bookkeeping_bytes", (json_int_t)books, "bytes",
			 (json_int_t)(fdb->hash_bytes + entries + books));
}

static json_t *pmd_memory(const struct pmd *pmd, size_t *total)
{
	size_t state = mem_block_bytes(pmd) + pmd_tables_bytes(pmd),
	       learn = mem_ring_bytes(pmd->learn_ring), punt = mem_ring_bytes(pmd->punt_ring);

	*total += state + learn + punt;
	return json_pack("{s:i, s:I, s:I, s:I, s:I}", "pmd", pmd->index, "state_bytes",
			 (json_int_t)state, "learn_ring_bytes", (json_int_t)learn,
			 "punt_ring_bytes", (json_int_t)punt, "learn_queue_full",
			 (json_int_t)pmd->counters.learn_queue_full);
}

/* The VTEP's tables sized by [vtep] max-neighbours and max-flood-vteps; the
 * view's flood lists are inside view_bytes, not added again. */
static json_t *vtep_memory(const struct datapath *dp, size_t *total)
{
	size_t neigh = vtep_tables_bytes(dp), evpn = vtep_flood_bytes(dp);
	size_t in_view = dp->view ? dp->view->flood_bytes : 0;

	*total += neigh + evpn;
	return json_pack(
	    "{s:{s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I, s:I}}", "neighbours", "max",
	    (json_int_t)dp->desired.cfg.vtep.max_neighbours, "slots", (json_int_t)dp->neigh.n_slots,
	    "live", (json_int_t)dp->neigh.live, "bytes", (json_int_t)neigh, "flood", "max_vteps",
	    (json_int_t)dp->desired.cfg.vtep.max_flood_vteps, "view_bytes", (json_int_t)in_view,
	    "evpn_bytes", (json_int_t)evpn, "bytes", (json_int_t)(in_view + evpn));
}

json_t *cmd_stats_memory(struct control *ctl, json_t *params, struct rpc_error *err)
{
	const struct datapath *dp = ctl->dp;
	json_t *pmds = json_array(), *pools = json_array(), *fdb = fdb_memory(&dp->fdb);
	size_t view = mem_block_bytes(dp->view),
	       self = mem_block_bytes(dp) + datapath_tables_bytes(dp);
	size_t total = (size_t)json_integer_value(json_object_get(fdb, "bytes")) + view + self;

	(void)params;
	(void)err;
	for (uint32_t i = 0; i < dp->n_pmds; i++)
		json_array_append_new(pmds, pmd_memory(dp->pmds[i], &total));
	for (int node = 0; node < RTE_MAX_NUMA_NODES; node++) {
		const struct rte_mempool *mp = dp->pools[node];
		size_t bytes = mem_pool_bytes(mp);

		if (!mp)
			continue;
		total += bytes;
		json_array_append_new(
		    pools, json_pack("{s:s, s:i, s:I, s:I}", "name", mp->name, "socket", node,
				     "mbufs", (json_int_t)mp->size, "bytes", (json_int_t)bytes));
	}
	json_t *vtep = vtep_memory(dp, &total);

	return json_pack("{s:o, s:o, s:I, s:I, s:o, s:o, s:I, s:{s:I, s:I}}", "fdb", fdb, "vtep",
			 vtep, "view_bytes", (json_int_t)view, "datapath_bytes", (json_int_t)self,
			 "pmds", pmds, "pools", pools, "total_bytes", (json_int_t)total, "heap",
			 "allocated_bytes", (json_int_t)mem_heap_allocated(), "free_bytes",
			 (json_int_t)mem_heap_free());
}
