/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Wires: what is at the other end of each port's cable.
 *   b2b   ports 2k and 2k+1 cabled together (the default)
 *   loop  each port's transmit comes back to its own receive
 *   none  no cable
 */
#include <stdlib.h>
#include <string.h>

#include "ixm.h"
#include "vfioemu.h"

static uint64_t wire_frames;

int
vemu_wire_config(void)
{
	const char *s = getenv("IXEMU_WIRE");
	unsigned int i;

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
	return 0;
}

/* Called with the platform lock held, from the model thread. */
void
vemu_wire_tx(struct vemu_fn *fn, const void *frame, size_t len)
{
	wire_frames++;
	if (fn->peer != NULL && fn->peer->ixm != NULL)
		ixm_rx_frame(fn->peer->ixm, frame, len);
}

unsigned int
vemu_wire_poll(void)
{
	return 0;
}

uint64_t
vemu_wire_frames(void)
{
	return wire_frames;
}

void
vemu_wire_fini(void)
{
}
