/* Live reload: read the config file again and apply the difference to the
 * running datapath, whole or not at all (docs/operating.md, "Reload").
 *
 * Everything that can be checked is checked before the first change: the
 * file goes through config_load() (the same parser, schema and validation
 * as at start), the difference is computed (config_diff.h), and keys that
 * need a restart refuse the reload. Then the changes run through the same
 * datapath calls as port.del, network.add... each of which applies whole or
 * fails leaving nothing. Should one fail (a device that will not open, no
 * memory for a view), the steps already taken are undone in reverse order:
 * deleted ports and networks are added back from their old config. */
#ifndef SLUICE_RELOAD_H
#define SLUICE_RELOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../dataplane/datapath.h"
#include "config_diff.h"

enum reload_status {
	RELOAD_OK = 0,
	RELOAD_BAD_FILE = -1, /* the loader's "FILE:LINE: why": nothing changed */
	RELOAD_REFUSED = -2,  /* keys that need a restart: nothing changed */
	RELOAD_FAILED = -3,   /* a step failed; the others were undone */
};

/* Loads path (NULL: the file sluice started with, dp->desired.cfg.file), computes
 * the diff into *diff and, unless dry_run, applies it. */
enum reload_status reload_run(struct datapath *dp, const char *path, bool dry_run,
			      struct config_diff *diff, char *err, size_t errlen);

/* Applies a diff computed from dp->desired.cfg to next (no restart keys). */
enum reload_status reload_apply(struct datapath *dp, const struct sluice_config *next,
				const struct config_diff *diff, char *err, size_t errlen);

/* The outcome in sluice's log, one "sluice: reload: ..." line per change or
 * the reason nothing changed; how says who asked ("SIGHUP", "sluicectl"). */
void reload_log(FILE *out, const char *how, const char *path, enum reload_status status,
		const struct config_diff *diff, const char *err);

#endif
