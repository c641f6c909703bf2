/* Build the EAL command line from the config, so an operator never writes one. */
#ifndef SLUICE_EAL_ARGS_H
#define SLUICE_EAL_ARGS_H

#include <stddef.h>

#include "config.h"

#define EAL_ARGS_MAX 96

struct eal_args {
	int argc;
	char *argv[EAL_ARGS_MAX + 1];
	char storage[4096];
	size_t used;
};

/* Returns 0, or -1 with a message in err (too many or too long arguments). */
int eal_args_build(const struct sluice_config *cfg, const char *argv0, struct eal_args *out,
		   char *err, size_t errlen);
/* The same with the hugetlbfs mount the hugepage preflight chose: DPDK takes
 * pages only from huge_dir (--huge-dir), so its page size is the plan's.
 * huge_dir NULL or "": no --huge-dir. */
int eal_args_build_huge(const struct sluice_config *cfg, const char *huge_dir, const char *argv0,
			struct eal_args *out, char *err, size_t errlen);

#endif
