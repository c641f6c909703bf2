/* sluicectl doctor's checks on fake /proc and /sys trees: a well-tuned host
 * gives no finding; each mistake gives its own finding (and only it), with
 * the fix naming the cores, ports, IRQs or sizes concerned. */
#define _GNU_SOURCE /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <ftw.h>

#include "../../tools/sluicectl/doctor.h"
#include "../../tools/sluicectl/doctor_guests.h"

static char root[64];

static void make_dirs(const char *path)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
	mkdir(buf, 0755);
}

static void write_file(const char *rel, const char *text)
{
	char path[512], dir[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	make_dirs(dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* One thread's /proc stat line: state and the CPU it last ran on (field 39). */
static void write_thread(int pid, int tid, const char *comm, char state, int cpu)
{
	char rel[128], text[512];
	size_t n;

	snprintf(rel, sizeof(rel), "/proc/%d/task/%d/stat", pid, tid);
	n = (size_t)snprintf(text, sizeof(text), "%d (%s) %c", tid, comm, state);
	for (int field = 4; field <= 38; field++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, " 0");
	snprintf(text + n, sizeof(text) - n, " %d 0 0\n", cpu);
	write_file(rel, text);
}

/* A host tuned as doctor wants it, for worker cores 2,3 of 0-3. */
static void tuned_host(void)
{
	write_file("/proc/cmdline",
		   "BOOT_IMAGE=/vmlinuz root=/dev/sda1 hugepagesz=1G hugepages=8 isolcpus=2,3 "
		   "nohz_full=2,3 rcu_nocbs=2-3\n");
	write_file("/proc/mounts", "hugetlbfs /dev/hugepages1G hugetlbfs rw,pagesize=1024M 0 0\n");
	write_file("/sys/devices/system/cpu/online", "0-3\n");
	write_file("/sys/devices/system/cpu/isolated", "2-3\n");
	write_file("/sys/devices/system/cpu/nohz_full", "2-3\n");
	write_file("/sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n");
	for (int cpu = 0; cpu < 4; cpu++) {
		char rel[128];

		snprintf(rel, sizeof(rel), "/sys/devices/system/cpu/cpu%d/cpufreq/scaling_governor",
			 cpu);
		write_file(rel, cpu >= 2 ? "performance\n" : "powersave\n");
	}
	write_file("/proc/irq/24/smp_affinity_list", "0-1\n");
	write_file("/proc/irq/25/smp_affinity_list", "1\n");
	write_thread(100, 100, "qemu-system-x86", 'S', 2);
	write_thread(100, 101, "CPU 0/KVM", 'R', 0);
	write_thread(555, 555, "sluice", 'R', 2); /* sluice's own PMD */
}

static json_t *facts_json(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);

	if (!j)
		fail_msg("facts: %s", jerr.text);
	return j;
}

static const char *tuned_facts =
    "{\"system\": {\"pid\": 555, \"worker_cores\": [2, 3], \"hugepages\": \"1G\","
    " \"huge_dir\": \"/dev/hugepages1G\"},"
    " \"ports\": [{\"name\": \"phy0\", \"type\": \"phy\", \"phy\": {\"rx_descriptors\": 4096,"
    "   \"rx_missed\": 0}},"
    "  {\"name\": \"vm1\", \"type\": \"vhost\"}],"
    " \"stats\": [{\"name\": \"phy0\", \"drops\": {}}, {\"name\": \"vm1\", \"drops\": {}}],"
    " \"rxqs\": [{\"port\": \"phy0\", \"queue\": 0, \"core\": 2, \"numa_local\": true}]}";

static struct doctor_report run(const char *facts_text)
{
	struct doctor_report r;
	json_t *facts = facts_json(facts_text);
	char err[256] = "";

	assert_int_equal(doctor_run(root, facts, &r, err, sizeof(err)), 0);
	json_decref(facts);
	return r;
}

/* The one finding of check, or a failure naming what was found instead. */
static const struct doctor_finding *only(const struct doctor_report *r, const char *check)
{
	if (r->n != 1 || strcmp(r->findings[0].check, check) != 0) {
		for (int i = 0; i < r->n; i++)
			print_message("finding %s: %s\n", r->findings[i].check,
				      r->findings[i].what);
		fail_msg("want exactly one '%s' finding, got %d", check, r->n);
	}
	return &r->findings[0];
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/sluice-doctor.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	tuned_host();
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	(void)state;
	return nftw(root, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static void test_tuned_host_is_clean(void **state)
{
	struct doctor_report r = run(tuned_facts);

	(void)state;
	for (int i = 0; i < r.n; i++)
		print_message("finding %s: %s\n", r.findings[i].check, r.findings[i].what);
	assert_int_equal(r.n, 0);
	assert_true(r.checks_run >= 11);
}

static void test_not_isolated(void **state)
{
	struct doctor_report r;

	(void)state;
	write_file("/sys/devices/system/cpu/isolated", "3\n");
	r = run(tuned_facts);
	assert_string_equal(only(&r, "isolcpus")->what,
			    "PMD cores 2 are not isolated: the scheduler runs other tasks on "
			    "them, and every such slice is a gap in polling");
	assert_non_null(strstr(r.findings[0].fix, "isolcpus=2-3 nohz_full=2-3 rcu_nocbs=2-3"));
	assert_int_equal(r.findings[0].severity, DOCTOR_WARN);
}

static void test_no_nohz_no_rcu_nocbs(void **state)
{
	struct doctor_report r;

	(void)state;
	write_file("/sys/devices/system/cpu/nohz_full", "(null)\n");
	write_file("/proc/cmdline", "root=/dev/sda1 hugepages=8 isolcpus=2,3\n");
	r = run(tuned_facts);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.findings[0].check, "nohz-full");
	assert_string_equal(r.findings[1].check, "rcu-nocbs");
	assert_string_equal(r.findings[1].fix, "add 'rcu_nocbs=2-3' to the kernel command line");
}

static void test_irq_on_pmd_core(void **state)
{
	struct doctor_report r;

	(void)state;
	write_file("/proc/irq/30/smp_affinity_list", "0-3\n");
	r = run(tuned_facts);
	assert_non_null(strstr(only(&r, "irq-affinity")->what, "(IRQ 30)"));
	assert_non_null(strstr(r.findings[0].fix, "echo 0-1 > /proc/irq/N/smp_affinity_list"));
	assert_non_null(strstr(r.findings[0].fix, "IRQBALANCE_BANNED_CPULIST=2-3"));
}

static void test_other_thread_on_pmd_core(void **state)
{
	struct doctor_report r;

	(void)state;
	write_thread(200, 201, "kworker (x) y", 'R', 3); /* a comm with spaces and ')' */
	r = run(tuned_facts);
	assert_non_null(strstr(only(&r, "shared-core")->what, "kworker (x) y[200] on 3"));
}

static void test_sleeping_thread_is_not_busy(void **state)
{
	struct doctor_report r;

	(void)state;
	write_thread(200, 201, "idle", 'S', 3);
	r = run(tuned_facts);
	assert_int_equal(r.n, 0);
}

static void test_thp_always(void **state)
{
	struct doctor_report r;

	(void)state;
	write_file("/sys/kernel/mm/transparent_hugepage/enabled", "[always] madvise never\n");
	r = run(tuned_facts);
	assert_int_equal(only(&r, "thp")->severity, DOCTOR_INFO);
}

static void test_governor(void **state)
{
	struct doctor_report r;

	(void)state;
	write_file("/sys/devices/system/cpu/cpu3/cpufreq/scaling_governor", "schedutil\n");
	r = run(tuned_facts);
	assert_non_null(strstr(only(&r, "cpu-governor")->what, "PMD cores 3 "));
	assert_non_null(strstr(r.findings[0].what, "governor schedutil"));
	assert_string_equal(r.findings[0].fix, "cpupower -c 3 frequency-set -g performance");
}

static void test_hugepages_none(void **state)
{
	struct doctor_report r;

	(void)state;
	r = run("{\"system\": {\"pid\": 555, \"worker_cores\": [2, 3], \"hugepages\": \"none\","
		" \"huge_dir\": \"\"}}");
	assert_int_equal(only(&r, "hugepages")->severity, DOCTOR_WARN);
}

static void test_hugepages_unmounted_and_not_at_boot(void **state)
{
	struct doctor_report r;

	(void)state;
	write_file("/proc/mounts", "proc /proc proc rw 0 0\n");
	write_file("/proc/cmdline", "root=/dev/sda1 isolcpus=2,3 nohz_full=2,3 rcu_nocbs=2,3\n");
	r = run(tuned_facts);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.findings[0].check, "hugepages-mount");
	assert_string_equal(r.findings[0].fix,
			    "sluice-hugepages mount --size 1G --dir /dev/hugepages1G");
	assert_string_equal(r.findings[1].check, "hugepages-boot");
	assert_non_null(strstr(r.findings[1].fix, "'hugepagesz=1G hugepages=N'"));
}

static void test_numa_remote_queue(void **state)
{
	struct doctor_report r;
	char facts[2048];

	(void)state;
	snprintf(facts, sizeof(facts),
		 "%.*s, \"rxqs\": [{\"port\": \"phy0\", \"queue\": 1,"
		 " \"core\": 3, \"numa_local\": false}]}",
		 (int)(strstr(tuned_facts, ", \"rxqs\"") - tuned_facts), tuned_facts);
	r = run(facts);
	assert_non_null(strstr(only(&r, "numa")->what, "port phy0 queue 1 is polled by core 3"));
	assert_non_null(strstr(r.findings[0].fix, "sluicectl rxq set phy0 1 CORE"));
}

static void test_small_rx_ring(void **state)
{
	struct doctor_report r;

	(void)state;
	r = run(
	    "{\"system\": {\"pid\": 555, \"worker_cores\": [2, 3], \"hugepages\": \"1G\","
	    " \"huge_dir\": \"/dev/hugepages1G\"},"
	    " \"ports\": [{\"name\": \"a\", \"type\": \"phy\", \"phy\": {\"rx_descriptors\": 512,"
	    " \"rx_missed\": 1234}}, {\"name\": \"b\", \"type\": \"phy\", \"phy\":"
	    " {\"rx_descriptors\": 512, \"rx_missed\": 0}}, {\"name\": \"c\", \"type\": \"phy\","
	    " \"phy\": {\"rx_descriptors\": 2048, \"rx_missed\": 0}}]}");
	assert_int_equal(r.n, 2);
	assert_string_equal(
	    r.findings[0].what,
	    "phy port a missed 1234 packets on receive with rings of 512 descriptors");
	assert_int_equal(r.findings[0].severity, DOCTOR_WARN);
	assert_int_equal(r.findings[1].severity, DOCTOR_INFO);
	assert_non_null(strstr(r.findings[1].fix, "rx-descriptors = 4096 in [port b]"));
}

static void test_guest_drops(void **state)
{
	struct doctor_report r;

	(void)state;
	r = run("{\"system\": {\"pid\": 555, \"worker_cores\": [2, 3], \"hugepages\": \"1G\","
		" \"huge_dir\": \"/dev/hugepages1G\"},"
		" \"ports\": [{\"name\": \"vm1\", \"type\": \"vhost\"}, {\"name\": \"vm2\","
		" \"type\": \"vhost\"}],"
		" \"stats\": [{\"name\": \"vm1\", \"drops\": {\"vhost-queue-full\": 77}},"
		" {\"name\": \"vm2\", \"drops\": {\"spoofed\": 5}}]}");
	assert_non_null(strstr(only(&r, "guest-drops")->what, "port vm1"));
	assert_non_null(strstr(r.findings[0].what, "77 packets"));
}

/* sluice-virt check --all's JSON lines become facts.guests, and each
 * finding a warning named after its rule. */
static void test_guests_from_sluice_virt(void **state)
{
	const char *lines =
	    "{\"domain\":\"web1\",\"findings\":[{\"rule\":\"nic-model\",\"subject\":"
	    "\"interface net0\",\"problem\":\"model rtl8139 is emulated\",\"fix\":\"<model "
	    "type='virtio'/>\"},{\"rule\":\"shared-memory\",\"subject\":\"memory\",\"problem\":"
	    "\"not shared\",\"fix\":\"<access mode='shared'/>\"}],\"skipped\":\"\"}\n"
	    "{\"domain\":\"db1\",\"findings\":[],\"skipped\":\"\"}\n";
	json_t *facts =
	    facts_json("{\"system\": {\"pid\": 555, \"worker_cores\": [2, 3], \"hugepages\": "
		       "\"1G\", \"huge_dir\": \"/dev/hugepages1G\"}}");
	struct doctor_report r;
	char err[256] = "";

	(void)state;
	assert_int_equal(doctor_guests_parse(lines, facts, err, sizeof(err)), 0);
	assert_int_equal(json_array_size(json_object_get(facts, "guests")), 2);
	assert_int_equal(doctor_run(root, facts, &r, err, sizeof(err)), 0);
	json_decref(facts);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.findings[0].check, "guest-nic-model");
	assert_string_equal(r.findings[0].what,
			    "domain web1, interface net0: model rtl8139 is emulated");
	assert_string_equal(r.findings[0].fix, "<model type='virtio'/>");
	assert_int_equal(r.findings[0].severity, DOCTOR_WARN);
	assert_string_equal(r.findings[1].check, "guest-shared-memory");
}

static void test_guests_bad_line_is_refused(void **state)
{
	json_t *facts = json_object();
	char err[256] = "";

	(void)state;
	assert_int_equal(doctor_guests_parse("{\"domain\":\"a\",\"findings\":[]}\nnot json\n",
					     facts, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "sluice-virt's line 2 is not a domain's result: not json\n");
	assert_null(json_object_get(facts, "guests"));
	json_decref(facts);
}

/* No sluice-virt, or libvirt not answering: one info line that says so. */
static void test_guests_unchecked(void **state)
{
	struct doctor_report r;

	(void)state;
	r = run("{\"system\": {\"pid\": 555, \"worker_cores\": [2, 3], \"hugepages\": \"1G\", "
		"\"huge_dir\":"
		" \"/dev/hugepages1G\"}, \"guests_unchecked\": \"sluice-virt is not installed\"}");
	assert_string_equal(only(&r, "guests")->what,
			    "the guests' tuning was not checked: sluice-virt is not installed");
	assert_int_equal(r.findings[0].severity, DOCTOR_INFO);
}

/* The child: a stand-in sluice-virt prints one domain's line; one that
 * does not exist is "not installed". */
static void test_guests_gather_runs_sluice_virt(void **state)
{
	char script[128];
	json_t *facts = json_object();
	FILE *f;

	(void)state;
	snprintf(script, sizeof(script), "%s/fake-virt", root);
	f = fopen(script, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n[ \"$*\" = \"--json --socket /s check --all\" ] || exit 2\n"
		   "echo '{\"domain\":\"d\",\"findings\":[],\"skipped\":\"\"}'\nexit 0\n");
	fclose(f);
	chmod(script, 0755);
	doctor_guests_gather(script, "/s", 5, facts);
	assert_int_equal(json_array_size(json_object_get(facts, "guests")), 1);
	json_decref(facts);

	facts = json_object();
	snprintf(script, sizeof(script), "%s/no-such-virt", root);
	doctor_guests_gather(script, "/s", 5, facts);
	assert_string_equal(json_string_value(json_object_get(facts, "guests_unchecked")),
			    "sluice-virt is not installed");
	json_decref(facts);
}

static void test_no_workers_is_an_error(void **state)
{
	struct doctor_report r;
	json_t *facts = facts_json("{\"system\": {\"worker_cores\": []}}");
	char err[256] = "";

	(void)state;
	assert_int_equal(doctor_run(root, facts, &r, err, sizeof(err)), -1);
	assert_string_equal(err, "the facts name no worker cores (system.worker_cores)");
	json_decref(facts);
}

static void test_report_json(void **state)
{
	struct doctor_report r;
	json_t *j;
	char *text;

	(void)state;
	write_file("/sys/kernel/mm/transparent_hugepage/enabled", "[always] madvise never\n");
	r = run(tuned_facts);
	j = doctor_report_json(&r);
	text = json_dumps(j, JSON_COMPACT);
	assert_non_null(strstr(text, "[{\"check\":\"thp\",\"severity\":\"info\",\"what\":"));
	free(text);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_tuned_host_is_clean, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_isolated, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_nohz_no_rcu_nocbs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_irq_on_pmd_core, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_other_thread_on_pmd_core, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sleeping_thread_is_not_busy, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_thp_always, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_governor, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hugepages_none, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hugepages_unmounted_and_not_at_boot, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_numa_remote_queue, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_small_rx_ring, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_guest_drops, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_guests_from_sluice_virt, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_guests_bad_line_is_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_guests_unchecked, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_guests_gather_runs_sluice_virt, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_workers_is_an_error, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_report_json, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
