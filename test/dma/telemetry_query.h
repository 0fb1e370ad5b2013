/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Ask this process's own telemetry socket (the EAL's
 * <runtime dir>/dpdk_telemetry.v2) a command, as dpdk-telemetry.py
 * would: what a user sees is what the test checks.
 */
#ifndef TELEMETRY_QUERY_H
#define TELEMETRY_QUERY_H

#include <stddef.h>

/* The JSON reply to 'cmd' in out (NUL-terminated); its length or -1. */
int telemetry_query(const char *cmd, char *out, size_t len);

/*
 * The last string of the array 'key' in a reply, into out; 0, or -1 if
 * the reply has no such array or it is empty.
 */
int telemetry_last_string(const char *json, const char *key, char *out,
			  size_t len);

#endif /* TELEMETRY_QUERY_H */
