#include "doctor.h"

#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CPUS_MAX 1024

struct cpu_set_small {
	bool on[CPUS_MAX];
};

struct doctor_ctx {
	const char *root;
	const json_t *facts;
	struct doctor_report *r;
	struct cpu_set_small pmd; /* the worker (PMD) cores */
	char pmd_list[256];
	char cmdline[4096];
};

const char *doctor_severity_name(enum doctor_severity s)
{
	return s == DOCTOR_WARN ? "warn" : "info";
}

static void add(struct doctor_ctx *c, const char *check, enum doctor_severity sev, const char *fix,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void add(struct doctor_ctx *c, const char *check, enum doctor_severity sev, const char *fix,
		const char *fmt, ...)
{
	struct doctor_finding *f;
	va_list ap;

	if (c->r->n == DOCTOR_FINDINGS_MAX)
		return;
	f = &c->r->findings[c->r->n++];
	snprintf(f->check, sizeof(f->check), "%s", check);
	f->severity = sev;
	snprintf(f->fix, sizeof(f->fix), "%s", fix);
	va_start(ap, fmt);
	vsnprintf(f->what, sizeof(f->what), fmt, ap);
	va_end(ap);
}

/* The first line of ROOT/path, without its newline; -1 when unreadable. */
static int read_line(const struct doctor_ctx *c, const char *path, char *buf, size_t len)
{
	char full[4096];
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", c->root, path);
	f = fopen(full, "r");
	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f)) {
		buf[0] = '\0';
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* "0-3,8,10-11" into set; an empty or malformed part is skipped. */
static void cpus_parse(const char *text, struct cpu_set_small *set)
{
	memset(set, 0, sizeof(*set));
	while (*text) {
		char *end;
		long a = strtol(text, &end, 10), b = a;

		if (end == text)
			break;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		for (long i = a; i <= b && i >= 0 && i < CPUS_MAX; i++)
			set->on[i] = true;
		text = end;
		while (*text == ',' || isspace((unsigned char)*text))
			text++;
	}
}

static void cpus_format(const struct cpu_set_small *set, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < CPUS_MAX; i++) {
		int j = i;

		if (!set->on[i])
			continue;
		while (j + 1 < CPUS_MAX && set->on[j + 1])
			j++;
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0,
					 j > i ? "%s%d-%d" : "%s%d", used ? "," : "", i, j);
		if (used >= len)
			return;
		i = j;
	}
}

/* PMD cores missing from set, formatted; false when none is missing. */
static bool pmd_missing(const struct doctor_ctx *c, const struct cpu_set_small *set, char *buf,
			size_t len)
{
	struct cpu_set_small miss = {0};
	bool any = false;

	for (int i = 0; i < CPUS_MAX; i++)
		if (c->pmd.on[i] && !set->on[i])
			miss.on[i] = any = true;
	cpus_format(&miss, buf, len);
	return any;
}

/* The value of NAME= on the kernel command line, or NULL. */
static const char *cmdline_value(const struct doctor_ctx *c, const char *name, char *buf,
				 size_t len)
{
	size_t n = strlen(name);

	for (const char *p = c->cmdline; *p;) {
		while (*p == ' ')
			p++;
		if (strncmp(p, name, n) == 0 && p[n] == '=') {
			size_t v = strcspn(p + n + 1, " ");

			snprintf(buf, len, "%.*s", (int)v, p + n + 1);
			return buf;
		}
		p += strcspn(p, " ");
	}
	return NULL;
}

static const char *str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "";
}

