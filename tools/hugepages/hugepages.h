/* sluice-hugepages: status, reserve and mount, one function per subcommand. */
#ifndef SLUICE_TOOL_HUGEPAGES_H
#define SLUICE_TOOL_HUGEPAGES_H

#include <stdio.h>

#include "../../control/config.h"
#include "../../hugepage/preflight.h"

/* Exit status of every subcommand (also enum hugepage_outcome). */
enum {
	EXIT_DONE = 0,
	EXIT_CANNOT = 1,
	EXIT_USAGE = 2,
	EXIT_NOT_ROOT = 3,
};

/* The table of nodes and sizes: total, free, mount. */
void status_print_pools(FILE *out, const struct hugepage_facts *facts);
/* What the config needs per node and whether it fits. plan_rc and err are
 * preflight_check()'s answer for this config and facts. */
void status_print_config(FILE *out, const char *file, const struct sluice_config *cfg,
			 const struct hugepage_plan *plan, int plan_rc, const char *err);

void usage_status(FILE *out);
void usage_reserve(FILE *out);
void usage_mount(FILE *out);

int cmd_status(int argc, char **argv);
int cmd_reserve(int argc, char **argv);
int cmd_mount(int argc, char **argv);

#endif
