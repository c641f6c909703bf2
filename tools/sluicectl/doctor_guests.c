/* Why a child process: sluice-virt owns the libvirt connection and the
 * tuning rules (tools/virt/check.c); sluicectl stays free of libvirt, and a
 * host without it still gets every other check. */
#define _GNU_SOURCE /* pipe2 */
#include "doctor_guests.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OUTPUT_MAX (1 << 20)

int doctor_guests_parse(const char *text, json_t *facts, char *err, size_t errlen)
{
	json_t *guests = json_array();
	const char *line = text;
	int n = 0;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		json_error_t jerr;
		json_t *j;

		n++;
		if (len > 0) {
			j = json_loadb(line, len, 0, &jerr);
			if (!json_is_object(j) || !json_is_string(json_object_get(j, "domain")) ||
			    !json_is_array(json_object_get(j, "findings"))) {
				snprintf(err, errlen,
					 "sluice-virt's line %d is not a domain's result: %.80s", n,
					 line);
				json_decref(j);
				json_decref(guests);
				return -1;
			}
			json_array_append_new(guests, j);
		}
		line = end ? end + 1 : NULL;
	}
	json_object_set_new(facts, "guests", guests);
	return 0;
}

/* sluice-virt beside this program (installed: both in /usr/bin), or in the
 * build tree (tools/sluicectl/ and tools/virt/), else NULL: PATH decides. */
static const char *virt_beside_us(char *buf, size_t len)
{
	static const char *const rel[] = {"/sluice-virt", "/../virt/sluice-virt"};
	char self[PATH_MAX - 32]; /* room for rel[] in buf */
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		if ((size_t)snprintf(buf, len, "%s%s", self, rel[i]) >= len)
			continue;
		if (access(buf, X_OK) == 0)
			return buf;
	}
	return NULL;
}

static void unchecked(json_t *facts, const char *why)
{
	json_object_set_new(facts, "guests_unchecked", json_string(why));
}

/* Reads fd to its end or the deadline; the text, malloc'd (or NULL). */
static char *read_until(int fd, const struct timespec *deadline, int *timed_out)
{
	char *buf = malloc(OUTPUT_MAX + 1);
	size_t len = 0;

	*timed_out = 0;
	if (!buf)
		return NULL;
	for (;;) {
		struct timespec now;
		struct pollfd p = {.fd = fd, .events = POLLIN};
		long ms;
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (deadline->tv_sec - now.tv_sec) * 1000 +
		     (deadline->tv_nsec - now.tv_nsec) / 1000000;
		if (ms <= 0 || poll(&p, 1, (int)ms) == 0) {
			*timed_out = 1;
			break;
		}
		n = read(fd, buf + len, OUTPUT_MAX - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || len + (size_t)n >= OUTPUT_MAX)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return buf;
}

void doctor_guests_gather(const char *virt, const char *socket, double timeout, json_t *facts)
{
	char path[PATH_MAX], why[512], errbuf[512] = "";
	struct timespec deadline;
	int out[2], status = 0, timed_out;
	/* A file, not a pipe: a child with much to say on stderr never blocks. */
	FILE *errf = tmpfile();
	char *text;
	pid_t pid;

	if (!virt)
		virt = virt_beside_us(path, sizeof(path));
	if (!errf || pipe2(out, O_CLOEXEC) < 0) {
		if (errf)
			fclose(errf);
		unchecked(facts, "cannot run sluice-virt: no pipe or temporary file");
		return;
	}
	pid = fork();
	if (pid == 0) {
		dup2(out[1], STDOUT_FILENO);
		dup2(fileno(errf), STDERR_FILENO);
		execlp(virt ? virt : "sluice-virt", "sluice-virt", "--json", "--socket", socket,
		       "check", "--all", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	if (pid < 0) {
		close(out[0]);
		fclose(errf);
		unchecked(facts, "cannot run sluice-virt: fork failed");
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += (time_t)timeout + 1;
	text = read_until(out[0], &deadline, &timed_out);
	if (timed_out)
		kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	close(out[0]);
	rewind(errf);
	if (!fgets(errbuf, sizeof(errbuf), errf))
		errbuf[0] = '\0';
	errbuf[strcspn(errbuf, "\n")] = '\0';
	fclose(errf);
	if (timed_out) {
		snprintf(why, sizeof(why), "sluice-virt gave no answer in %.0f s", timeout + 1);
		unchecked(facts, why);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		unchecked(facts, "sluice-virt is not installed");
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
		snprintf(why, sizeof(why), "sluice-virt check --all failed: %s",
			 errbuf[0] ? errbuf : "no message");
		unchecked(facts, why);
	} else if (doctor_guests_parse(text ? text : "", facts, why, sizeof(why)) < 0) {
		unchecked(facts, why);
	}
	free(text);
}
