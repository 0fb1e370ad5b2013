/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Reading IOMMU faults out of kernel log records.
 *
 * When the IOMMU refuses a device's DMA it tells the kernel, and the
 * kernel's IOMMU driver prints a line; nothing reaches the device's user
 * space driver otherwise (VFIO type 1 has no fault notification).  The
 * formats, as printed by the Linux versions a DPDK 22.11 system runs:
 *
 * Intel VT-d, drivers/iommu/intel/dmar.c (pr_fmt "DMAR: "):
 *   6.x:   [DMA Write NO_PASID] Request device [03:00.0] fault addr
 *          0x7f0000 [fault reason 0x05] PTE Write access is not set
 *   5.14:  ... Request device [0x03:0x00.0] ...
 *   4.7 to 5.13: [DMA Write] Request device [03:00.0] PASID ffffffff
 *          fault addr 7f0000 [fault reason 05] PTE Write access is not set
 *   The address is the page (the fault recording register holds a page
 *   address); the requester has no PCI domain (segment).
 * AMD-Vi, drivers/iommu/amd/iommu.c:
 *   5.x, 6.x (dev_err): vfio-pci 0000:03:00.0: AMD-Vi: Event logged
 *          [IO_PAGE_FAULT domain=0x000d address=0x7f0000 flags=0x0020]
 *   4.x and devices the driver does not know: AMD-Vi: Event logged
 *          [IO_PAGE_FAULT device=03:00.0 domain=0x000d address=... flags=...]
 *   flags bit 5 (RW) is set for a write.
 * The kernel's rate limit (10 messages per 5 s by default) drops the rest
 * and later says "dmar_fault: 8 callbacks suppressed".
 *
 * A /dev/kmsg record is "prio,seq,usec,flags;text\n" followed by
 * continuation lines " KEY=value\n"; dev_printk() records carry
 * " DEVICE=+pci:0000:03:00.0", which gives the domain too.  A plain
 * dmesg line (no header) is accepted as well.
 *
 * Everything here is untrusted input (any process with CAP_SYSLOG can
 * write records): nothing is assumed about lengths or contents, and the
 * parser is fuzzed (test/fuzz/fuzz_kmsg.c).  It calls no DPDK function.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dmaguard.h"

#define KMSG_TEXT_MAX	2048

/* strtoull() that refuses no digits and values over max. */
static bool
parse_u64(const char *s, const char **end, int base, uint64_t max,
	  uint64_t *v)
{
	char *e;
	unsigned long long x;

	if (!isxdigit((unsigned char)*s))
		return false;
	errno = 0;
	x = strtoull(s, &e, base);
	if (e == s || errno != 0 || x > max)
		return false;
	*v = x;
	if (end != NULL)
		*end = e;
	return true;
}

/*
 * "bb:dd.f", "0xbb:0xdd.f" or "dddd:bb:dd.f" (hexadecimal, function
 * decimal 0-7).  *with_domain: the PCI domain was given.
 */
static bool
parse_pci(const char *s, const char **end, struct rte_pci_addr *a,
	  bool *with_domain)
{
	uint64_t f[3], fn;
	unsigned int n = 0;

	while (n < 3) {
		if (!parse_u64(s, &s, 16, UINT32_MAX, &f[n]))
			return false;
		n++;
		if (*s != ':')
			break;
		s++;
	}
	if (n < 2 || *s != '.' || !parse_u64(s + 1, &s, 10, 7, &fn))
		return false;
	if (f[n - 1] > 0x1f || f[n - 2] > 0xff)
		return false;
	a->domain = n == 3 ? (uint32_t)f[0] : 0;
	a->bus = (uint8_t)f[n - 2];
	a->devid = (uint8_t)f[n - 1];
	a->function = (uint8_t)fn;
	*with_domain = n == 3;
	if (end != NULL)
		*end = s;
	return true;
}

static void
copy_reason(char *dst, size_t len, const char *src)
{
	size_t n = 0;

	while (*src == ' ')
		src++;
	while (src[n] != '\0' && src[n] != '\n' && n + 1 < len) {
		dst[n] = isprint((unsigned char)src[n]) ? src[n] : '?';
		n++;
	}
	while (n > 0 && dst[n - 1] == ' ')
		n--;
	dst[n] = '\0';
}

/* Intel: msg holds "[DMA Read" or "[DMA Write" after "DMAR". */
static bool
parse_dmar(const char *msg, struct dmaguard_fault *f)
{
	const char *dmar = strstr(msg, "DMAR");
	const char *p, *q;
	uint64_t v;
	bool dom;

	if (dmar == NULL)
		return false;
	p = strstr(dmar, "[DMA Write");
	f->dir = DMAGUARD_FAULT_WRITE;
	if (p == NULL) {
		p = strstr(dmar, "[DMA Read");
		f->dir = DMAGUARD_FAULT_READ;
	}
	if (p == NULL)
		return false;
	q = strstr(p, "Request device [");
	if (q == NULL || !parse_pci(q + 16, &q, &f->dev, &dom) || *q != ']')
		return false;
	f->dev_has_domain = dom;
	q = strstr(q, "fault addr ");
	if (q == NULL || !parse_u64(q + 11, &q, 16, UINT64_MAX, &v))
		return false;
	f->iova = v;
	snprintf(f->iommu, sizeof(f->iommu), "DMAR");
	p = strstr(q, "[fault reason ");
	if (p != NULL && (p = strchr(p, ']')) != NULL)
		copy_reason(f->reason, sizeof(f->reason), p + 1);
	return true;
}

