/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The platform's SIGSEGV handler goes first, whatever the program does
 * with SIGSEGV (lib/vfioemu/sigsegv.c): register accesses keep working
 * and every other fault reaches the program's own handler, as without
 * the platform.
 *
 *   1. A handler installed before the platform switched itself on is the
 *      program's: sigaction() reads it back.
 *   2. One installed after it with sigaction(): BAR0 of function 0 reads
 *      STATUS, and a fault on a page of the program's own reaches the
 *      handler with its address.
 *   3. signal() replaces it (and returns it); SA_RESETHAND is honoured.
 *   4. One installed past the interposition, with libc's sigaction()
 *      itself (as a sanitizer runtime does with the system call), before
 *      BAR0 of function 1 is mapped: the platform takes the lead again
 *      at that mapping, function 1 reads LAN ID 1, and the fault still
 *      reaches that handler.
 *
 * Raw VFIO, no DPDK, run under devtools/ixemu --ports 2.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <libgen.h>
#include <linux/vfio.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ix82599_regs.h"
#include "test_check.h"

static sigjmp_buf jb;
static volatile int calls_first, calls_info, calls_plain, calls_raw;
static void *volatile fault_addr;
static uint8_t *own_page;		/* PROT_NONE: a real bad access */

static void
h_first(int sig)
{
	(void)sig;
	calls_first++;
	siglongjmp(jb, 1);
}

static void
h_info(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	calls_info++;
	fault_addr = si->si_addr;
	siglongjmp(jb, 1);
}

static void
h_plain(int sig)
{
	(void)sig;
	calls_plain++;
	siglongjmp(jb, 1);
}

static void
h_raw(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	calls_raw++;
	fault_addr = si->si_addr;
	siglongjmp(jb, 1);
}

/* Touch the program's own PROT_NONE page; true if a handler jumped back. */
static bool
bad_access(void)
{
	if (sigsetjmp(jb, 1) == 0) {
		*(volatile uint8_t *)own_page = 1;
		return false;
	}
	return true;
}

static int
install(void (*fn)(int, siginfo_t *, void *), int flags,
	struct sigaction *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGSEGV, &sa, old);
}

static int
group_of(const char *bdf)
{
	char path[128], link[256];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group",
		 bdf);
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return -1;
	link[n] = '\0';
	return atoi(basename(link));
}

/* The function's group joins the container; BAR0 mapped, or NULL. */
static volatile uint8_t *
map_bar0(int container, const char *bdf, bool first)
{
	struct vfio_region_info ri = { .argsz = sizeof(ri) };
	char path[64];
	int group, dev;
	void *p;

	snprintf(path, sizeof(path), "/dev/vfio/%d", group_of(bdf));
	group = open(path, O_RDWR);
	if (group < 0 ||
	    ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) != 0 ||
	    (first && ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU) != 0))
		return NULL;
	dev = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	ri.index = VFIO_PCI_BAR0_REGION_INDEX;
	if (dev < 0 || ioctl(dev, VFIO_DEVICE_GET_REGION_INFO, &ri) != 0)
		return NULL;
	p = mmap(NULL, ri.size, PROT_READ | PROT_WRITE, MAP_SHARED, dev,
		 (off_t)ri.offset);
	return p == MAP_FAILED ? NULL : p;
}

static uint32_t
rd(volatile uint8_t *bar, uint32_t reg)
{
	return *(volatile uint32_t *)(bar + reg);
}

