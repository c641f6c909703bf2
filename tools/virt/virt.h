/* sluice-virt's commands and what they share. */
#ifndef SLUICE_VIRT_VIRT_H
#define SLUICE_VIRT_VIRT_H

#include <stddef.h>

#include "sluice.h"

enum virt_exit {
	VIRT_EXIT_OK = 0,
	VIRT_EXIT_FINDINGS = 1, /* check found something; attach/detach failed */
	VIRT_EXIT_USAGE = 2,
	VIRT_EXIT_ERROR = 3, /* libvirt or sluice unreachable, bad XML, ... */
};

#define VIRT_SOCKET_DIR_DEFAULT "/run/sluice/vhost"

struct virt_options {
	const char *uri;	/* libvirt connection, NULL: libvirt's default */
	const char *socket;	/* sluice's control socket */
	const char *socket_dir; /* where vhost-user sockets go */
	const char *qemu_user;	/* libvirt's QEMU user, for socket permissions */
	char qemu_group[64];	/* its primary group, "" when the user is unknown */
	int json;
	int no_sluice; /* check: do not ask sluice for facts */
};

int virt_check(const struct virt_options *o, const char *domain, const char *xml_file,
	       const char *facts_file);
/* check --all: every domain libvirt knows (running or not) that has a
 * vhostuser interface; one result per domain (a JSON line with --json). */
int virt_check_all(const struct virt_options *o, const char *facts_file);
/* The names of all domains, a NULL-terminated malloc'd array of malloc'd
 * strings; the count, or -1 with err. */
int virt_domain_names(const struct virt_options *o, char ***names, char *err, size_t errlen);

/* The domain's XML from libvirt (flags: virDomainGetXMLDesc's), malloc'd,
 * or NULL with err. */
char *virt_domain_xml(const struct virt_options *o, const char *domain, unsigned int flags,
		      char *err, size_t errlen);

struct attach_request {
	const char *domain;
	const char *network;
	const char *port; /* NULL: derived from the domain's name */
	const char *mode; /* sluice's side: client (default) or server */
	const char *mac;  /* NULL: a random one in 52:54:00 (sluice must know it) */
	const char *ips;  /* the port's ips (port security), NULL: none */
	int queues;
	int mtu; /* 0: the MTU sluice reports for the port */
};
int virt_attach(const struct virt_options *o, const struct attach_request *a);
int virt_detach(const struct virt_options *o, const char *domain, const char *port);
int virt_watch(const struct virt_options *o, const char *network);

#endif
