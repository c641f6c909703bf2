/* rxq.auto: the automatic rebalancer's and the PMDs' sleep settings, live;
 * and what rxq.show says about the last rebalancing decision. */
#include <string.h>

#include "../dataplane/lifecycle.h"
#include "commands.h"
#include "dataplane_live.h"
#include "params.h"
#include "rebalance.h"

static json_t *pmd_loads(const double *pct, uint32_t n)
{
	json_t *a = json_array();

	for (uint32_t w = 0; w < n; w++)
		json_array_append_new(a, json_real(pct[w]));
	return a;
}

json_t *cmd_rebalance_json(const struct control *ctl)
{
	const struct dataplane_config *c = &ctl->dp->desired.cfg.dataplane;
	const struct rebalance_report *r = ctl->rebalance ? rebalance_last(ctl->rebalance) : NULL;
	json_t *o = json_pack("{s:s, s:i, s:i, s:i}", "mode",
			      c->rebalance == REBALANCE_AUTO ? "auto" : "off", "interval",
			      (int)c->rebalance_interval, "threshold", (int)c->rebalance_threshold,
			      "pmd_sleep_max", (int)c->pmd_sleep_max);

	if (r && r->taken)
		json_object_set_new(
		    o, "last",
		    json_pack("{s:I, s:i, s:b, s:i, s:f, s:f, s:f, s:o, s:o}", "at",
			      (json_int_t)r->at, "window", (int)r->window, "moved_any", r->applied,
			      "moved", r->applied ? (int)r->d.moved : 0, "busiest_before_percent",
			      r->d.busiest_before_pct, "busiest_after_percent",
			      r->d.busiest_after_pct, "gain_percent", r->d.gain_pct,
			      "load_before_percent", pmd_loads(r->d.load_before_pct, r->n_pmds),
			      "load_after_percent", pmd_loads(r->d.load_after_pct, r->n_pmds)));
	return o;
}

json_t *cmd_rxq_auto(struct control *ctl, json_t *params, struct rpc_error *err)
{
	struct dataplane_config *c = &ctl->dp->desired.cfg.dataplane, next;
	uint32_t interval = c->rebalance_interval, threshold = c->rebalance_threshold;
	uint32_t sleep_max = c->pmd_sleep_max;
	int mode = c->rebalance;
	const char *m = json_object_get(params, "rebalance")
			    ? params_string(params, "rebalance", true, err)
			    : NULL;

	if (m && strcmp(m, "auto") != 0 && strcmp(m, "off") != 0) {
		rpc_fail(err, RPC_INVALID_PARAMS, "param 'rebalance': auto or off, not '%s'", m);
		return NULL;
	}
	if (m)
		mode = strcmp(m, "auto") == 0 ? REBALANCE_AUTO : REBALANCE_OFF;
	/* All or nothing: every value is checked before any applies. */
	if ((json_object_get(params, "rebalance-interval") &&
	     params_uint(params, "rebalance-interval", 1, 3600, &interval, err) < 0) ||
	    (json_object_get(params, "rebalance-threshold") &&
	     params_uint(params, "rebalance-threshold", 0, 100, &threshold, err) < 0) ||
	    (json_object_get(params, "pmd-sleep-max") &&
	     params_uint(params, "pmd-sleep-max", 0, 10000, &sleep_max, err) < 0))
		return NULL;
	next = *c;
	next.rebalance = mode;
	next.rebalance_interval = interval;
	next.rebalance_threshold = threshold;
	next.pmd_sleep_max = sleep_max;
	dataplane_live_apply(c, &next);
	/* PMDs read pmd-sleep-max from the view (they read no desired state). */
	if (datapath_view_refresh(ctl->dp, err->message, sizeof(err->message)) < 0) {
		err->code = RPC_FAILED;
		return NULL;
	}
	return cmd_rebalance_json(ctl);
}
