/* Building and publishing the forwarding view, for the files that change
 * the running datapath beside lifecycle.c (port_update.c); view_build.c has them. Control thread
 * only. */
#ifndef SLUICE_VIEW_PUBLISH_H
#define SLUICE_VIEW_PUBLISH_H

#include "datapath.h"

/* A new immutable view from the desired state (dp->desired.cfg). Queues stay on the
 * PMD that polls them now, unless pinned elsewhere (placement NULL), or go
 * where placement says. NULL when out of memory. */
struct fwd_view *view_build(const struct datapath *dp, const struct rxq_plan *placement);
/* Makes view the one PMDs read and frees the old after a grace period; or
 * fails before anything is published, freeing view. */
int view_publish(struct datapath *dp, struct fwd_view *view, char *err, size_t errlen);

/* Logs each queue a PMD polls across NUMA nodes (works, costs per packet). */
void view_warn_cross_numa(const struct datapath *dp, const struct fwd_view *view);

#endif
