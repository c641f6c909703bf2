/* sluice: load the config, start the datapath, run until told to stop. */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_pdump.h>

#include "../dataplane/lifecycle.h"
#include "../dataplane/stats.h"
#include "../hugepage/hugepage.h"
#include "../hugepage/preflight.h"
#include "config.h"
#include "eal_args.h"
#include "evpn.h"
#include "metrics.h"
#include "rebalance.h"
#include "reload.h"
#include "socket.h"
#include "telemetry.h"

#ifndef SLUICE_VERSION
#define SLUICE_VERSION "unknown"
#endif

/* Longest the control thread sleeps when nothing happens. */
#define CONTROL_IDLE_MS 16

static volatile sig_atomic_t quit_signal;
static volatile sig_atomic_t dump_requested;
static volatile sig_atomic_t reload_requested;

static void on_quit(int sig)
{
	quit_signal = sig;
}

static void on_dump(int sig)
{
	(void)sig;
	dump_requested = 1;
}

/* SIGHUP: only a flag; the control thread reloads between rounds. */
static void on_reload(int sig)
{
	(void)sig;
	reload_requested = 1;
}

/* The reload SIGHUP asked for, with its diff or its refusal in the log.
 * Under systemd (Type=notify) the unit is "reloading" meanwhile. */
static void reload_on_signal(struct datapath *dp)
{
	static struct config_diff diff;
	enum reload_status rc;
	char err[2048];

	sd_notify(0, "RELOADING=1");
	rc = reload_run(dp, NULL, false, &diff, err, sizeof(err));
	reload_log(stdout, "SIGHUP", dp->desired.cfg.file, rc, &diff, err);
	sd_notifyf(0, "READY=1\nSTATUS=%s", rc == RELOAD_OK ? "reloaded" : "reload failed");
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: sluice --config FILE [--check]\n"
		     "\n"
		     "A poll-mode userspace datapath: bridges DPDK ports and vhost-user VMs.\n"
		     "\n"
		     "Options:\n"
		     "  -c, --config FILE  the INI config (see docs/config.md)\n"
		     "      --check        validate the config, print the EAL arguments, exit\n"
		     "  -h, --help         this text\n"
		     "  -V, --version      the version\n"
		     "\n"
		     "Signals: SIGHUP reloads the config file; SIGUSR1 prints the counters;\n"
		     "SIGINT or SIGTERM stop cleanly.\n"
		     "Exit status: 0 clean stop, 1 runtime error, 2 bad usage or config.\n");
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* EAL leaves its runtime directory (config, fbarrays) behind on exit; it is
 * ours alone because every process has its own file prefix. */