int
main(void)
{
	int (*libc_sigaction)(int, const struct sigaction *,
			      struct sigaction *);
	struct sigaction old, cur;
	volatile uint8_t *bar0, *bar1;
	uint32_t status;
	void *libc;
	int container;

	own_page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	if (own_page == MAP_FAILED)
		return 1;

	/* 1. Before the platform: the program's. */
	signal(SIGSEGV, h_first);
	container = open("/dev/vfio/vfio", O_RDWR);
	CHECK(container >= 0, "open /dev/vfio/vfio (the platform is on)");
	if (container < 0)
		return 1;
	memset(&cur, 0, sizeof(cur));
	sigaction(SIGSEGV, NULL, &cur);
	CHECK(!(cur.sa_flags & SA_SIGINFO) && cur.sa_handler == h_first,
	      "sigaction() reads the handler installed before the platform");
	CHECK(bad_access() && calls_first == 1,
	      "a fault reaches it (%d call)", calls_first);

	/* 2. After the platform, with sigaction(). */
	memset(&old, 0, sizeof(old));
	CHECK(install(h_info, 0, &old) == 0 && old.sa_handler == h_first,
	      "sigaction() installs a handler, returns the previous one");
	bar0 = map_bar0(container, "0000:00:10.0", true);
	CHECK(bar0 != NULL, "function 0: BAR0 mapped");
	if (bar0 == NULL)
		return 1;
	status = rd(bar0, IX_STATUS);
	CHECK(status != 0 && status != 0xFFFFFFFF && calls_info == 0,
	      "function 0: STATUS 0x%08x read through the platform, the "
	      "program's handler not called", status);
	CHECK(bad_access() && calls_info == 1 &&
	      fault_addr == (void *)own_page, "a fault of the program's "
	      "reaches its handler, with its address (%p)", fault_addr);

	/* 3. signal(), then SA_RESETHAND. */
	CHECK(signal(SIGSEGV, h_plain) == (void (*)(int))(void *)h_info,
	      "signal() returns the sigaction() handler");
	CHECK(bad_access() && calls_plain == 1 && rd(bar0, IX_STATUS) ==
	      status, "signal()'s handler gets the fault; STATUS still "
	      "reads");
	install(h_info, SA_RESETHAND, NULL);
	CHECK(bad_access() && calls_info == 2, "an SA_RESETHAND handler "
	      "is called");
	memset(&cur, 0, sizeof(cur));
	sigaction(SIGSEGV, NULL, &cur);
	CHECK(!(cur.sa_flags & SA_SIGINFO) && cur.sa_handler == SIG_DFL,
	      "after it, the program's action is SIG_DFL");

	/* 4. Past the interposition (libc's own sigaction()). */
	libc = dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD);
	libc_sigaction = libc != NULL ? dlsym(libc, "sigaction") : NULL;
	CHECK(libc_sigaction != NULL, "libc's sigaction()");
	if (libc_sigaction == NULL)
		return 1;
	memset(&cur, 0, sizeof(cur));
	cur.sa_sigaction = h_raw;
	cur.sa_flags = SA_SIGINFO;
	sigemptyset(&cur.sa_mask);
	libc_sigaction(SIGSEGV, &cur, NULL);
	bar1 = map_bar0(container, "0000:00:10.1", false);
	CHECK(bar1 != NULL, "function 1: BAR0 mapped");
	if (bar1 == NULL)
		return 1;
	memset(&cur, 0, sizeof(cur));
	libc_sigaction(SIGSEGV, NULL, &cur);
	CHECK((cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction != h_raw,
	      "the mapping put the platform's handler first again");
	CHECK(((rd(bar1, IX_STATUS) & IX_STATUS_LAN_ID_MASK) >>
	       IX_STATUS_LAN_ID_SHIFT) == 1 && calls_raw == 0,
	      "function 1 reads LAN ID 1 through the platform");
	CHECK(bad_access() && calls_raw == 1 &&
	      fault_addr == (void *)own_page, "a fault of the program's "
	      "reaches the handler installed past the interposition");
	memset(&cur, 0, sizeof(cur));
	sigaction(SIGSEGV, NULL, &cur);
	CHECK((cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == h_raw,
	      "sigaction() reads it back as the program's");
	printf("# %d failures\n", failures);
	return failures ? 1 : 0;
}
