/* Small readers of sysfs and proc files, shared inside hugepage/. */
#ifndef SLUICE_HUGEPAGE_SYSFS_H
#define SLUICE_HUGEPAGE_SYSFS_H

#include <stddef.h>

/* The first number in path; -1 when the file is missing or holds none. */
long sysfs_read_long(const char *path);
/* The first line of path without its newline; -1 when missing. */
int sysfs_read_line(const char *path, char *buf, size_t len);
/* snprintf into buf; -1 when it did not fit. */
int sysfs_path(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
