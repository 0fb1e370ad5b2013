/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

#ifndef IXGUARD_LOGS_H
#define IXGUARD_LOGS_H

#include <rte_log.h>

/* pmd.net.ixguard (default), pmd.net.ixguard.init, pmd.net.ixguard.driver */
extern int ixguard_logtype;
extern int ixguard_logtype_init;
extern int ixguard_logtype_driver;

#define IXG_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, ixguard_logtype, \
		"ixguard: " fmt "\n", ## __VA_ARGS__)

#define IXG_INIT_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, ixguard_logtype_init, \
		"ixguard: %s(): " fmt "\n", __func__, ## __VA_ARGS__)

#define IXG_DRV_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, ixguard_logtype_driver, \
		"ixguard: " fmt "\n", ## __VA_ARGS__)

#endif /* IXGUARD_LOGS_H */
