#include "perm.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

int perm_allows(const struct stat *st, const struct perm_user *u, int want)
{
	int bits;

	if (u->uid == 0)
		return 1;
	if (st->st_uid == u->uid) {
		bits = (st->st_mode >> 6) & 7;
	} else {
		int in_group = 0;

		for (int k = 0; k < u->n_gids; k++)
			in_group |= u->gids[k] == st->st_gid;
		bits = in_group ? (st->st_mode >> 3) & 7 : st->st_mode & 7;
	}
	return (bits & want) == want;
}

int perm_user_lookup(const char *name, struct perm_user *u, char *err, size_t errlen)
{
	struct passwd *pw = getpwnam(name);
	int n = PERM_GROUPS_MAX;

	memset(u, 0, sizeof(*u));
	if (pw == NULL) {
		snprintf(err, errlen,
			 "no user '%s' on this host (libvirt's QEMU user: user= in "
			 "/etc/libvirt/qemu.conf)",
			 name);
		return -1;
	}
	snprintf(u->name, sizeof(u->name), "%s", name);
	u->uid = pw->pw_uid;
	if (getgrouplist(name, pw->pw_gid, u->gids, &n) < 0)
		n = PERM_GROUPS_MAX;
	u->n_gids = n;
	return 0;
}

static const char *group_name(gid_t gid)
{
	struct group *g = getgrgid(gid);

	return g ? g->gr_name : "?";
}

static const char *user_name(uid_t uid)
{
	struct passwd *pw = getpwuid(uid);

	return pw ? pw->pw_name : "?";
}

/* One directory: search (x), and write too when it is the socket's own
 * and QEMU creates the socket there. */
static int check_dir(const char *dir, const struct perm_user *u, int own_dir_write, char *err,
		     size_t errlen)
{
	struct stat st;
	int want = own_dir_write ? 3 : 1;

	if (stat(dir, &st) < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (perm_allows(&st, u, want))
		return 0;
	snprintf(err, errlen,
		 "%s (%s:%s %04o): QEMU's user %s cannot %s it; fix: chgrp %s %s && chmod %s %s",
		 dir, user_name(st.st_uid), group_name(st.st_gid), (unsigned)(st.st_mode & 07777),
		 u->name, own_dir_write ? "create its socket in" : "reach the socket through",
		 u->name, dir, own_dir_write ? "2770" : "g+x", dir);
	return -1;
}

int perm_check_socket(const char *path, const struct perm_user *u, int want_dir, int want_sock,
		      char *err, size_t errlen)
{
	char dir[512];
	char *slash;
	struct stat st;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir) {
		snprintf(err, errlen, "%s: not an absolute path below /", path);
		return -1;
	}
	*slash = '\0';
	/* Each ancestor of the socket's directory, then the directory itself. */
	for (char *p = strchr(dir + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (check_dir(dir, u, 0, err, errlen) < 0)
			return -1;
		*p = '/';
	}
	if (check_dir(dir, u, want_dir, err, errlen) < 0)
		return -1;
	if (!want_sock)
		return 0;
	if (stat(path, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!perm_allows(&st, u, 2)) {
		snprintf(
		    err, errlen,
		    "%s (%s:%s %04o): QEMU's user %s cannot connect to it; fix: chgrp %s %s && "
		    "chmod g+rw %s",
		    path, user_name(st.st_uid), group_name(st.st_gid),
		    (unsigned)(st.st_mode & 07777), u->name, u->name, path, path);
		return -1;
	}
	return 0;
}