static void check_hugepages(struct doctor_ctx *c)
{
	const json_t *sys = json_object_get(c->facts, "system");
	const char *mode = str(sys, "hugepages"), *dir = str(sys, "huge_dir");
	char path[4096], line[4096], value[64];
	FILE *f;
	bool mounted = false;

	c->r->checks_run++;
	if (strcmp(mode, "none") == 0) {
		add(c, "hugepages", DOCTOR_WARN,
		    "set [dataplane] hugepages = auto and reserve pages (sluice-hugepages reserve "
		    "--size 1G --count N)",
		    "sluice runs without hugepages (hugepages = none): packet memory on 4 KiB "
		    "pages costs TLB misses, and dpdk-dumpcap cannot attach");
		return;
	}
	snprintf(path, sizeof(path), "%s/proc/mounts", c->root);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		char dev[256], mnt[2048], type[64];

		if (sscanf(line, "%255s %2047s %63s", dev, mnt, type) == 3 &&
		    strcmp(type, "hugetlbfs") == 0 && strcmp(mnt, dir) == 0)
			mounted = true;
	}
	if (f)
		fclose(f);
	if (dir[0] && !mounted) {
		char fix[1024];

		snprintf(fix, sizeof(fix), "sluice-hugepages mount --size %s --dir %s", mode, dir);
		add(c, "hugepages-mount", DOCTOR_WARN, fix,
		    "hugetlbfs %s, which sluice runs on, is no longer mounted: a restart of "
		    "sluice fails",
		    dir);
	}
	/* Pages reserved after boot are not there after the next one, and
	 * memory fragments: only the kernel command line reserves them for sure. */
	if (!cmdline_value(c, "hugepages", value, sizeof(value))) {
		char fix[1024];

		snprintf(fix, sizeof(fix),
			 "add 'hugepagesz=%s hugepages=N' to the kernel command line "
			 "(GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub)",
			 mode);
		add(c, "hugepages-boot", DOCTOR_INFO, fix,
		    "the %s pages sluice uses were reserved after boot: after a reboot they "
		    "may not all be reservable (fragmented memory)",
		    mode);
	}
}

static void check_isolation(struct doctor_ctx *c)
{
	struct cpu_set_small set;
	char text[4096], miss[256], fix[1024], value[512];

	c->r->checks_run++;
	if (read_line(c, "/sys/devices/system/cpu/isolated", text, sizeof(text)) < 0)
		text[0] = '\0';
	cpus_parse(text, &set);
	if (pmd_missing(c, &set, miss, sizeof(miss))) {
		snprintf(fix, sizeof(fix),
			 "add 'isolcpus=%s nohz_full=%s rcu_nocbs=%s' to the kernel command line",
			 c->pmd_list, c->pmd_list, c->pmd_list);
		add(c, "isolcpus", DOCTOR_WARN, fix,
		    "PMD cores %s are not isolated: the scheduler runs other tasks on them, "
		    "and every such slice is a gap in polling",
		    miss);
	}
	c->r->checks_run++;
	if (read_line(c, "/sys/devices/system/cpu/nohz_full", text, sizeof(text)) < 0 ||
	    strcmp(text, "(null)") == 0)
		text[0] = '\0';
	cpus_parse(text, &set);
	if (pmd_missing(c, &set, miss, sizeof(miss))) {
		snprintf(fix, sizeof(fix), "add 'nohz_full=%s' to the kernel command line",
			 c->pmd_list);
		add(c, "nohz-full", DOCTOR_INFO, fix,
		    "PMD cores %s take the scheduler tick (no nohz_full): a few microseconds "
		    "lost every millisecond",
		    miss);
	}
	c->r->checks_run++;
	cpus_parse(cmdline_value(c, "rcu_nocbs", value, sizeof(value)) ?: "", &set);
	if (pmd_missing(c, &set, miss, sizeof(miss))) {
		snprintf(fix, sizeof(fix), "add 'rcu_nocbs=%s' to the kernel command line",
			 c->pmd_list);
		add(c, "rcu-nocbs", DOCTOR_INFO, fix,
		    "PMD cores %s run RCU callbacks (no rcu_nocbs): the kernel interrupts "
		    "polling to run them",
		    miss);
	}
}

