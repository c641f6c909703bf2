/* The system-wide free count, and the cleanup of a stopped DPDK process's
 * hugepage files. */
#include "hugepage.h"

#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "sysfs.h"

long hugepage_free(const char *root, uint64_t size_kb)
{
	char path[512];

	if (sysfs_path(path, sizeof(path),
		       "%s/sys/kernel/mm/hugepages/hugepages-%" PRIu64 "kB/free_hugepages", root,
		       size_kb) < 0)
		return -1;
	return sysfs_read_long(path);
}

/* Whether to delete a file: always, or only when no process holds a lock on
 * it. DPDK's EAL keeps a shared flock on every page file it maps (as its own
 * clear_hugedir() relies on), so a file nobody locks belongs to no running
 * process. */
static bool removable(const char *path, bool only_unlocked)
{
	int fd;
	bool free_to_go;

	if (!only_unlocked)
		return true;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	free_to_go = flock(fd, LOCK_EX | LOCK_NB) == 0;
	close(fd); /* drops the lock: unlink needs none */
	return free_to_go;
}

static int remove_files(const char *mounts_file, const char *prefix, bool only_unlocked)
{
	FILE *f = fopen(mounts_file, "r");
	char line[1024], stem[128];
	int removed = 0;

	if (!f)
		return 0;
	snprintf(stem, sizeof(stem), "%smap_", prefix);
	while (fgets(line, sizeof(line), f)) {
		char dev[256], dir[512], type[64];
		DIR *d;
		struct dirent *e;

		if (sscanf(line, "%255s %511s %63s", dev, dir, type) != 3 ||
		    strcmp(type, "hugetlbfs") != 0)
			continue;
		d = opendir(dir);
		if (!d)
			continue;
		while ((e = readdir(d)) != NULL) {
			char path[1024];

			if (strncmp(e->d_name, stem, strlen(stem)) != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			if (removable(path, only_unlocked))
				removed += unlink(path) == 0;
		}
		closedir(d);
	}
	fclose(f);
	return removed;
}

int hugepage_remove_files(const char *mounts_file, const char *prefix)
{
	return remove_files(mounts_file, prefix, false);
}

int hugepage_remove_stale_files(const char *mounts_file, const char *prefix)
{
	return remove_files(mounts_file, prefix, true);
}
