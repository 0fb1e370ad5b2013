/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The kernel log (real hardware): the IOMMU fault lines Linux prints for
 * a device, DMAR (Intel VT-d) or AMD-Vi, read from /dev/kmsg as evidence
 * that owes nothing to the driver's own reading of it.
 */
#ifndef KMSG_FAULTS_H
#define KMSG_FAULTS_H

#include <stdbool.h>
#include <stdint.h>

/* /dev/kmsg, at its end: only what is logged from now on.  fd or -1. */
int kmsg_open(void);

/*
 * Read the records logged since kmsg_open(); count the IOMMU fault lines
 * that name the device 'bdf' ("0000:03:00.0"), printing each.
 * *addr_seen: one of them names the page 'page'.
 */
unsigned int kmsg_faults(int fd, const char *bdf, uint64_t page,
			 bool *addr_seen);

#endif /* KMSG_FAULTS_H */
