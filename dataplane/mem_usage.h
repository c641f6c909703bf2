/* What the datapath's tables take from DPDK's memory, measured rather than
 * estimated: the size malloc gave a block, the memory a pool or ring holds,
 * and the heaps' totals (`stats memory`). Control thread only. */
#ifndef SLUICE_MEM_USAGE_H
#define SLUICE_MEM_USAGE_H

#include <stddef.h>

#include <rte_mempool.h>
#include <rte_ring.h>

/* Bytes allocated from every socket's malloc heap (memzones included). */
size_t mem_heap_allocated(void);
/* Bytes free in every socket's malloc heap. */
size_t mem_heap_free(void);
/* The size of an rte_malloc'd block (0 for NULL). */
size_t mem_block_bytes(const void *block);
/* The memory a pool's objects live in (every chunk it populated). */
size_t mem_pool_bytes(const struct rte_mempool *mp);
/* The memory a ring's memzone holds, header and slots (0 for NULL). */
size_t mem_ring_bytes(const struct rte_ring *r);

#endif
