/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The generated sysfs tree that describes the emulated functions, laid out
 * as Linux does for devices bound to vfio-pci:
 *   sys/bus/pci/devices/<bdf>/{vendor,device,...,resource,driver,iommu_group,
 *                               config,resource0,resource4}
 *   sys/kernel/iommu_groups/<n>/devices/<bdf>
 *   sys/module/vfio{,_pci}/...
 * The EAL's PCI scan reads it through SYSFS_PCI_DEVICES; preload.c sends
 * the EAL's VFIO and IOMMU probes here too, and any program's accesses
 * to /sys/bus/pci.
 */
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ix82599_ids.h"
#include "ixm.h"
#include "vfioemu.h"

#define IORESOURCE_MEM		0x00000200
#define IORESOURCE_MEM_64	0x00100000

static int
mkdirs(const char *fmt, ...)
{
	char path[512];
	char *p;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

static int
write_file(const char *dir, const char *name, const char *fmt, ...)
{
	char path[512];
	FILE *f;
	va_list ap;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL)
		return -1;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	return fclose(f);
}

static int
sized_file(const char *dir, const char *name, off_t size)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (write_file(dir, name, "%s", "") < 0)
		return -1;
	return truncate(path, size);
}

static int
build_function(const struct vemu_fn *fn)
{
	char dir[320], link[640], target[400];
	uint64_t bar0 = 0xf0000000ull + fn->index * 0x100000ull;
	uint64_t bar4 = bar0 + 0x80000;
	uint64_t mem = IORESOURCE_MEM | IORESOURCE_MEM_64;
	FILE *f;
	int i;

	snprintf(dir, sizeof(dir), "%s/sys/bus/pci/devices/%s", vemu.root,
		 fn->bdf);
	if (mkdirs("%s", dir) < 0)
		return -1;
	if (write_file(dir, "vendor", "0x%04x\n", IX_PCI_VENDOR_INTEL) < 0 ||
	    write_file(dir, "device", "0x%04x\n", fn->device_id) < 0 ||
	    write_file(dir, "subsystem_vendor", "0x%04x\n",
		       IX_PCI_VENDOR_INTEL) < 0 ||
	    write_file(dir, "subsystem_device", "0x%04x\n",
		       fn->device_id == IX_DEV_82599_KR ?
		       IX_SUBDEV_KX4_KR_MEZZ : IX_SUBDEV_X520_2) < 0 ||
	    write_file(dir, "class", "0x020000\n") < 0 ||
	    write_file(dir, "numa_node", "0\n") < 0 ||
	    write_file(dir, "max_vfs", "0\n") < 0)
		return -1;

	/*
	 * config and resourceN: files of the device's sizes, so that a
	 * directory listing and stat() look as on Linux; opening them
	 * through /sys/bus/pci/devices reaches the function (preload.c).
	 */
	if (sized_file(dir, "config", VEMU_CFG_SIZE) < 0 ||
	    sized_file(dir, "resource0", IXM_BAR0_SIZE) < 0 ||
	    sized_file(dir, "resource4", IXM_BAR4_SIZE) < 0)
		return -1;

	snprintf(target, sizeof(target), "%s/resource", dir);
	f = fopen(target, "w");
	if (f == NULL)
		return -1;
	for (i = 0; i < 13; i++) {
		uint64_t start = 0, end = 0, flags = 0;

		if (i == 0) {
			start = bar0;
			end = bar0 + IXM_BAR0_SIZE - 1;
			flags = mem;
		} else if (i == 4) {
			start = bar4;
			end = bar4 + IXM_BAR4_SIZE - 1;
			flags = mem;
		}
		fprintf(f, "0x%016llx 0x%016llx 0x%016llx\n",
			(unsigned long long)start, (unsigned long long)end,
			(unsigned long long)flags);
	}
	if (fclose(f) != 0)
		return -1;

	snprintf(link, sizeof(link), "%s/driver", dir);
	snprintf(target, sizeof(target), "%s/sys/bus/pci/drivers/vfio-pci",
		 vemu.root);
	if (symlink(target, link) < 0 && errno != EEXIST)
		return -1;

	snprintf(target, sizeof(target), "%s/sys/kernel/iommu_groups/%u",
		 vemu.root, fn->group.num);
	if (mkdirs("%s/devices", target) < 0)
		return -1;
	snprintf(link, sizeof(link), "%s/iommu_group", dir);
	if (symlink(target, link) < 0 && errno != EEXIST)
		return -1;
	snprintf(link, sizeof(link), "%s/devices/%s", target, fn->bdf);
	if (symlink(dir, link) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

int
vemu_sysfs_build(void)
{
	char dir[512];
	unsigned int i;

	snprintf(vemu.root, sizeof(vemu.root), "%s/ixemu.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(vemu.root) == NULL) {
		vemu.root[0] = '\0';
		return -1;
	}
	if (mkdirs("%s/sys/bus/pci/drivers/vfio-pci", vemu.root) < 0 ||
	    mkdirs("%s/sys/module/vfio_pci", vemu.root) < 0 ||
	    mkdirs("%s/sys/module/vfio/parameters", vemu.root) < 0)
		return -1;
	snprintf(dir, sizeof(dir), "%s/sys/module/vfio/parameters", vemu.root);
	if (write_file(dir, "enable_unsafe_noiommu_mode", "N\n") < 0)
		return -1;
	for (i = 0; i < vemu.nfn; i++)
		if (build_function(&vemu.fn[i]) < 0)
			return -1;
	snprintf(dir, sizeof(dir), "%s/sys/bus/pci/devices", vemu.root);
	return setenv("SYSFS_PCI_DEVICES", dir, 1);
}

static int
remove_entry(const char *path, const struct stat *st, int flag,
	     struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
vemu_sysfs_remove(void)
{
	if (vemu.root[0] != '\0')
		nftw(vemu.root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
