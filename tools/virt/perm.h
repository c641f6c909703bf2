/* Can QEMU (libvirt's user, libvirt-qemu on Debian) reach a vhost-user
 * socket? It must search every directory above it, and create the socket
 * in its directory (QEMU as server) or write to the socket (QEMU as
 * client, sluice's socket). Checked before a port is made, reported with
 * the command that fixes it. */
#ifndef SLUICE_VIRT_PERM_H
#define SLUICE_VIRT_PERM_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#define PERM_QEMU_USER_DEFAULT "libvirt-qemu"
#define PERM_GROUPS_MAX 64

struct perm_user {
	char name[64];
	uid_t uid;
	int n_gids;
	gid_t gids[PERM_GROUPS_MAX];
};

/* want: bits of 07 (4 read, 2 write, 1 search/execute). Pure. */
int perm_allows(const struct stat *st, const struct perm_user *u, int want);

/* The user's uid and groups. Returns 0 or -1 with err. */
int perm_user_lookup(const char *name, struct perm_user *u, char *err, size_t errlen);

/* Whether u may search every directory above path and, when want_dir, write
 * into path's directory; when want_sock, write to path itself. Returns 0,
 * or -1 with err naming the first obstacle and the fix. */
int perm_check_socket(const char *path, const struct perm_user *u, int want_dir, int want_sock,
		      char *err, size_t errlen);

#endif
