/* Fake sysfs/proc trees for the hugepage tests: tests/unit/fixtures/hugepages/NAME.
 * Read-only tests use them in place; tests that write copy one to a temp dir. */
#ifndef SLUICE_TEST_HUGEPAGE_FIXTURE_H
#define SLUICE_TEST_HUGEPAGE_FIXTURE_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef FIXTURES
#error "FIXTURES: the fixtures/hugepages directory, from meson"
#endif

static inline const char *fixture(const char *name)
{
	static char path[4][512];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", FIXTURES, name);
	return p;
}

static char fixture_copy_to[512];
static size_t fixture_copy_from_len;

static inline int fixture_copy_entry(const char *path, const struct stat *st, int flag,
				     struct FTW *ftw)
{
	char dst[1024], buf[4096];
	int in, out;
	ssize_t n;

	(void)ftw;
	snprintf(dst, sizeof(dst), "%s%s", fixture_copy_to, path + fixture_copy_from_len);
	if (flag == FTW_D)
		return mkdir(dst, 0755) < 0 && errno != EEXIST ? -1 : 0;
	in = open(path, O_RDONLY);
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 0777);
	if (in < 0 || out < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			return -1;
	close(in);
	close(out);
	return 0;
}

/* Copies fixture NAME into a new temp dir, written to root. */
static inline int fixture_copy(const char *name, char *root, size_t len)
{
	const char *from = fixture(name);

	snprintf(root, len, "/tmp/sluice-hugepage-%s.XXXXXX", name);
	if (!mkdtemp(root))
		return -1;
	snprintf(fixture_copy_to, sizeof(fixture_copy_to), "%s", root);
	fixture_copy_from_len = strlen(from);
	return nftw(from, fixture_copy_entry, 16, FTW_PHYS);
}

static inline int fixture_remove_entry(const char *path, const struct stat *st, int flag,
				       struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static inline int fixture_remove(const char *root)
{
	return nftw(root, fixture_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The first line of ROOT/REL, for asserting what was written. */
static inline const char *fixture_read(const char *root, const char *rel)
{
	static char line[256];
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	line[0] = '\0';
	f = fopen(path, "r");
	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
	}
	line[strcspn(line, "\n")] = '\0';
	return line;
}

#endif
