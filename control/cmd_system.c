/* version, shutdown, log.level */
#include <string.h>
#include <unistd.h>

#include <rte_log.h>
#include <rte_version.h>

#include "commands.h"
#include "params.h"

#ifndef SLUICE_VERSION
#define SLUICE_VERSION "unknown"
#endif

json_t *cmd_version(struct control *ctl, json_t *params, struct rpc_error *err)
{
	(void)ctl;
	(void)params;
	(void)err;
	return json_pack("{s:s, s:s}", "version", SLUICE_VERSION, "dpdk", rte_version());
}

/* What sluice runs on, for sluicectl doctor and operators: the cores, the
 * page size and mount in use (after hugepages = auto chose), the config. */
json_t *cmd_system_show(struct control *ctl, json_t *params, struct rpc_error *err)
{
	const struct dataplane_config *d = &ctl->dp->desired.cfg.dataplane;
	json_t *workers = json_array();

	(void)params;
	(void)err;
	for (uint32_t i = 0; i < d->worker_cores.n; i++)
		json_array_append_new(workers, json_integer(d->worker_cores.cores[i]));
	return json_pack("{s:s, s:I, s:s, s:i, s:o, s:s, s:s, s:I, s:s}", "version", SLUICE_VERSION,
			 "pid", (json_int_t)getpid(), "config",
			 ctl->facts ? ctl->facts->config_file : "", "main_core", (int)d->main_core,
			 "worker_cores", workers, "hugepages",
			 ctl->facts ? ctl->facts->hugepages : "unknown", "huge_dir",
			 ctl->facts ? ctl->facts->huge_dir : "", "socket_mem_mb",
			 (json_int_t)d->socket_mem_mb, "file_prefix", d->file_prefix);
}

json_t *cmd_shutdown(struct control *ctl, json_t *params, struct rpc_error *err)
{
	(void)params;
	(void)err;
	ctl->shutdown_requested = true;
	return json_object();
}

static const struct {
	const char *name;
	uint32_t level;
} levels[] = {
    {"emergency", RTE_LOG_EMERG}, {"alert", RTE_LOG_ALERT},	{"critical", RTE_LOG_CRIT},
    {"error", RTE_LOG_ERR},	  {"warning", RTE_LOG_WARNING}, {"notice", RTE_LOG_NOTICE},
    {"info", RTE_LOG_INFO},	  {"debug", RTE_LOG_DEBUG},
};

json_t *cmd_log_level(struct control *ctl, json_t *params, struct rpc_error *err)
{
	const char *level = params_string(params, "level", true, err);
	const char *pattern = params_string(params, "pattern", false, err);

	(void)ctl;
	if (!level)
		return NULL;
	if (!pattern && params && json_object_get(params, "pattern"))
		return NULL; /* present but not a string: err is set */
	if (!pattern)
		pattern = "*";
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		if (strcmp(levels[i].name, level) != 0)
			continue;
		if (rte_log_set_level_pattern(pattern, levels[i].level) < 0) {
			rpc_fail(err, RPC_INVALID_PARAMS, "param 'pattern': '%s' is not valid",
				 pattern);
			return NULL;
		}
		return json_pack("{s:s, s:s}", "level", level, "pattern", pattern);
	}
	rpc_fail(err, RPC_INVALID_PARAMS,
		 "param 'level': '%s' is not one of emergency alert critical error warning "
		 "notice info debug",
		 level);
	return NULL;
}
