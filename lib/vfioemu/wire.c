/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Wires: what is at the other end of each port's cable.
 *   b2b   ports 2k and 2k+1 cabled together (the default)
 *   loop  each port's transmit comes back to its own receive
 *   none  no cable
 * and, per port, on top of that:
 *   IXEMU_ATTACH="P=afpacket:IF,..."  the cable goes to the Linux interface
 *                                     IF instead (wire_linux.c)
 *   IXEMU_PCAP_OUT="P=FILE,..."       every frame P transmits is also
 *                                     written to FILE (wire_pcap.c)
 *   IXEMU_PCAP_IN="P=FILE,..."        FILE's frames arrive on P once P can
 *                                     receive (wire_pcap.c)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ixm.h"
#include "vfioemu.h"
#include "wire.h"

struct wire_port wire_port[VEMU_MAX_FUNCTIONS];

static uint64_t wire_frames;
/*
 * Read by the model thread on every round: while no source is configured,
 * vemu_wire_poll() makes no system call and takes no lock.
 */
static bool wire_active;

void
wire_set_active(bool on)
{
	__atomic_store_n(&wire_active, on, __ATOMIC_RELEASE);
}

static bool
any_attached(void)
{
	for (unsigned int i = 0; i < vemu.nfn; i++)
		if (wire_port[i].afp_fd >= 0)
			return true;
	return false;
}

/*
 * Walk "P=VALUE[,P=VALUE...]" in the variable name, calling fn for each
 * entry.  Ports are checked here; values by fn.
 */
static int
parse_port_list(const char *name,
		int (*fn)(unsigned int port, const char *value))
{
	const char *s = getenv(name);
	char *copy, *item, *save, *end;
	int rc = 0;

	if (s == NULL || *s == '\0')
		return 0;
	copy = strdup(s);
	if (copy == NULL)
		return -1;
	for (item = strtok_r(copy, ",", &save); item != NULL && rc == 0;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		unsigned long port;

		if (eq == NULL || eq == item || eq[1] == '\0') {
			vemu_log("%s: '%s': expected PORT=VALUE", name, item);
			rc = -1;
			break;
		}
		*eq = '\0';
		port = strtoul(item, &end, 10);
		if (*end != '\0' || port >= vemu.nfn) {
			vemu_log("%s: port '%s': expected 0..%u", name, item,
				 vemu.nfn - 1);
			rc = -1;
			break;
		}
		rc = fn((unsigned int)port, eq + 1);
	}
	free(copy);
	return rc;
}

static int
attach_one(unsigned int port, const char *value)
{
	struct vemu_fn *fn = &vemu.fn[port];

	if (strncmp(value, "afpacket:", 9) != 0) {
		vemu_log("IXEMU_ATTACH: port %u: '%s': expected afpacket:IFNAME",
			 port, value);
		return -1;
	}
	if (wire_port[port].afp_fd >= 0) {
		vemu_log("IXEMU_ATTACH: port %u attached twice", port);
		return -1;
	}
	if (wire_linux_attach(port, value + 9) < 0)
		return -1;
	/* The cable now goes to the interface: the old peer has none. */
	if (fn->peer != NULL && fn->peer != fn && fn->peer->peer == fn)
		fn->peer->peer = NULL;
	fn->peer = NULL;
	return 0;
}

static int
pcap_out_one(unsigned int port, const char *value)
{
	if (wire_port[port].pcap_dumper != NULL) {
		vemu_log("IXEMU_PCAP_OUT: port %u given twice", port);
		return -1;
	}
	return wire_pcap_out_open(port, value);
}

static int
pcap_in_one(unsigned int port, const char *value)
{
	return wire_pcap_in_queue(port, value, true);
}

int
vemu_wire_config(void)
{
	const char *s = getenv("IXEMU_WIRE");
	unsigned int i;

	for (i = 0; i < VEMU_MAX_FUNCTIONS; i++)
		wire_port[i].afp_fd = -1;
	if (s == NULL || strcmp(s, "b2b") == 0) {
		for (i = 0; i + 1 < vemu.nfn; i += 2) {
			vemu.fn[i].peer = &vemu.fn[i + 1];
			vemu.fn[i + 1].peer = &vemu.fn[i];
		}
	} else if (strcmp(s, "loop") == 0) {
		for (i = 0; i < vemu.nfn; i++)
			vemu.fn[i].peer = &vemu.fn[i];
	} else if (strcmp(s, "none") != 0) {
		vemu_log("IXEMU_WIRE=%s: expected b2b, loop or none", s);
		return -1;
	}
	if (parse_port_list("IXEMU_ATTACH", attach_one) < 0 ||
	    parse_port_list("IXEMU_PCAP_OUT", pcap_out_one) < 0 ||
	    parse_port_list("IXEMU_PCAP_IN", pcap_in_one) < 0)
		return -1;
	wire_set_active(any_attached() || wire_pcap_in_pending());
	return 0;
}

