/* What a reload would change: two configs in, a list of changes and of
 * keys that need a restart out. Pure: no DPDK, no I/O.
 *
 * Objects are matched by name. A port whose keys changed is re-created
 * (closed and opened again), and so is every port of a network that is
 * re-created, unless only keys that change live changed (port_live.h: mac,
 * port security...): then it is updated in place. A network is updated in place when only
 * mac-aging, flood, mtu or mss-clamp changed; another key (type, vni, key, vid, port) re-creates
 * it. [vtep] neighbours are compared as a set. The [dataplane] keys rxq.auto
 * changes live (dataplane_live.h) change in place. Every other section key
 * ([dataplane], [control], [metrics], the rest of [vtep]) and the VTEP's own
 * port can change only with a restart. */
#ifndef SLUICE_CONFIG_DIFF_H
#define SLUICE_CONFIG_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

/* DIFF_DATAPLANE: the [dataplane] keys rxq.auto changes live
 * (dataplane_live.h), one change without a name, always in place. */
enum diff_object { DIFF_PORT, DIFF_NETWORK, DIFF_NEIGHBOUR, DIFF_DATAPLANE };
enum diff_op { DIFF_ADD, DIFF_REMOVE, DIFF_CHANGE };
/* How a DIFF_CHANGE applies. */
enum diff_how { DIFF_IN_PLACE, DIFF_RECREATE };

#define DIFF_TEXT_MAX 512
#define DIFF_MAX_ENTRIES                                                                           \
	(2 * SLUICE_PORTS_CEILING + 2 * SLUICE_NETWORKS_CEILING +                                \
	 2 * SLUICE_STATIC_NEIGHBOURS_CEILING + 1)
#define DIFF_MAX_RESTART 64

struct diff_entry {
	enum diff_object object;
	enum diff_op op;
	enum diff_how how;
	char name[SLUICE_NAME_MAX]; /* a neighbour's: its address */
	char detail[DIFF_TEXT_MAX]; /* "mtu 1500 -> 9000, network a -> b" */
};

struct config_diff {
	uint32_t n;
	struct diff_entry entries[DIFF_MAX_ENTRIES];
	/* "[dataplane] worker-cores changed (2 -> 2,3)" */
	uint32_t n_restart;
	char restart[DIFF_MAX_RESTART][DIFF_TEXT_MAX];
};

/* The changes that turn running into next. running may have holes (ports and
 * networks deleted at run time: empty names); both passed validation. */
void config_diff(const struct sluice_config *running, const struct sluice_config *next,
		 struct config_diff *out);

/* "reload refused: A, B: needs a restart; nothing changed" when the diff has
 * restart keys; returns the number of them. */
uint32_t config_diff_refusal(const struct config_diff *d, char *buf, size_t len);

/* One line: "+ port vm3 (type vhost, network blue)", "- network old",
 * "~ port p: mtu 1500 -> 9000 (re-created)". */
void config_diff_entry_text(const struct diff_entry *e, char *buf, size_t len);

/* A field as the config file would spell it: "2,3", "auto", "0660", "none". */
void config_value_text(const struct schema_key *key, const void *object, char *buf, size_t len);

const char *diff_op_name(enum diff_op op);
const char *diff_object_name(enum diff_object object);

#endif