static bool numeric(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static void check_irqs(struct doctor_ctx *c)
{
	char path[4096], text[4096], irqs[200] = "", fix[1024], others[256];
	struct cpu_set_small set, other = {0};
	size_t used = 0;
	int n = 0;
	DIR *d;
	struct dirent *e;

	c->r->checks_run++;
	snprintf(path, sizeof(path), "%s/proc/irq", c->root);
	d = opendir(path);
	while (d && (e = readdir(d))) {
		if (!numeric(e->d_name))
			continue;
		snprintf(path, sizeof(path), "/proc/irq/%s/smp_affinity_list", e->d_name);
		if (read_line(c, path, text, sizeof(text)) < 0)
			continue;
		cpus_parse(text, &set);
		for (int i = 0; i < CPUS_MAX; i++) {
			if (set.on[i] && c->pmd.on[i]) {
				if (n++ < 8)
					used +=
					    (size_t)snprintf(irqs + used, sizeof(irqs) - used,
							     "%s%s", used ? " " : "", e->d_name);
				break;
			}
		}
	}
	if (d)
		closedir(d);
	if (n == 0)
		return;
	/* Where the IRQs should go: the online CPUs that are not PMD cores. */
	if (read_line(c, "/sys/devices/system/cpu/online", text, sizeof(text)) == 0)
		cpus_parse(text, &set);
	for (int i = 0; i < CPUS_MAX; i++)
		other.on[i] = set.on[i] && !c->pmd.on[i];
	cpus_format(&other, others, sizeof(others));
	snprintf(fix, sizeof(fix),
		 "for each: echo %s > /proc/irq/N/smp_affinity_list (and "
		 "IRQBALANCE_BANNED_CPULIST=%s for irqbalance)",
		 others[0] ? others : "<non-PMD CPUs>", c->pmd_list);
	add(c, "irq-affinity", DOCTOR_WARN, fix,
	    "%d interrupt%s may run on PMD cores %s (IRQ %s%s)", n, n == 1 ? "" : "s", c->pmd_list,
	    irqs, n > 8 ? " ..." : "");
}

/* Threads of other processes running on a PMD core: from /proc/PID/task/TID/stat,
 * state R and field 39 (the CPU it last ran on). */
static void check_shared_cores(struct doctor_ctx *c)
{
	const json_t *sys = json_object_get(c->facts, "system");
	long own = (long)json_integer_value(json_object_get(sys, "pid"));
	char path[4096], line[4096], names[240] = "", fix[1024];
	size_t used = 0;
	int n = 0;
	DIR *procs, *tasks;
	struct dirent *p, *t;

	c->r->checks_run++;
	snprintf(path, sizeof(path), "%s/proc", c->root);
	procs = opendir(path);
	while (procs && (p = readdir(procs))) {
		if (!numeric(p->d_name) || atol(p->d_name) == own)
			continue;
		snprintf(path, sizeof(path), "%s/proc/%s/task", c->root, p->d_name);
		tasks = opendir(path);
		while (tasks && (t = readdir(tasks))) {
			char stat_path[600], *close, state;
			int field = 3, cpu = -1;

			if (!numeric(t->d_name))
				continue;
			snprintf(stat_path, sizeof(stat_path), "/proc/%s/task/%s/stat", p->d_name,
				 t->d_name);
			if (read_line(c, stat_path, line, sizeof(line)) < 0)
				continue;
			/* "pid (comm) S ...": comm may hold spaces and ')'. */
			close = strrchr(line, ')');
			if (!close || sscanf(close + 1, " %c", &state) != 1 || state != 'R')
				continue;
			for (char *tok = strtok(close + 2, " "); tok; tok = strtok(NULL, " "))
				if (field++ == 39)
					cpu = atoi(tok);
			if (cpu < 0 || cpu >= CPUS_MAX || !c->pmd.on[cpu])
				continue;
			*close = '\0';
			if (n++ < 6)
				used += (size_t)snprintf(names + used, sizeof(names) - used,
							 "%s%.40s[%s] on %d", used ? ", " : "",
							 strchr(line, '(') ? strchr(line, '(') + 1
									   : "?",
							 p->d_name, cpu);
		}
		if (tasks)
			closedir(tasks);
	}
	if (procs)
		closedir(procs);
	if (n == 0)
		return;
	snprintf(fix, sizeof(fix),
		 "move them off: taskset -pc <other CPUs> PID (and isolcpus=%s keeps new ones off)",
		 c->pmd_list);
	add(c, "shared-core", DOCTOR_WARN, fix,
	    "%d thread%s of other processes running on PMD cores: %s%s", n, n == 1 ? "" : "s",
	    names, n > 6 ? ", ..." : "");
}

static void check_thp(struct doctor_ctx *c)
{
	char text[256];

	c->r->checks_run++;
	if (read_line(c, "/sys/kernel/mm/transparent_hugepage/enabled", text, sizeof(text)) < 0)
		return;
	if (strstr(text, "[always]"))
		add(c, "thp", DOCTOR_INFO,
		    "echo madvise > /sys/kernel/mm/transparent_hugepage/enabled "
		    "(transparent_hugepage=madvise on the kernel command line)",
		    "transparent hugepages are always on: khugepaged compacts and collapses "
		    "memory in the background, stalling the host's other tasks; guests on "
		    "hugetlbfs gain nothing from it");
}

static void check_governor(struct doctor_ctx *c)
{
	struct cpu_set_small slow = {0};
	char path[256], text[64], list[256], fix[1024], first[64] = "";
	bool any = false;

	c->r->checks_run++;
	for (int i = 0; i < CPUS_MAX; i++) {
		if (!c->pmd.on[i])
			continue;
		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu%d/cpufreq/scaling_governor", i);
		if (read_line(c, path, text, sizeof(text)) < 0 || strcmp(text, "performance") == 0)
			continue;
		if (!any)
			snprintf(first, sizeof(first), "%s", text);
		slow.on[i] = any = true;
	}
	if (!any)
		return;
	cpus_format(&slow, list, sizeof(list));
	snprintf(fix, sizeof(fix), "cpupower -c %s frequency-set -g performance", list);
	add(c, "cpu-governor", DOCTOR_WARN, fix,
	    "PMD cores %s scale their frequency (governor %s): a poller always looks busy, "
	    "but a governor that lowers the clock costs packets at each ramp",
	    list, first);
}

static void check_numa(struct doctor_ctx *c)
{
	const json_t *rxqs = json_object_get(c->facts, "rxqs");
	const json_t *q;
	size_t i;

	c->r->checks_run++;
	json_array_foreach(rxqs, i, q)
	{
		const json_t *local = json_object_get(q, "numa_local");
		char fix[1024];

		if (!json_is_false(local))
			continue;
		snprintf(fix, sizeof(fix),
			 "sluicectl rxq set %s %lld CORE with a PMD core on the port's node (or "
			 "rxq-affinity in the config)",
			 str(q, "port"),
			 (long long)json_integer_value(json_object_get(q, "queue")));
		add(c, "numa", DOCTOR_WARN, fix,
		    "port %s queue %lld is polled by core %lld on another NUMA node than the "
		    "port: every packet crosses the interconnect",
		    str(q, "port"), (long long)json_integer_value(json_object_get(q, "queue")),
		    (long long)json_integer_value(json_object_get(q, "core")));
	}
}

static const json_t *stats_of(const struct doctor_ctx *c, const char *name)
{
	const json_t *p;
	size_t i;

	json_array_foreach(json_object_get(c->facts, "stats"), i, p)
	{
		if (strcmp(str(p, "name"), name) == 0)
			return p;
	}
	return NULL;
}

/* The seeds' lesson: RX rings of 512 dropped media traffic at a few hundred
 * kpps; 4096 absorbs the bursts. A small ring that has missed packets is a
 * warning, one that has not yet is a note. */
static void check_rx_rings(struct doctor_ctx *c)
{
	const json_t *p;
	size_t i;

	c->r->checks_run++;
	json_array_foreach(json_object_get(c->facts, "ports"), i, p)
	{
		const json_t *phy = json_object_get(p, "phy");
		long long desc =
		    (long long)json_integer_value(json_object_get(phy, "rx_descriptors"));
		long long missed = (long long)json_integer_value(json_object_get(phy, "rx_missed"));
		char fix[1024];

		if (!phy || desc >= 4096)
			continue;
		snprintf(fix, sizeof(fix),
			 "set rx-descriptors = 4096 in [port %s] and restart the port (port del, "
			 "port add)",
			 str(p, "name"));
		if (missed > 0)
			add(c, "rx-ring", DOCTOR_WARN, fix,
			    "phy port %s missed %lld packets on receive with rings of %lld "
			    "descriptors",
			    str(p, "name"), missed, desc);
		else if (desc < 1024)
			add(c, "rx-ring", DOCTOR_INFO, fix,
			    "phy port %s has receive rings of %lld descriptors: a burst longer "
			    "than that is dropped by the NIC",
			    str(p, "name"), desc);
	}
}

static void check_guest_drops(struct doctor_ctx *c)
{
	const json_t *p;
	size_t i;

	c->r->checks_run++;
	json_array_foreach(json_object_get(c->facts, "ports"), i, p)
	{
		const json_t *st;
		long long full;
		char fix[1024];

		if (strcmp(str(p, "type"), "vhost") != 0)
			continue;
		st = stats_of(c, str(p, "name"));
		full = (long long)json_integer_value(
		    json_object_get(json_object_get(st, "drops"), "vhost-queue-full"));
		if (full <= 0)
			continue;
		snprintf(
		    fix, sizeof(fix),
		    "give the guest of %s more vCPUs and queues (libvirt <driver queues='N'/>, "
		    "ethtool -L eth0 combined N in the guest), or find what keeps it busy",
		    str(p, "name"));
		add(c, "guest-drops", DOCTOR_WARN, fix,
		    "the guest on port %s did not empty its receive ring: %lld packets dropped "
		    "(the guest's drops, not the switch's)",
		    str(p, "name"), full);
	}
}

/* sluice-virt's findings on the guests' libvirt domains (facts["guests"],
 * doctor_guests.c): NIC model, shared hugepage memory, guest MTU against the
 * network's, NUMA, reconnect, disks. */
static void check_guests(struct doctor_ctx *c)
{
	const json_t *unchecked = json_object_get(c->facts, "guests_unchecked");
	const json_t *guests = json_object_get(c->facts, "guests");
	const json_t *d, *f;
	size_t i, k;

	if (json_is_string(unchecked)) {
		c->r->checks_run++;
		add(c, "guests", DOCTOR_INFO,
		    "install sluice-virt and run it where libvirt answers, or check each guest by "
		    "hand (sluice-virt check DOMAIN, docs/libvirt.md)",
		    "the guests' tuning was not checked: %s", json_string_value(unchecked));
		return;
	}
	if (!json_is_array(guests))
		return; /* a facts file without guests: not asked */
	c->r->checks_run++;
	json_array_foreach(guests, i, d)
	{
		json_array_foreach(json_object_get(d, "findings"), k, f)
		{
			char check[24];

			snprintf(check, sizeof(check), "guest-%s", str(f, "rule"));
			add(c, check, DOCTOR_WARN, str(f, "fix"), "domain %s, %s: %s",
			    str(d, "domain"), str(f, "subject"), str(f, "problem"));
		}
	}
}

int doctor_run(const char *root, const json_t *facts, struct doctor_report *r, char *err,
	       size_t errlen)
{
	struct doctor_ctx c = {.root = root ? root : "", .facts = facts, .r = r};
	const json_t *workers = json_object_get(json_object_get(facts, "system"), "worker_cores");
	const json_t *w;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (!json_is_array(workers) || json_array_size(workers) == 0) {
		snprintf(err, errlen, "the facts name no worker cores (system.worker_cores)");
		return -1;
	}
	json_array_foreach(workers, i, w)
	{
		json_int_t core = json_integer_value(w);

		if (core >= 0 && core < CPUS_MAX)
			c.pmd.on[core] = true;
	}
	cpus_format(&c.pmd, c.pmd_list, sizeof(c.pmd_list));
	if (read_line(&c, "/proc/cmdline", c.cmdline, sizeof(c.cmdline)) < 0)
		c.cmdline[0] = '\0';
	check_hugepages(&c);
	check_isolation(&c);
	check_irqs(&c);
	check_shared_cores(&c);
	check_thp(&c);
	check_governor(&c);
	check_numa(&c);
	check_rx_rings(&c);
	check_guest_drops(&c);
	check_guests(&c);
	return 0;
}

json_t *doctor_report_json(const struct doctor_report *r)
{
	json_t *a = json_array();

	for (int i = 0; i < r->n; i++)
		json_array_append_new(
		    a, json_pack("{s:s, s:s, s:s, s:s}", "check", r->findings[i].check, "severity",
				 doctor_severity_name(r->findings[i].severity), "what",
				 r->findings[i].what, "fix", r->findings[i].fix));
	return a;
}
