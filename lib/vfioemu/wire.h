/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Internal interface of the wires: wire.c (cables, configuration,
 * dispatch), wire_pcap.c (capture and replay) and wire_linux.c (a port
 * attached to a Linux network interface).
 *
 * Threads: vemu_wire_tx() runs with the platform lock held (model thread);
 * vemu_wire_poll() and the control commands run on the model thread
 * without it; configuration runs before the model thread exists.  So the
 * per-port state below is only written by one thread at a time; the
 * counters are read for the report under the lock.
 */
#ifndef VFIOEMU_WIRE_H
#define VFIOEMU_WIRE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vfioemu.h"

/* Frames on our wires carry no FCS; this is the largest the model takes. */
#define WIRE_MAX_FRAME	16384u
/* Shorter frames are padded, as the sending MAC would on a real wire. */
#define WIRE_MIN_FRAME	60u
/* Frames one source may deliver to one port per model round. */
#define WIRE_BATCH	32u

struct wire_replay;

struct wire_port {
	/* Linux interface attachment (wire_linux.c) */
	int afp_fd;			/* -1: not attached */
	char ifname[IF_NAMESIZE];
	bool afp_warned;		/* one log line per kind of trouble */
	/* pcap out (wire_pcap.c) */
	void *pcap_dead;		/* pcap_t * */
	void *pcap_dumper;		/* pcap_dumper_t * */
	/* pcap in: files waiting to be replayed, oldest first */
	struct wire_replay *replay_head, *replay_tail;

	/* counters, for the report */
	uint64_t tx_frames;		/* the port transmitted */
	uint64_t linux_tx, linux_tx_err;	/* sent to the interface */
	uint64_t linux_rx, linux_rx_drop;	/* from the interface */
	uint64_t pcap_out_frames;
	uint64_t pcap_in_frames, pcap_in_drop;
};

extern struct wire_port wire_port[VEMU_MAX_FUNCTIONS];

/* wire.c: some source needs vemu_wire_poll() (keeps it free otherwise). */
void wire_set_active(bool on);

/* wire_pcap.c */
int wire_pcap_out_open(unsigned int port, const char *path);
void wire_pcap_out(struct wire_port *wp, const void *frame, size_t len);
void wire_pcap_out_close(struct wire_port *wp);
int wire_pcap_in_queue(unsigned int port, const char *path, bool settle);
bool wire_pcap_in_pending(void);
unsigned int wire_pcap_in_poll(void);

/* wire_linux.c */
int wire_linux_attach(unsigned int port, const char *ifname);
void wire_linux_tx(struct wire_port *wp, const void *frame, size_t len);
unsigned int wire_linux_poll(void);

#endif /* VFIOEMU_WIRE_H */
