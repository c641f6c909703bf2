#include "reserve.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hugepage.h"
#include "sysfs.h"

static int kernel_write_count(const char *path, long n, void *ctx)
{
	char text[32];
	int fd, len, saved;
	ssize_t w;

	(void)ctx;
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	len = snprintf(text, sizeof(text), "%ld\n", n);
	w = write(fd, text, (size_t)len);
	saved = errno;
	close(fd);
	errno = saved;
	return w == len ? 0 : -1;
}

static int kernel_mount(const char *root, const char *dir, const char *options, void *ctx)
{
	char path[512];

	(void)ctx;
	if (sysfs_path(path, sizeof(path), "%s%s", root, dir) < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return mount("none", path, "hugetlbfs", 0, options);
}

const struct hugepage_ops hugepage_ops_kernel = {
    .write_count = kernel_write_count,
    .mount = kernel_mount,
};

const char *hugepage_default_dir(uint64_t size_kb, char *buf, size_t len)
{
	char name[16];

	snprintf(buf, len, "/dev/hugepages%s", hugepage_size_name(size_kb, name, sizeof(name)));
	return buf;
}

/* The message when the kernel has no pool of this size. */
static void no_such_size(uint64_t size_kb, char *msg, size_t msglen)
{
	char name[16];

	hugepage_size_name(size_kb, name, sizeof(name));
	snprintf(
	    msg, msglen,
	    "the kernel offers no %s pages (no /sys/kernel/mm/hugepages/hugepages-%" PRIu64 "kB)%s",
	    name, size_kb,
	    size_kb == HUGEPAGE_1G
		? ": this CPU (flag pdpe1gb) or its hypervisor has no 1 GiB pages; use 2M pages"
		: "");
}

/* "0,1" */
static void node_list(const struct hugepage_facts *facts, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (uint32_t n = 0; n < facts->n_nodes && used < len; n++)
		if (facts->node_present[n])
			used +=
			    (size_t)snprintf(buf + used, len - used, "%s%u", used ? "," : "", n);
}

/* The kernel command line that reserves the pages at boot: one count, or
 * with several nodes the node format (node:count,...) keeping the other
 * nodes' pools as they are now. */
static void boot_line(const struct hugepage_facts *facts, const struct hugepage_pool *pool,
		      const struct hugepage_reserve_request *req, char *buf, size_t len)
{
	char name[16];
	size_t used;

	hugepage_size_name(req->size_kb, name, sizeof(name));
	/* 1 GiB pages as the default size, as DPDK's guide has it. */
	used = req->size_kb == HUGEPAGE_1G
		   ? (size_t)snprintf(buf, len, "default_hugepagesz=%s ", name)
		   : 0;
	used += (size_t)snprintf(buf + used, len - used, "hugepagesz=%s hugepages=", name);
	if (req->node < 0 || !facts->numa || facts->n_nodes == 1) {
		snprintf(buf + used, len - used, "%ld", req->count);
		return;
	}
	for (uint32_t n = 0, first = 1; n < facts->n_nodes && used < len; n++) {
		if (!facts->node_present[n])
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%u:%ld", first ? "" : ",", n,
					 (int)n == req->node ? req->count : pool->node_total[n]);
		first = 0;
	}
}

enum hugepage_outcome hugepage_reserve(const char *root, const struct hugepage_reserve_request *req,
				       const struct hugepage_ops *ops, char *msg, size_t msglen)
{
	struct hugepage_facts facts;
	const struct hugepage_pool *pool;
	char name[16], where[32], file[256], path[512], boot[256], nodes[128];
	long before, after;

	if (!ops)
		ops = &hugepage_ops_kernel;
	hugepage_facts_read(root, &facts);
	hugepage_size_name(req->size_kb, name, sizeof(name));
	pool = hugepage_pool_find(&facts, req->size_kb);
	if (!pool) {
		no_such_size(req->size_kb, msg, msglen);
		return HUGEPAGE_FAILED;
	}
	if (req->node >= 0 &&
	    (!facts.numa || req->node >= HUGEPAGE_MAX_NODES || !facts.node_present[req->node])) {
		node_list(&facts, nodes, sizeof(nodes));
		snprintf(msg, msglen, "NUMA node %d does not exist (this machine has node%s %s)",
			 req->node, strchr(nodes, ',') ? "s" : "",
			 facts.numa ? nodes : "0, no NUMA");
		return HUGEPAGE_FAILED;
	}
	if (req->node >= 0) {
		snprintf(where, sizeof(where), " on node %d", req->node);
		snprintf(file, sizeof(file),
			 "/sys/devices/system/node/node%d/hugepages/hugepages-%" PRIu64
			 "kB/nr_hugepages",
			 req->node, req->size_kb);
		before = pool->node_total[req->node];
	} else {
		where[0] = '\0';
		snprintf(file, sizeof(file),
			 "/sys/kernel/mm/hugepages/hugepages-%" PRIu64 "kB/nr_hugepages",
			 req->size_kb);
		before = pool->total;
	}
	if (before >= req->count) {
		snprintf(msg, msglen,
			 "%s pages%s: the pool holds %ld already (asked for at least %ld); nothing "
			 "changed",
			 name, where, before, req->count);
		return HUGEPAGE_DONE;
	}
	sysfs_path(path, sizeof(path), "%s%s", root, file);
	if (ops->write_count(path, req->count, ops->ctx) < 0) {
		int e = errno;

		snprintf(msg, msglen, "%scannot write %ld to %s: %s%s",
			 e == EACCES || e == EPERM ? "not root: " : "", req->count, file,
			 strerror(e), e == EACCES || e == EPERM ? "; run it as root" : "");
		return e == EACCES || e == EPERM ? HUGEPAGE_NOT_ROOT : HUGEPAGE_FAILED;
	}
	after = sysfs_read_long(path);
	if (after >= req->count) {
		snprintf(msg, msglen, "%s pages%s: the pool now holds %ld (it held %ld)", name,
			 where, after, before);
		return HUGEPAGE_DONE;
	}
	boot_line(&facts, pool, req, boot, sizeof(boot));
	snprintf(msg, msglen,
		 "%s pages%s: asked for %ld and got %ld: memory is too fragmented (or too "
		 "small) for more; reserve them at boot instead: add '%s' to the kernel command "
		 "line and reboot",
		 name, where, req->count, after < 0 ? 0 : after, boot);
	return HUGEPAGE_FAILED;
}

