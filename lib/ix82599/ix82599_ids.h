/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Intel 82599 PCI identity: vendor, device and subsystem IDs of the 82599
 * physical functions (82599 datasheet §9.3.3 "Device ID" and the NVM's
 * PCIe configuration words, which boards set to one of these).
 *
 * The driver's PCI match table, the emulated platform's config space and
 * sysfs, and the tests all take their IDs from here.  Header only.
 */
#ifndef IX82599_IDS_H
#define IX82599_IDS_H

#define IX_PCI_VENDOR_INTEL		0x8086

/* Device IDs of the 82599 family (physical functions). */
#define IX_DEV_82599_KX4		0x10F7
#define IX_DEV_82599_KX4_MEZZ		0x1514
#define IX_DEV_82599_KR			0x1517	/* backplane, KR */
#define IX_DEV_82599_COMBO_BACKPLANE	0x10F8
#define IX_DEV_82599_CX4		0x10F9
#define IX_DEV_82599_SFP		0x10FB	/* 82599ES SFP+ */
#define IX_DEV_82599_BACKPLANE_FCOE	0x152A
#define IX_DEV_82599_SFP_FCOE		0x1529
#define IX_DEV_82599_SFP_EM		0x1507
#define IX_DEV_82599_SFP_SF2		0x154D
#define IX_DEV_82599_SFP_SF_QP		0x154A
#define IX_DEV_82599_QSFP_SF_QP		0x1558
#define IX_DEV_82599EN_SFP		0x1557
#define IX_DEV_82599_XAUI_LOM		0x10FC
#define IX_DEV_82599_T3_LOM		0x151C

/* Subsystem device IDs (subsystem vendor IX_PCI_VENDOR_INTEL). */
#define IX_SUBDEV_X520_2		0x0003	/* X520-2, dual SFP+ */
#define IX_SUBDEV_KX4_KR_MEZZ		0x000C	/* KX4/KR mezzanine */

#endif /* IX82599_IDS_H */
