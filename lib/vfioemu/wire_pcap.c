/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * pcap wires: capture of what a port transmits, and replay of a file into
 * a port's receive side.
 *
 * Capture writes from vemu_wire_tx(), under the platform lock: stdio
 * buffering keeps that to a copy; the file is complete once
 * vemu_wire_fini() closes it at exit.
 *
 * Replay reads the whole file first (at start, or when the control
 * command arrives), then hands the frames to the model from the model
 * thread, at most WIRE_BATCH per round and only while ixm_rx_ready()
 * says the packet buffer has room, so a replay loses no frame even when
 * the driver is slower than the file.
 *
 * A replay queued at start (IXEMU_PCAP_IN) begins only once the port has
 * been ready for WIRE_SETTLE_NS: drivers enable RX before they set the
 * address filters (testpmd turns promiscuous mode on after the port
 * start), and frames offered in between are filtered out, as on a real
 * wire.  A replay asked for on the control FIFO begins at once.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "ixm.h"
#include "vfioemu.h"
#include "wire.h"

struct wire_frame {
	uint32_t len;
	uint8_t *data;
};

#define WIRE_SETTLE_NS 1000000000ull

struct wire_replay {
	struct wire_replay *next;
	char path[256];
	size_t n, cap, pos;
	uint64_t dropped;
	bool started;
	bool settle;		/* wait until the port has been ready a while */
	uint64_t ready_since;	/* CLOCK_MONOTONIC ns, 0: not ready */
	struct wire_frame *frames;
};

int
wire_pcap_out_open(unsigned int port, const char *path)
{
	struct wire_port *wp = &wire_port[port];
	pcap_t *dead;
	pcap_dumper_t *d;

	/* Microsecond timestamps: the format every reader knows. */
	dead = pcap_open_dead(DLT_EN10MB, 65535);
	if (dead == NULL) {
		vemu_log("pcap out: port %u: pcap_open_dead failed", port);
		return -1;
	}
	d = pcap_dump_open(dead, path);
	if (d == NULL) {
		vemu_log("pcap out: port %u: %s: %s", port, path,
			 pcap_geterr(dead));
		pcap_close(dead);
		return -1;
	}
	wp->pcap_dead = dead;
	wp->pcap_dumper = d;
	return 0;
}

/* With the platform lock held. */
void
wire_pcap_out(struct wire_port *wp, const void *frame, size_t len)
{
	struct pcap_pkthdr h;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	h.ts.tv_sec = ts.tv_sec;
	h.ts.tv_usec = ts.tv_nsec / 1000;
	h.caplen = h.len = (bpf_u_int32)len;
	pcap_dump(wp->pcap_dumper, &h, frame);
	wp->pcap_out_frames++;
}

void
wire_pcap_out_close(struct wire_port *wp)
{
	pcap_dumper_t *d = wp->pcap_dumper;

	wp->pcap_dumper = NULL;
	pcap_dump_close(d);
	pcap_close(wp->pcap_dead);
	wp->pcap_dead = NULL;
}

static void
replay_free(struct wire_replay *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->frames[i].data);
	free(r->frames);
	free(r);
}

static int
replay_add(struct wire_replay *r, const uint8_t *data, uint32_t len)
{
	/* Short frames get the padding the sender's MAC adds on the wire. */
	uint32_t wlen = len < WIRE_MIN_FRAME ? WIRE_MIN_FRAME : len;
	struct wire_frame *f;

	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;

		f = realloc(r->frames, cap * sizeof(*f));
		if (f == NULL)
			return -1;
		r->frames = f;
		r->cap = cap;
	}
	f = &r->frames[r->n];
	f->data = calloc(1, wlen);
	if (f->data == NULL)
		return -1;
	memcpy(f->data, data, len);
	f->len = wlen;
	r->n++;
	return 0;
}