static void remove_runtime_dir(const char *dir)
{
	if (dir && dir[0] && strstr(dir, "/dpdk/"))
		nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static int run(const struct sluice_config *cfg, const struct config_host *host,
	       const struct control_facts *facts)
{
	char err[1024];
	struct datapath *dp;
	struct ctl_server *server;
	struct metrics_server *metrics = NULL;
	struct control ctl = {.facts = facts};
	int idle_ms = 1;
	struct sigaction quit = {.sa_handler = on_quit};
	struct sigaction dump = {.sa_handler = on_dump};
	struct sigaction reload = {.sa_handler = on_reload};

	/* From the start: a SIGHUP while the ports come up is a reload once
	 * they are, not the end of sluice (its default action). */
	sigaction(SIGHUP, &reload, NULL);
	dp = datapath_create(cfg, host, err, sizeof(err));
	if (!dp) {
		fprintf(stderr, "sluice: %s\n", err);
		return 1;
	}
	server = ctl_server_open(&cfg->control, err, sizeof(err));
	if (!server) {
		fprintf(stderr, "sluice: %s\n", err);
		datapath_destroy(dp);
		return 1;
	}
	if (cfg->metrics.listen[0]) {
		metrics = metrics_start(dp, cfg->metrics.listen, err, sizeof(err));
		if (!metrics) {
			fprintf(stderr, "sluice: %s\n", err);
			ctl_server_close(server);
			datapath_destroy(dp);
			return 1;
		}
		printf("sluice: metrics on %s/metrics\n", cfg->metrics.listen);
	}
	ctl.dp = dp;
	/* The EVPN shadow before the PMDs start: a device in its way stops
	 * sluice with the name of it. */
	ctl.evpn = evpn_create(dp, err, sizeof(err));
	if (!ctl.evpn && !evpn_wanted(&dp->desired.cfg)) {
		/* Without netlink sluice still switches; only evpn = yes needs it. */
		fprintf(stderr, "sluice: warning: %s; networks with evpn = yes are refused\n", err);
	} else if (!ctl.evpn || evpn_sync_networks(ctl.evpn, err, sizeof(err)) < 0) {
		fprintf(stderr, "sluice: %s\n", err);
		evpn_destroy(ctl.evpn);
		ctl_server_close(server);
		metrics_stop(metrics);
		datapath_destroy(dp);
		return 1;
	}
	if (ctl.evpn)
		ctl_server_watch(server, evpn_fd(ctl.evpn));
	if (sluice_telemetry_register(dp) < 0)
		fprintf(stderr, "sluice: warning: cannot register telemetry commands\n");
	/* dpdk-dumpcap attaches as a secondary process; that needs shared
	 * (file-backed hugepage) memory, so with hugepages = none it cannot. */
	if (rte_pdump_init() < 0 && cfg->dataplane.hugepages != HUGEPAGES_NONE)
		fprintf(stderr, "sluice: warning: packet capture (pdump) unavailable: %s\n",
			rte_strerror(rte_errno));
	sigaction(SIGINT, &quit, NULL);
	sigaction(SIGTERM, &quit, NULL);
	sigaction(SIGUSR1, &dump, NULL);
	if (datapath_launch(dp) < 0) {
		fprintf(stderr, "sluice: cannot launch the PMD threads\n");
		evpn_destroy(ctl.evpn);
		ctl_server_close(server);
		metrics_stop(metrics);
		sluice_telemetry_detach();
		datapath_destroy(dp);
		return 1;
	}
	printf("sluice: ready: %u ports, %u networks, %u PMD cores, control socket %s\n",
	       dp->n_ports, cfg->n_networks, dp->n_pmds, cfg->control.socket);
	fflush(stdout);
	/* Under systemd (Type=notify) units ordered after sluice start now;
	 * without NOTIFY_SOCKET this does nothing. */
	sd_notifyf(0, "READY=1\nSTATUS=%u ports, %u networks, %u PMD cores\nMAINPID=%lu",
		   dp->n_ports, cfg->n_networks, dp->n_pmds, (unsigned long)getpid());
	ctl.rebalance = rebalance_create(datapath_now(dp));
	while (!quit_signal && !ctl.shutdown_requested) {
		bool busy = datapath_tick(dp) > 0;

		rebalance_tick(ctl.rebalance, dp, datapath_now(dp));

		if (dump_requested) {
			dump_requested = 0;
			stats_print(dp, stdout);
		}
		if (reload_requested) {
			reload_requested = 0;
			reload_on_signal(dp);
		}
		/* Every wake-up of this thread can preempt whatever shares its CPU
		 * (a VM's vCPU, say): while MACs are being learned it looks every
		 * millisecond, when idle it backs off to CONTROL_IDLE_MS. A new MAC
		 * is flooded until then, as any unknown destination is. */
		idle_ms =
		    busy ? 1 : (idle_ms * 2 > CONTROL_IDLE_MS ? CONTROL_IDLE_MS : idle_ms * 2);
		if (ctl_server_poll(server, &ctl, idle_ms))
			idle_ms = 1;
		if (ctl.evpn && evpn_poll(ctl.evpn))
			idle_ms = 1;
		metrics_poll(metrics);
	}
	sd_notify(0, "STOPPING=1");
	if (quit_signal)
		printf("sluice: stopping on signal %d\n", (int)quit_signal);
	else
		printf("sluice: stopping on request (shutdown)\n");
	ctl_server_close(server);
	metrics_stop(metrics);
	evpn_destroy(ctl.evpn);
	rebalance_destroy(ctl.rebalance);
	rte_pdump_uninit();
	/* Stop the PMDs first so the final counters are complete. */
	__atomic_store_n(&dp->stop, 1, __ATOMIC_RELAXED);
	rte_eal_mp_wait_lcore();
	dp->launched = false;
	stats_print(dp, stdout);
	sluice_telemetry_detach();
	datapath_destroy(dp);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"check", no_argument, NULL, 'k'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	static struct sluice_config cfg;
	static struct preflight_facts facts;
	static struct hugepage_plan plan;
	struct config_host host;
	struct eal_args eal;
	const char *file = NULL;
	char runtime_dir[PATH_MAX];
	char err[1024];
	bool check = false;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "c:hV", options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			file = optarg;
			break;
		case 'k':
			check = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("sluice %s\n", SLUICE_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!file || optind != argc) {
		fprintf(stderr, "sluice: %s\n",
			!file ? "--config FILE is required" : "unexpected argument");
		usage(stderr);
		return 2;
	}
	if (config_host_read(&host) < 0) {
		fprintf(stderr, "sluice: cannot read /sys/devices/system/cpu/online: %s\n",
			strerror(errno));
		return 1;
	}
	if (config_load(file, &host, &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "sluice: %s\n", err);
		return 2;
	}
	/* Before EAL init: the pages exist on the nodes that need them, and
	 * DPDK takes them from the mount of the chosen size (--huge-dir). */
	if (cfg.dataplane.hugepages != HUGEPAGES_NONE) {
		/* A sluice of this prefix killed before it could clean up left its
		 * pages allocated in files: free them before counting. */
		int stale = hugepage_remove_stale_files("/proc/mounts", cfg.dataplane.file_prefix);

		if (stale > 0)
			printf("sluice: removed %d hugepage files that a stopped process of prefix "
			       "'%s' left behind\n",
			       stale, cfg.dataplane.file_prefix);
		preflight_facts_read("", &cfg, &facts);
	}
	if (preflight_check(&cfg, &facts, &plan, err, sizeof(err)) < 0) {
		fprintf(stderr, "sluice: %s: %s\n", file, err);
		return 2;
	}
	if (eal_args_build_huge(&cfg, plan.huge_dir, argv[0], &eal, err, sizeof(err)) < 0) {
		fprintf(stderr, "sluice: %s\n", err);
		return 2;
	}
	if (check) {
		printf("%s: valid: %u ports, %u networks\n", file, cfg.n_ports, cfg.n_networks);
		if (plan.summary[0])
			printf("%s\n", plan.summary);
		printf("EAL:");
		for (int i = 1; i < eal.argc; i++)
			printf(" %s", eal.argv[i]);
		printf("\n");
		return 0;
	}
	if (plan.summary[0]) {
		printf("sluice: %s\n", plan.summary);
		fflush(stdout);
	}
	if (rte_eal_init(eal.argc, eal.argv) < 0) {
		fprintf(stderr, "sluice: DPDK EAL init failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	snprintf(runtime_dir, sizeof(runtime_dir), "%s", rte_eal_get_runtime_dir());
	{
		static char page[16];
		struct control_facts ctl_facts = {
		    .config_file = file,
		    .hugepages = plan.hugepages == HUGEPAGES_NONE
				     ? "none"
				     : hugepage_size_name(plan.size_kb, page, sizeof(page)),
		    .huge_dir = plan.huge_dir,
		};

		rc = run(&cfg, &host, &ctl_facts);
	}
	rte_eal_cleanup();
	remove_runtime_dir(runtime_dir);
	if (cfg.dataplane.hugepages != HUGEPAGES_NONE)
		hugepage_remove_files("/proc/mounts", cfg.dataplane.file_prefix);
	return rc;
}
