/* sluice-virt's pure parts: domain XML parsing, the tuning rules (on the
 * fixtures in fixtures/virt/ and on small variations), facts, the
 * interface XML and port names. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../tools/virt/check.h"
#include "../../tools/virt/domain.h"
#include "../../tools/virt/facts.h"
#include "../../tools/virt/iface.h"
#include "../../tools/virt/perm.h"

#include <sys/stat.h>
#include <unistd.h>

static struct domain dom;
static struct facts facts;
static struct check_result res;
static char err[512];

static char *slurp(const char *name)
{
	char path[512];
	char *text = NULL;
	size_t cap = 0;
	FILE *f;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", FIXTURES, name);
	f = fopen(path, "r");
	assert_non_null(f);
	n = getdelim(&text, &cap, '\0', f);
	assert_true(n > 0);
	fclose(f);
	return text;
}

static void parse_fixture(const char *name)
{
	char *xml = slurp(name);

	if (domain_parse(xml, strlen(xml), &dom, err, sizeof(err)) != 0)
		fail_msg("%s: %s", name, err);
	free(xml);
}

static void parse_text(const char *xml)
{
	if (domain_parse(xml, strlen(xml), &dom, err, sizeof(err)) != 0)
		fail_msg("%s", err);
}

static void load_facts(void)
{
	char *text = slurp("facts.json");
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr);

	assert_non_null(root);
	assert_int_equal(facts_from_json(root, &facts, err, sizeof(err)), 0);
	json_decref(root);
	free(text);
}

/* The rules that fired, space-separated, in order. */
static const char *rules_fired(void)
{
	static char out[512];

	out[0] = '\0';
	for (int k = 0; k < res.n; k++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", k ? " " : "",
			 res.findings[k].rule);
	return out;
}

static void test_cpulist(void **state)
{
	unsigned char set[16];

	(void)state;
	assert_int_equal(domain_parse_cpulist("0-3,8,^2", set, 16), 0);
	assert_int_equal(set[0] + set[1] + set[2] + set[3] + set[8], 4);
	assert_int_equal(set[2], 0);
	assert_int_equal(domain_parse_cpulist("3-1", set, 16), -1);
	assert_int_equal(domain_parse_cpulist("16", set, 16), -1);
	assert_int_equal(domain_parse_cpulist("1,x", set, 16), -1);
}

static void test_parse_good(void **state)
{
	(void)state;
	parse_fixture("good.xml");
	assert_string_equal(dom.name, "good");
	assert_int_equal(dom.vcpus, 2);
	assert_true(dom.cpus_set);
	assert_true(dom.cpus[4] && dom.cpus[5] && !dom.cpus[6] && !dom.cpus[0]);
	assert_true(dom.nodes_set && dom.nodes[1] && !dom.nodes[0]);
	assert_true(dom.hugepages && dom.shared);
	assert_int_equal(dom.n_ifaces, 1);
	assert_string_equal(dom.ifaces[0].type, "vhostuser");
	assert_string_equal(dom.ifaces[0].socket, "/run/sluice/vhost/good.sock");
	assert_string_equal(dom.ifaces[0].mode, "server");
	assert_string_equal(dom.ifaces[0].alias, "ua-good0");
	assert_int_equal(dom.ifaces[0].queues, 2);
	assert_int_equal(dom.ifaces[0].host_mtu, 1450);
	assert_int_equal(dom.n_disks, 1);
	assert_string_equal(dom.disks[0].io, "native");
}

