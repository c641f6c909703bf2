/* The PMD loop (pmd_loop.c): what a worker core runs, and one poll of it
 * that tests and benchmarks call on the main lcore. */
#ifndef SLUICE_PMD_LOOP_H
#define SLUICE_PMD_LOOP_H

#include <stdint.h>

#include "pmd.h"

/* One poll of every queue a PMD owns, then a quiescent state: the body of the
 * PMD loop, callable from tests on the main lcore. Returns packets received. */
uint32_t pmd_poll_once(struct pmd *pmd);
int pmd_main(void *arg);

#endif
