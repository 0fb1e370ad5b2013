/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_eal.h>

#include "telemetry_query.h"

int
telemetry_query(const char *cmd, char *out, size_t len)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	ssize_t n = -1;
	int s;

	if (len < 2)
		return -1;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/dpdk_telemetry.v2",
		 rte_eal_get_runtime_dir());
	s = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -1;
	/* The server greets every client first, then answers commands. */
	if (connect(s, (struct sockaddr *)&sun, sizeof(sun)) == 0 &&
	    recv(s, out, len - 1, 0) > 0 &&
	    send(s, cmd, strlen(cmd), 0) == (ssize_t)strlen(cmd))
		n = recv(s, out, len - 1, 0);
	close(s);
	if (n < 0)
		return -1;
	out[n] = '\0';
	return (int)n;
}

int
telemetry_last_string(const char *json, const char *key, char *out,
		      size_t len)
{
	char pat[64];
	const char *p, *end, *q, *start = NULL;

	snprintf(pat, sizeof(pat), "\"%s\":[", key);
	p = strstr(json, pat);
	if (p == NULL)
		return -1;
	p += strlen(pat);
	end = strchr(p, ']');
	if (end == NULL)
		return -1;
	/* Strings hold no '"' (they are ours): the last pair of quotes. */
	for (q = p; q < end; q++) {
		if (*q != '"')
			continue;
		start = q + 1;
		q = memchr(start, '"', end - start);
		if (q == NULL)
			return -1;
		snprintf(out, len, "%.*s", (int)(q - start), start);
	}
	return start != NULL ? 0 : -1;
}