/* Called with the platform lock held, from the model thread. */
void
vemu_wire_tx(struct vemu_fn *fn, const void *frame, size_t len)
{
	struct wire_port *wp = &wire_port[fn->index];

	wire_frames++;
	wp->tx_frames++;
	if (wp->pcap_dumper != NULL)
		wire_pcap_out(wp, frame, len);
	if (wp->afp_fd >= 0)
		wire_linux_tx(wp, frame, len);
	else if (fn->peer != NULL && fn->peer->ixm != NULL)
		ixm_rx_frame(fn->peer->ixm, frame, len);
}

/* Model thread, without the lock: bring in frames from outside. */
unsigned int
vemu_wire_poll(void)
{
	unsigned int n = 0;

	if (!__atomic_load_n(&wire_active, __ATOMIC_ACQUIRE))
		return 0;
	n += wire_linux_poll();
	if (wire_pcap_in_pending())
		n += wire_pcap_in_poll();
	else if (!any_attached())
		wire_set_active(false);
	return n;
}

/* Control FIFO "pcap PORT FILE", on the model thread without the lock. */
int
vemu_wire_pcap_command(unsigned int port, const char *path)
{
	if (port >= vemu.nfn) {
		vemu_log("control: pcap: no port %u", port);
		return -1;
	}
	if (wire_pcap_in_queue(port, path, false) < 0)
		return -1;
	wire_set_active(true);
	return 0;
}

uint64_t
vemu_wire_frames(void)
{
	return wire_frames;
}

/* The "wires" member of the --report JSON; called with the lock held. */
void
vemu_wire_report(FILE *f)
{
	fprintf(f, "\"wires\":[");
	for (unsigned int i = 0; i < vemu.nfn; i++) {
		const struct wire_port *wp = &wire_port[i];
		const struct vemu_fn *fn = &vemu.fn[i];
		char peer[40];

		if (wp->afp_fd >= 0)
			snprintf(peer, sizeof(peer), "afpacket:%s", wp->ifname);
		else if (fn->peer == NULL)
			snprintf(peer, sizeof(peer), "none");
		else
			snprintf(peer, sizeof(peer), "%s", fn->peer->bdf);
		fprintf(f, "%s{\"bdf\":\"%s\",\"peer\":\"%s\""
			",\"tx_frames\":%" PRIu64
			",\"linux_tx\":%" PRIu64 ",\"linux_tx_errors\":%" PRIu64
			",\"linux_rx\":%" PRIu64 ",\"linux_rx_dropped\":%" PRIu64
			",\"pcap_out_frames\":%" PRIu64
			",\"pcap_in_frames\":%" PRIu64
			",\"pcap_in_dropped\":%" PRIu64 "}",
			i ? "," : "", fn->bdf, peer, wp->tx_frames,
			wp->linux_tx, wp->linux_tx_err, wp->linux_rx,
			wp->linux_rx_drop, wp->pcap_out_frames,
			wp->pcap_in_frames, wp->pcap_in_drop);
	}
	fprintf(f, "]");
}

/*
 * At exit, with the lock held.  The model thread still runs: stop the
 * sources and close the captures so that nothing writes to them later.
 * The interface sockets stay open (the model thread may be inside
 * recvmmsg() on one without the lock); the exit closes them.
 */
void
vemu_wire_fini(void)
{
	wire_set_active(false);
	for (unsigned int i = 0; i < vemu.nfn; i++) {
		struct wire_port *wp = &wire_port[i];

		if (wp->pcap_dumper != NULL)
			wire_pcap_out_close(wp);
		if (wp->afp_fd >= 0 || wp->pcap_out_frames || wp->pcap_in_frames)
			vemu_log("wire %s: tx=%" PRIu64 " linux_tx=%" PRIu64
				 " linux_rx=%" PRIu64 " pcap_out=%" PRIu64
				 " pcap_in=%" PRIu64 " pcap_in_dropped=%" PRIu64,
				 vemu.fn[i].bdf, wp->tx_frames, wp->linux_tx,
				 wp->linux_rx, wp->pcap_out_frames,
				 wp->pcap_in_frames, wp->pcap_in_drop);
	}
}
