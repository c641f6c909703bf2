/* The VTEP's tables sized at start by [vtep] max-neighbours (neighbour
 * table, ARP wait state) and max-flood-vteps (EVPN flood lists). */
#ifndef SLUICE_VTEP_TABLES_H
#define SLUICE_VTEP_TABLES_H

#include <stddef.h>

struct datapath;
struct vtep_ctl;

/* dp->neigh over max-neighbours' slots and c->waiting for each: 0, or -1
 * with err saying which key to change. */
int vtep_tables_create(struct datapath *dp, struct vtep_ctl *c, char *err, size_t errlen);
/* Frees both; waiting packets must be gone already. */
void vtep_tables_free(struct datapath *dp, struct vtep_ctl *c);
/* Bytes both use (stats memory); 0 without [vtep]. */
size_t vtep_tables_bytes(const struct datapath *dp);

/* Frees the EVPN flood lists (desired.h evpn_flood). */
void vtep_flood_free(struct datapath *dp);
/* Bytes the EVPN flood lists use (stats memory); the view's are part of the
 * view's block (fwd_view.flood_bytes). */
size_t vtep_flood_bytes(const struct datapath *dp);

#endif