/* AMD: "AMD-Vi" ... "Event logged [IO_PAGE_FAULT key=value ...]". */
static bool
parse_amd(const char *msg, struct dmaguard_fault *f)
{
	const char *amd = strstr(msg, "AMD-Vi");
	const char *p, *q;
	uint64_t v;
	bool have_addr = false, dom;

	if (amd == NULL)
		return false;
	p = strstr(amd, "Event logged [IO_PAGE_FAULT");
	if (p == NULL)
		return false;
	/* dev_err() prefix: "<driver> 0000:03:00.0: AMD-Vi: ..." */
	for (q = msg; q < amd; q++) {
		const char *e;

		if ((q == msg || q[-1] == ' ') &&
		    parse_pci(q, &e, &f->dev, &dom) && dom && *e == ':') {
			f->dev_has_domain = true;
			f->dev_known = true;
			break;
		}
	}
	f->dir = DMAGUARD_FAULT_READ;
	for (q = p + 27; *q != '\0' && *q != ']' && *q != '\n'; q++) {
		if (q[-1] != ' ')
			continue;
		if (strncmp(q, "device=", 7) == 0 &&
		    parse_pci(q + 7, NULL, &f->dev, &dom)) {
			f->dev_has_domain = dom;
			f->dev_known = true;
		} else if (strncmp(q, "address=", 8) == 0 &&
			   parse_u64(q + 8, NULL, 16, UINT64_MAX, &v)) {
			f->iova = v;
			have_addr = true;
		} else if (strncmp(q, "flags=", 6) == 0 &&
			   parse_u64(q + 6, NULL, 16, UINT32_MAX, &v)) {
			f->dir = v & 0x20 ? DMAGUARD_FAULT_WRITE :
					    DMAGUARD_FAULT_READ;
		}
	}
	snprintf(f->iommu, sizeof(f->iommu), "AMD-Vi");
	snprintf(f->reason, sizeof(f->reason), "IO_PAGE_FAULT");
	return have_addr;
}

/* "<function>: N callbacks suppressed" of an IOMMU fault handler. */
static bool
parse_suppressed(const char *msg, uint64_t *n)
{
	static const char *const handlers[] = {
		"dmar_fault: ", "amd_iommu_report_page_fault: ",
	};
	unsigned int i;
	const char *p, *e;
	uint64_t v;

	for (i = 0; i < RTE_DIM(handlers); i++) {
		p = strstr(msg, handlers[i]);
		if (p == NULL)
			continue;
		p += strlen(handlers[i]);
		if (parse_u64(p, &e, 10, UINT32_MAX, &v) &&
		    strncmp(e, " callbacks suppressed", 21) == 0) {
			*n = v;
			return true;
		}
	}
	return false;
}

int
dmaguard_kmsg_parse(const char *rec, size_t len, struct dmaguard_fault *f,
		    uint64_t *suppressed)
{
	char text[KMSG_TEXT_MAX];
	struct dmaguard_fault tmp;
	const char *msg = text, *p, *e;
	char *nl;
	uint64_t v;
	bool dom;

	if (rec == NULL || f == NULL || suppressed == NULL)
		return -EINVAL;
	memset(f, 0, sizeof(*f));
	*suppressed = 0;
	if (len >= sizeof(text))
		len = sizeof(text) - 1;
	memcpy(text, rec, len);
	text[len] = '\0';
	/* Binary junk ends the text where a NUL is. */
	len = strlen(text);

	/* The /dev/kmsg header: prio,seq,usec[,more];text */
	p = text;
	if (parse_u64(p, &e, 10, UINT32_MAX, &v) && *e == ',' &&
	    parse_u64(e + 1, &e, 10, UINT64_MAX, &f->seq) && *e == ',' &&
	    parse_u64(e + 1, &e, 10, UINT64_MAX, &f->usec) &&
	    (p = strchr(e, ';')) != NULL && memchr(e, '\n', p - e) == NULL)
		msg = p + 1;
	nl = strchr(msg, '\n');
	if (nl != NULL)
		*nl = '\0';
	if (parse_suppressed(msg, suppressed)) {
		memset(f, 0, sizeof(*f));
		return DMAGUARD_KMSG_SUPPRESSED;
	}
	tmp = *f;	/* a record that fails half way leaves nothing */
	if (parse_dmar(msg, &tmp)) {
		*f = tmp;
		f->dev_known = true;
		return DMAGUARD_KMSG_FAULT;
	}
	/* dev_printk() records name the device: " DEVICE=+pci:0000:..." */
	p = nl != NULL ? strstr(nl + 1, "\n DEVICE=+pci:") : NULL;
	if (p == NULL && nl != NULL && strncmp(nl + 1, " DEVICE=+pci:", 13) == 0)
		p = nl;
	if (p != NULL && parse_pci(p + 14, NULL, &f->dev, &dom) && dom) {
		f->dev_known = true;
		f->dev_has_domain = true;
	}
	if (parse_amd(msg, f) && f->dev_known)
		return DMAGUARD_KMSG_FAULT;
	memset(f, 0, sizeof(*f));
	return DMAGUARD_KMSG_OTHER;
}