static struct wire_replay *
replay_load(unsigned int port, const char *path)
{
	char err[PCAP_ERRBUF_SIZE];
	struct wire_replay *r;
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t skipped = 0;
	pcap_t *p;
	int rc;

	p = pcap_open_offline(path, err);
	if (p == NULL) {
		vemu_log("pcap in: port %u: %s", port, err);
		return NULL;
	}
	if (pcap_datalink(p) != DLT_EN10MB) {
		vemu_log("pcap in: port %u: %s: link type %d, expected Ethernet",
			 port, path, pcap_datalink(p));
		pcap_close(p);
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		pcap_close(p);
		return NULL;
	}
	snprintf(r->path, sizeof(r->path), "%s", path);
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		/* A truncated or oversized record is not a frame we can send. */
		if (h->caplen != h->len || h->len > WIRE_MAX_FRAME ||
		    h->len < 14) {
			skipped++;
			continue;
		}
		if (replay_add(r, data, h->caplen) < 0) {
			vemu_log("pcap in: port %u: %s: out of memory", port,
				 path);
			rc = -3;
			break;
		}
	}
	if (rc == -1)
		vemu_log("pcap in: port %u: %s: %s", port, path,
			 pcap_geterr(p));
	pcap_close(p);
	if (rc != -2) {
		replay_free(r);
		return NULL;
	}
	if (skipped != 0)
		vemu_log("pcap in: port %u: %s: %llu truncated or oversized "
			 "records skipped", port, path,
			 (unsigned long long)skipped);
	return r;
}

/* Before the model thread starts, or on it without the lock. */
int
wire_pcap_in_queue(unsigned int port, const char *path, bool settle)
{
	struct wire_port *wp = &wire_port[port];
	struct wire_replay *r = replay_load(port, path);

	if (r == NULL)
		return -1;
	r->settle = settle;
	if (wp->replay_tail != NULL)
		wp->replay_tail->next = r;
	else
		wp->replay_head = r;
	wp->replay_tail = r;
	vemu_log("pcap in: port %u: %zu frames from %s queued", port, r->n,
		 path);
	return 0;
}

bool
wire_pcap_in_pending(void)
{
	for (unsigned int i = 0; i < vemu.nfn; i++)
		if (wire_port[i].replay_head != NULL)
			return true;
	return false;
}

static uint64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* With the lock held: has the port been ready for WIRE_SETTLE_NS? */
static bool
settled(struct wire_replay *r, struct vemu_fn *fn)
{
	uint64_t now;

	if (!ixm_rx_ready(fn->ixm)) {
		r->ready_since = 0;
		return false;
	}
	now = mono_ns();
	if (r->ready_since == 0)
		r->ready_since = now;
	return now - r->ready_since >= WIRE_SETTLE_NS;
}

/* Model thread, without the lock. */
unsigned int
wire_pcap_in_poll(void)
{
	unsigned int total = 0;

	for (unsigned int i = 0; i < vemu.nfn; i++) {
		struct wire_port *wp = &wire_port[i];
		struct wire_replay *r = wp->replay_head;
		struct vemu_fn *fn = &vemu.fn[i];
		unsigned int n = 0;

		if (r == NULL)
			continue;
		vemu_lock();
		if (!r->started && r->settle && !settled(r, fn)) {
			vemu_unlock();
			continue;
		}
		while (n < WIRE_BATCH && r->pos < r->n &&
		       ixm_rx_ready(fn->ixm)) {
			const struct wire_frame *f = &r->frames[r->pos++];

			/* Filters and stopped queues still drop, as on a wire */
			if (ixm_rx_frame(fn->ixm, f->data, f->len) < 0) {
				r->dropped++;
				wp->pcap_in_drop++;
			}
			wp->pcap_in_frames++;
			n++;
		}
		vemu_unlock();
		if (n != 0 && !r->started) {
			r->started = true;
			vemu_log("pcap in: port %u: replaying %s", i, r->path);
		}
		if (r->pos == r->n) {
			vemu_log("pcap in: port %u: %s done: %zu frames, "
				 "%llu dropped", i, r->path, r->n,
				 (unsigned long long)r->dropped);
			wp->replay_head = r->next;
			if (wp->replay_head == NULL)
				wp->replay_tail = NULL;
			replay_free(r);
		}
		total += n;
	}
	return total;
}