static void test_parse_errors(void **state)
{
	(void)state;
	assert_int_equal(domain_parse("<domain", 7, &dom, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not XML: line 1"));
	assert_int_equal(domain_parse("<network/>", 10, &dom, err, sizeof(err)), -1);
	assert_string_equal(err, "not a libvirt domain: the root element is <network>");
}

/* The bad fixture breaks each rule once: each fires once, nothing else. */
static void test_check_bad_with_facts(void **state)
{
	(void)state;
	parse_fixture("bad.xml");
	load_facts();
	check_domain(&dom, &facts, &res);
	assert_string_equal(rules_fired(), "nic-model offloads hugepages shared-memory reconnect "
					   "vhost-port mtu numa-cpus numa-memory disk-io");
	assert_string_equal(res.skipped, "");
	/* The cdrom is not judged; the fixes name real values. */
	assert_string_equal(res.findings[9].subject, "disk vda");
	assert_non_null(strstr(res.findings[6].fix, "value='1450'"));
	assert_non_null(strstr(res.findings[7].fix, "cpuset='4-7'"));
	assert_non_null(strstr(res.findings[8].fix, "nodeset='1'"));
	/* Only what is off is named, in libvirt's words. */
	assert_string_equal(
	    res.findings[1].problem,
	    "offloads turned off in <driver>: host csum, host tso4, guest tso4: the "
	    "guest segments and checksums every packet itself");
}

static void test_check_bad_without_facts(void **state)
{
	(void)state;
	parse_fixture("bad.xml");
	check_domain(&dom, NULL, &res);
	assert_string_equal(rules_fired(),
			    "nic-model offloads hugepages shared-memory reconnect disk-io");
	assert_string_equal(res.skipped, "vhost-port, mtu, numa-cpus, numa-memory");
}

static void test_check_good(void **state)
{
	(void)state;
	parse_fixture("good.xml");
	load_facts();
	check_domain(&dom, &facts, &res);
	assert_string_equal(rules_fired(), "");
}

static void test_check_variations(void **state)
{
	(void)state;
	load_facts();
	/* No model: QEMU's default NIC; a vhostuser socket sluice does not know. */
	parse_text("<domain><name>v</name><vcpu>1</vcpu><memoryBacking><hugepages/>"
		   "<access mode='shared'/></memoryBacking><devices>"
		   "<interface type='bridge'><source bridge='br0'/></interface>"
		   "<interface type='vhostuser'><source type='unix' path='/x.sock' mode='server'/>"
		   "<model type='virtio'/></interface></devices></domain>");
	check_domain(&dom, &facts, &res);
	assert_string_equal(rules_fired(), "nic-model vhost-port");
	assert_non_null(strstr(res.findings[0].problem, "no <model>"));
	/* Per-cell memAccess decides over the domain-wide access; unpinned vCPUs. */
	parse_text("<domain><name>v</name><vcpu>2</vcpu><memoryBacking><hugepages/>"
		   "<access mode='shared'/></memoryBacking><cpu><numa>"
		   "<cell id='0' cpus='0-1' memory='1' memAccess='private'/></numa></cpu>"
		   "<numatune><memory nodeset='1'/></numatune><devices>"
		   "<interface type='vhostuser'><source type='unix' "
		   "path='/run/sluice/vhost/good.sock' mode='server'/><model type='virtio'/>"
		   "<mtu size='1450'/></interface></devices></domain>");
	check_domain(&dom, &facts, &res);
	assert_string_equal(rules_fired(), "shared-memory mtu numa-cpus");
	assert_non_null(strstr(res.findings[1].problem, "libvirt 9.0 refuses"));
	assert_non_null(strstr(res.findings[2].problem, "not pinned"));
	/* Partial vcpupin without a cpuset leaves vCPUs floating. */
	parse_text("<domain><name>v</name><vcpu>2</vcpu><cputune><vcpupin vcpu='0' cpuset='4'/>"
		   "</cputune></domain>");
	assert_false(dom.cpus_set);
}

static void test_facts_from_sluice(void **state)
{
	json_t *ports = json_loads("{\"ports\":[{\"name\":\"phy0\",\"type\":\"phy\",\"mtu\":1500},"
				   "{\"name\":\"vm1\",\"type\":\"vhost\",\"network\":\"lan\","
				   "\"vhost\":{\"socket\":\"/s/vm1.sock\",\"mode\":\"client\"}}]}",
				   0, NULL);
	json_t *nets = json_loads("{\"networks\":[{\"name\":\"lan\",\"mtu\":1450}]}", 0, NULL);
	json_t *rxqs = json_loads("{\"rxqs\":[{\"port\":\"vm1\",\"queue\":0,\"core\":1},"
				  "{\"port\":\"phy0\",\"queue\":0,\"core\":0}]}",
				  0, NULL);
	json_t *back, *empty;

	(void)state;
	assert_int_equal(
	    facts_from_sluice(ports, nets, rxqs, "/nonexistent", &facts, err, sizeof(err)), 0);
	assert_int_equal(facts.n_ports, 1);
	assert_string_equal(facts.ports[0].name, "vm1");
	/* No MTU of its own (a vhost port): its network's. */
	assert_int_equal(facts.ports[0].mtu, 1450);
	/* No sysfs: a CPU's node is unknown and the node list stays empty. */
	assert_int_equal(facts.ports[0].n_pmd_nodes, 0);
	assert_ptr_equal(facts_port_by_socket(&facts, "/s/vm1.sock"), &facts.ports[0]);
	assert_null(facts_port_by_socket(&facts, "/s/vm2.sock"));
	back = facts_to_json(&facts);
	assert_int_equal(facts_from_json(back, &facts, err, sizeof(err)), 0);
	assert_string_equal(facts.ports[0].network, "lan");
	json_decref(back);
	json_decref(ports);
	json_decref(rxqs);
	json_decref(nets);
	empty = json_object();
	assert_int_equal(facts_from_json(empty, &facts, err, sizeof(err)), -1);
	json_decref(empty);
}

static void test_iface_qmp(void **state)
{
	struct iface_spec s = {.port = "vm1",
			       .socket = "/run/sluice/vhost/vm1.sock",
			       .qemu_mode = "server",
			       .mac = "52:54:00:00:00:01",
			       .queues = 2,
			       .mtu = 1450,
			       .vectors = -1};
	json_t *cmds;
	char *text;

	(void)state;
	cmds = iface_qmp_add(&s);
	text = json_dumps(cmds, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(
	    text,
	    "[{\"arguments\":{\"backend\":{\"data\":{\"addr\":{\"data\":{\"path\":"
	    "\"/run/sluice/vhost/vm1.sock\"},\"type\":\"unix\"},\"server\":true,\"wait\":false},"
	    "\"type\":\"socket\"},\"id\":\"charsl-vm1\"},\"execute\":\"chardev-add\"},"
	    "{\"arguments\":{\"chardev\":\"charsl-vm1\",\"id\":\"hostsl-vm1\",\"queues\":2,"
	    "\"type\":\"vhost-user\"},\"execute\":\"netdev_add\"},"
	    "{\"arguments\":{\"driver\":\"virtio-net-pci\",\"host_mtu\":1450,\"id\":\"sl-vm1\","
	    "\"mac\":\"52:54:00:00:00:01\",\"mq\":true,\"netdev\":\"hostsl-vm1\",\"vectors\":6},"
	    "\"execute\":\"device_add\"}]");
	free(text);
	json_decref(cmds);

	/* QEMU as client reconnects; TCG wants no MSI-X; one queue, no MTU. */
	s.qemu_mode = "client";
	s.mac = NULL;
	s.queues = 1;
	s.mtu = 0;
	s.vectors = 0;
	cmds = iface_qmp_add(&s);
	text = json_dumps(json_array_get(cmds, 0), JSON_COMPACT | JSON_SORT_KEYS);
	assert_non_null(strstr(text, "\"reconnect\":1,\"server\":false"));
	free(text);
	text = json_dumps(json_array_get(cmds, 2), JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(text,
			    "{\"arguments\":{\"driver\":\"virtio-net-pci\",\"id\":\"sl-vm1\","
			    "\"netdev\":\"hostsl-vm1\",\"vectors\":0},\"execute\":\"device_add\"}");
	free(text);
	json_decref(cmds);

	cmds = iface_qmp_del("vm1");
	text = json_dumps(cmds, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(
	    text, "[{\"arguments\":{\"id\":\"sl-vm1\"},\"execute\":\"device_del\"},"
		  "{\"arguments\":{\"id\":\"hostsl-vm1\"},\"execute\":\"netdev_del\"},"
		  "{\"arguments\":{\"id\":\"charsl-vm1\"},\"execute\":\"chardev-remove\"}]");
	free(text);
	json_decref(cmds);
}

/* port.add's params: with the NIC's MAC (and ips) port security is on. */
static void test_port_params(void **state)
{
	struct port_spec s = {.name = "vm1",
			      .socket = "/run/sluice/vhost/vm1.sock",
			      .mode = "server",
			      .network = "tenant-a",
			      .queues = 2,
			      .socket_group = "kvm",
			      .mac = "52:54:00:00:00:01",
			      .ips = "198.18.0.11, 2001:db8::11"};
	json_t *params;
	char *text, mac[18];

	(void)state;
	params = iface_port_params(&s);
	text = json_dumps(params, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(text, "{\"ips\":\"198.18.0.11, 2001:db8::11\",\"mac\":"
				  "\"52:54:00:00:00:01\",\"max-queues\":2,\"mode\":\"server\","
				  "\"name\":\"vm1\",\"network\":\"tenant-a\",\"socket\":"
				  "\"/run/sluice/vhost/vm1.sock\",\"socket-group\":\"kvm\","
				  "\"socket-mode\":\"0660\",\"type\":\"vhost\"}");
	free(text);
	json_decref(params);
	s.mode = "client";
	s.queues = 1;
	s.mac = "";
	s.ips = NULL;
	params = iface_port_params(&s);
	assert_null(json_object_get(params, "mac"));
	assert_null(json_object_get(params, "ips"));
	assert_null(json_object_get(params, "socket-group"));
	json_decref(params);
	iface_mac_from_bytes((const unsigned char[]){0x0a, 0xbc, 0xff}, mac, sizeof(mac));
	assert_string_equal(mac, "52:54:00:0a:bc:ff");
}

/* watch reads a port's ips from the domain's sluice metadata. */
static void test_parse_sluice_ips(void **state)
{
	(void)state;
	parse_text("<domain type='qemu'><name>w</name><devices><interface type='vhostuser'>"
		   "<mac address='52:54:00:12:00:32'/><source type='unix' path='/s/w.sock' "
		   "mode='server'/></interface></devices><metadata><sluice:port "
		   "xmlns:sluice='urn:sluice:libvirt:1' socket='/s/w.sock' network='ov' "
		   "ips='198.18.7.32, 2001:db8::32'/></metadata></domain>");
	assert_string_equal(dom.ifaces[0].mac, "52:54:00:12:00:32");
	assert_string_equal(dom.ifaces[0].sluice_network, "ov");
	assert_string_equal(dom.ifaces[0].sluice_ips, "198.18.7.32, 2001:db8::32");
}

static void test_perm_allows(void **state)
{
	struct perm_user u = {.name = "libvirt-qemu", .uid = 1000, .n_gids = 2, .gids = {1000, 64}};
	struct stat st = {.st_uid = 0, .st_gid = 0, .st_mode = S_IFDIR | 0755};

	(void)state;
	assert_true(perm_allows(&st, &u, 1));
	assert_false(perm_allows(&st, &u, 3));
	st.st_gid = 64;
	st.st_mode = S_IFDIR | 02770;
	assert_true(perm_allows(&st, &u, 3));
	st.st_gid = 65;
	assert_false(perm_allows(&st, &u, 1));
	st.st_uid = 1000;
	st.st_mode = S_IFSOCK | 0600;
	assert_true(perm_allows(&st, &u, 2));
	u.uid = 0;
	st.st_mode = 0;
	assert_true(perm_allows(&st, &u, 7));
}

static void test_perm_check_socket(void **state)
{
	char dir[] = "/tmp/sluice-perm.XXXXXX";
	char sub[64], sock[96];
	struct perm_user nobody = {.name = "nobody", .uid = 65534, .n_gids = 1, .gids = {65534}};

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/vhost", dir);
	snprintf(sock, sizeof(sock), "%s/vm1.sock", sub);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(chmod(dir, 0755), 0);
	/* Search is enough to reach a socket; creating one needs write. */
	assert_int_equal(perm_check_socket(sock, &nobody, 0, 0, err, sizeof(err)), 0);
	assert_int_equal(perm_check_socket(sock, &nobody, 1, 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot create its socket in it; fix: chgrp nobody"));
	assert_non_null(strstr(err, "chmod 2770 "));
	assert_int_equal(chmod(dir, 0700), 0);
	assert_int_equal(perm_check_socket(sock, &nobody, 0, 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot reach the socket through it"));
	assert_int_equal(chmod(dir, 0755), 0);
	/* The socket itself must be writable for a QEMU client. */
	assert_int_equal(perm_check_socket(sock, &nobody, 0, 1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No such file"));
	rmdir(sub);
	rmdir(dir);
}

static void test_port_name(void **state)
{
	char out[32];

	(void)state;
	iface_port_name("web-1", 0, out, sizeof(out));
	assert_string_equal(out, "web-1");
	iface_port_name("web 1/x", 2, out, sizeof(out));
	assert_string_equal(out, "web-1-x-2");
	iface_port_name("a-very-long-domain-name-that-goes-on", 12, out, sizeof(out));
	assert_string_equal(out, "a-very-long-domain-name-that-12");
	assert_true(strlen(out) <= 31);
	iface_port_name("", 0, out, sizeof(out));
	assert_string_equal(out, "v");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cpulist),
	    cmocka_unit_test(test_parse_good),
	    cmocka_unit_test(test_parse_errors),
	    cmocka_unit_test(test_check_bad_with_facts),
	    cmocka_unit_test(test_check_bad_without_facts),
	    cmocka_unit_test(test_check_good),
	    cmocka_unit_test(test_check_variations),
	    cmocka_unit_test(test_facts_from_sluice),
	    cmocka_unit_test(test_iface_qmp),
	    cmocka_unit_test(test_port_params),
	    cmocka_unit_test(test_parse_sluice_ips),
	    cmocka_unit_test(test_perm_allows),
	    cmocka_unit_test(test_perm_check_socket),
	    cmocka_unit_test(test_port_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
