#include "mem_usage.h"

#include <rte_malloc.h>
#include <rte_memzone.h>

static void heap_totals(size_t *allocated, size_t *free_bytes)
{
	*allocated = 0;
	*free_bytes = 0;
	for (unsigned int i = 0; i < rte_socket_count(); i++) {
		struct rte_malloc_socket_stats st;

		if (rte_malloc_get_socket_stats(rte_socket_id_by_idx(i), &st) == 0) {
			*allocated += st.heap_allocsz_bytes;
			*free_bytes += st.heap_freesz_bytes;
		}
	}
}

size_t mem_heap_allocated(void)
{
	size_t allocated, free_bytes;

	heap_totals(&allocated, &free_bytes);
	return allocated;
}

size_t mem_heap_free(void)
{
	size_t allocated, free_bytes;

	heap_totals(&allocated, &free_bytes);
	return free_bytes;
}

size_t mem_block_bytes(const void *block)
{
	size_t size = 0;

	if (block && rte_malloc_validate(block, &size) < 0)
		return 0;
	return size;
}

static void add_chunk(struct rte_mempool *mp, void *opaque, struct rte_mempool_memhdr *memhdr,
		      unsigned int idx)
{
	(void)mp;
	(void)idx;
	*(size_t *)opaque += memhdr->len;
}

size_t mem_pool_bytes(const struct rte_mempool *mp)
{
	size_t bytes = 0;

	if (mp)
		rte_mempool_mem_iter((struct rte_mempool *)(uintptr_t)mp, add_chunk, &bytes);
	return bytes;
}

size_t mem_ring_bytes(const struct rte_ring *r)
{
	return r && r->memzone ? r->memzone->len : 0;
}
