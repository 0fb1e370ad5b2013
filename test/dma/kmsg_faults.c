/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kmsg_faults.h"

int
kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);	/* only what is logged from now on */
	return fd;
}

/*
 * Read the records logged since kmsg_open(); count the IOMMU fault lines
 * that name the device (Intel: "DMAR: [DMA Write ...] Request device
 * [03:00.0] fault addr 0x...", AMD: "vfio-pci 0000:03:00.0: AMD-Vi: Event
 * logged [IO_PAGE_FAULT domain=... address=0x...]").  *addr_seen: one of
 * them names the page 'page'.
 */
unsigned int
kmsg_faults(int fd, const char *bdf, uint64_t page, bool *addr_seen)
{
	char rec[2048], shortbdf[16], addr[32];
	unsigned int found = 0;
	ssize_t n;

	*addr_seen = false;
	/* "0000:03:00.0" -> "03:00.0", as DMAR prints it. */
	snprintf(shortbdf, sizeof(shortbdf), "%s",
		 strlen(bdf) > 5 ? bdf + 5 : bdf);
	snprintf(addr, sizeof(addr), "%" PRIx64, page >> 12);
	for (;;) {
		const char *msg;

		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* records overwritten: go on */
		if (n <= 0)
			break;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		msg = msg != NULL ? msg + 1 : rec;
		if ((strstr(msg, "DMAR: [DMA Write") == NULL &&
		     strstr(msg, "DMAR: [DMA Read") == NULL &&
		     strstr(msg, "AMD-Vi: Event logged [IO_PAGE_FAULT") ==
		     NULL) ||
		    (strstr(msg, bdf) == NULL && strstr(msg, shortbdf) == NULL))
			continue;
		found++;
		printf("  kernel: %s", msg);
		/* The page number, in the address the IOMMU reported. */
		if (strstr(msg, addr) != NULL)
			*addr_seen = true;
	}
	return found;
}