/* The type of whatever is mounted at dir (any file system), or "". */
static void mount_type_at(const char *root, const char *dir, char *type, size_t len)
{
	char path[512], line[2048];
	FILE *f;

	type[0] = '\0';
	if (sysfs_path(path, sizeof(path), "%s/proc/mounts", root) < 0 ||
	    (f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f)) {
		char dev[256], mdir[1024], mtype[64];

		if (sscanf(line, "%255s %1023s %63s", dev, mdir, mtype) == 3 &&
		    strcmp(mdir, dir) == 0)
			snprintf(type, len, "%s", mtype);
	}
	fclose(f);
}

/* mkdir -p ROOT/dir; 1 when it created the last component, 0 when it existed. */
static int make_dir(const char *root, const char *dir)
{
	char path[512];
	int created = 0;

	if (sysfs_path(path, sizeof(path), "%s%s", root, dir) < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = path + strlen(root) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(path, 0755) == 0)
		created = 1;
	else if (errno != EEXIST)
		return -1;
	return created;
}

enum hugepage_outcome hugepage_mount(const char *root, uint64_t size_kb, const char *dir,
				     const struct hugepage_ops *ops, char *used_dir,
				     size_t used_len, char *msg, size_t msglen)
{
	struct hugepage_facts facts;
	const struct hugepage_mount *m;
	char name[16], options[32], cmd[512], type[64], path[512];
	int created;

	if (!ops)
		ops = &hugepage_ops_kernel;
	used_dir[0] = '\0';
	hugepage_facts_read(root, &facts);
	hugepage_size_name(size_kb, name, sizeof(name));
	if (!hugepage_pool_find(&facts, size_kb)) {
		no_such_size(size_kb, msg, msglen);
		return HUGEPAGE_FAILED;
	}
	if (dir[0] != '/') {
		snprintf(msg, msglen, "'%s' is not an absolute path", dir);
		return HUGEPAGE_FAILED;
	}
	m = hugepage_mount_at(&facts, dir);
	if (m && m->size_kb == size_kb) {
		snprintf(used_dir, used_len, "%s", dir);
		snprintf(msg, msglen, "%s pages are mounted at %s already; nothing changed", name,
			 dir);
		return HUGEPAGE_DONE;
	}
	if (!m && (m = hugepage_mount_find(&facts, size_kb)) != NULL) {
		snprintf(used_dir, used_len, "%s", m->dir);
		snprintf(msg, msglen,
			 "%s pages are mounted at %s already; using it (nothing mounted at %s)",
			 name, m->dir, dir);
		return HUGEPAGE_DONE;
	}
	mount_type_at(root, dir, type, sizeof(type));
	if (type[0]) {
		char other[16];

		if (m)
			snprintf(
			    msg, msglen,
			    "%s is a hugetlbfs mount of %s pages already; choose another --dir",
			    dir, hugepage_size_name(m->size_kb, other, sizeof(other)));
		else
			snprintf(msg, msglen,
				 "%s is a mount point already (%s); choose another --dir", dir,
				 type);
		return HUGEPAGE_FAILED;
	}
	snprintf(options, sizeof(options), "pagesize=%s", name);
	snprintf(cmd, sizeof(cmd), "mount -t hugetlbfs -o %s none %s", options, dir);
	created = make_dir(root, dir);
	if (created < 0) {
		int e = errno;

		snprintf(msg, msglen, "%scannot create %s: %s%s",
			 e == EACCES || e == EPERM ? "not root: " : "", dir, strerror(e),
			 e == EACCES || e == EPERM ? "; run it as root" : "");
		return e == EACCES || e == EPERM ? HUGEPAGE_NOT_ROOT : HUGEPAGE_FAILED;
	}
	if (ops->mount(root, dir, options, ops->ctx) < 0) {
		int e = errno;

		if (created && sysfs_path(path, sizeof(path), "%s%s", root, dir) == 0)
			rmdir(path);
		snprintf(msg, msglen, "%s%s failed: %s%s",
			 e == EACCES || e == EPERM ? "not root: " : "", cmd, strerror(e),
			 e == EACCES || e == EPERM ? "; run it as root" : "");
		return e == EACCES || e == EPERM ? HUGEPAGE_NOT_ROOT : HUGEPAGE_FAILED;
	}
	hugepage_facts_read(root, &facts);
	m = hugepage_mount_at(&facts, dir);
	if (!m || m->size_kb != size_kb) {
		snprintf(msg, msglen, "%s succeeded, but /proc/mounts shows no %s pages at %s", cmd,
			 name, dir);
		return HUGEPAGE_FAILED;
	}
	snprintf(used_dir, used_len, "%s", dir);
	snprintf(msg, msglen, "mounted %s pages at %s (%s)", name, dir, cmd);
	return HUGEPAGE_DONE;
}
