#include "eal_args.h"

#include <stdio.h>
#include <string.h>

static int push(struct eal_args *a, const char *arg, char *err, size_t errlen)
{
	size_t len = strlen(arg) + 1;

	if (a->argc == EAL_ARGS_MAX || a->used + len > sizeof(a->storage)) {
		snprintf(err, errlen, "EAL command line is too long at '%s'", arg);
		return -1;
	}
	memcpy(a->storage + a->used, arg, len);
	a->argv[a->argc++] = a->storage + a->used;
	a->argv[a->argc] = NULL;
	a->used += len;
	return 0;
}

static int push_extra(struct eal_args *a, const char *extra, char *err, size_t errlen)
{
	char buf[sizeof(((struct dataplane_config *)0)->eal_args)];
	char *save = NULL;

	snprintf(buf, sizeof(buf), "%s", extra);
	for (char *tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
		if (push(a, tok, err, errlen) < 0)
			return -1;
	return 0;
}

int eal_args_build(const struct sluice_config *cfg, const char *argv0, struct eal_args *out,
		   char *err, size_t errlen)
{
	return eal_args_build_huge(cfg, NULL, argv0, out, err, errlen);
}

int eal_args_build_huge(const struct sluice_config *cfg, const char *huge_dir, const char *argv0,
			struct eal_args *out, char *err, size_t errlen)
{
	const struct dataplane_config *dp = &cfg->dataplane;
	char buf[512];
	size_t n;
	bool any_pci = false;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	n = (size_t)snprintf(buf, sizeof(buf), "%u", dp->main_core);
	for (uint32_t i = 0; i < dp->worker_cores.n && n < sizeof(buf); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ",%u", dp->worker_cores.cores[i]);
	rc |= push(out, argv0, err, errlen);
	rc |= push(out, "-l", err, errlen);
	rc |= push(out, buf, err, errlen);
	snprintf(buf, sizeof(buf), "%u", dp->main_core);
	rc |= push(out, "--main-lcore", err, errlen);
	rc |= push(out, buf, err, errlen);
	rc |= push(out, "--file-prefix", err, errlen);
	rc |= push(out, dp->file_prefix, err, errlen);
	if (dp->hugepages != HUGEPAGES_NONE && dp->socket_mem.n_nodes > 0) {
		/* Per node; --no-huge memory has no node, so there the sum goes to -m. */
		n = 0;
		for (uint32_t i = 0; i < dp->socket_mem.n_nodes && n < sizeof(buf); i++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%u", i ? "," : "",
					      dp->socket_mem.node_mb[i]);
		rc |= push(out, "--socket-mem", err, errlen);
	} else {
		snprintf(buf, sizeof(buf), "%u", dp->socket_mem_mb);
		rc |= push(out, "-m", err, errlen);
	}
	rc |= push(out, buf, err, errlen);
	if (dp->hugepages == HUGEPAGES_NONE) {
		rc |= push(out, "--no-huge", err, errlen);
	} else if (huge_dir && huge_dir[0]) {
		rc |= push(out, "--huge-dir", err, errlen);
		rc |= push(out, huge_dir, err, errlen);
	}
	/* With hugepages, memory is file-backed so that secondary processes
	 * (dpdk-dumpcap, through pdump) can attach; sluice deletes its own
	 * prefix's hugepage files when it stops, and EAL reclaims stale ones of
	 * the same prefix at the next start. */
	/* Probe only the PCI devices the config names; vdevs are probed after EAL
	 * init, the same way a port added at run time is. */
	for (uint32_t i = 0; i < cfg->n_ports; i++) {
		const struct port_config *p = &cfg->ports[i];

		if (p->type != PORT_TYPE_PHY || !config_devargs_is_pci(p->devargs))
			continue;
		any_pci = true;
		rc |= push(out, "-a", err, errlen);
		rc |= push(out, p->devargs, err, errlen);
	}
	if (!any_pci)
		rc |= push(out, "--no-pci", err, errlen);
	if (rc == 0 && dp->eal_args[0])
		rc = push_extra(out, dp->eal_args, err, errlen);
	return rc ? -1 : 0;
}
