/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/* features_check's probes (features_check.c, features_flow.c). */
#ifndef FEATURES_FLOW_H
#define FEATURES_FLOW_H

#include <stdbool.h>

/* A feature line and what checks it: true when the driver does it. */
struct probe {
	const char *feature;
	bool (*full)(void);	/* what "Y" claims */
	bool (*part)(void);	/* what "P" claims (NULL: as "Y") */
};

/* [rte_flow items] and [rte_flow actions] (features_flow.c). */
extern const struct probe features_flow_items[];
extern const unsigned int features_flow_nb_items;
extern const struct probe features_flow_actions[];
extern const unsigned int features_flow_nb_actions;

#endif /* FEATURES_FLOW_H */
