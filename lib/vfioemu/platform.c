/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The platform: configuration (from the environment set by devtools/ixemu),
 * the emulated functions and their cables, the model thread and its
 * synchronous steps, the IOMMU fault log and the exit report.  What the
 * device model asks of its host (DMA through the IOMMU, MSI-X, the audit,
 * the wire) is in host.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "ix82599_ids.h"
#include "ixemu.h"
#include "ixm.h"
#include "vfioemu.h"

struct vemu_platform vemu;

void *vemu_real_mmap(void *addr, size_t len, int prot, int flags, int fd,
		     off_t off);

/* ---- lock: a ticket lock, so trapping threads are not starved ---- */

static uint32_t lock_next;
static uint32_t lock_serving;

void
vemu_lock(void)
{
	uint32_t me = __atomic_fetch_add(&lock_next, 1, __ATOMIC_RELAXED);
	unsigned int spins = 0;

	while (__atomic_load_n(&lock_serving, __ATOMIC_ACQUIRE) != me) {
		/*
		 * The holder may be preempted on a shared core: give it the
		 * CPU rather than spin out a whole time slice.
		 */
		if (++spins > 256)
			sched_yield();
		else
			__builtin_ia32_pause();
	}
}

void
vemu_unlock(void)
{
	__atomic_store_n(&lock_serving, lock_serving + 1, __ATOMIC_RELEASE);
}

void
vemu_log(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	n = snprintf(buf, sizeof(buf), "ixemu: ");
	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(STDERR_FILENO, buf, (size_t)n) < 0)
		return;
}

/* ---- fault log ---- */

#define FAULT_LOG_SIZE 4096

static struct ixemu_fault fault_log[FAULT_LOG_SIZE];
static uint64_t fault_count;

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void
vemu_record_fault(struct vemu_fn *fn, uint64_t iova, uint64_t len,
		  bool write, const char *what)
{
	struct ixemu_fault *f;

	if (fault_count < FAULT_LOG_SIZE) {
		f = &fault_log[fault_count];
		f->iova = iova;
		f->len = len;
		f->write = write;
		snprintf(f->function, sizeof(f->function), "%s", fn->bdf);
		f->time_ns = now_ns();
		snprintf(f->what, sizeof(f->what), "%s", what ? what : "dma");
	}
	fault_count++;
	/* What a real IOMMU leaves behind: a line in the kernel log. */
	vemu_kmsg_iommu_fault(fn, iova, len, write);
}

uint64_t
vemu_fault_copy(struct ixemu_fault *out, size_t max)
{
	if (max > FAULT_LOG_SIZE)
		max = FAULT_LOG_SIZE;
	if (max > fault_count)
		max = (size_t)fault_count;
	memcpy(out, fault_log, max * sizeof(*out));
	return fault_count;
}

/* ---- configuration ---- */

static unsigned int hostile_flags;
static uint64_t hostile_seed = 1;
static unsigned int hostile_rate = 1;

/* "rx", "tx" or "rx,tx", optionally followed by ",seed=N" and ",rate=N". */
static int
parse_hostile(const char *spec)
{
	char buf[128], *tok, *save, *end;

	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "rx") == 0) {
			hostile_flags |= IXM_HOSTILE_RX;
		} else if (strcmp(tok, "tx") == 0) {
			hostile_flags |= IXM_HOSTILE_TX;
		} else if (strncmp(tok, "seed=", 5) == 0) {
			hostile_seed = strtoull(tok + 5, &end, 0);
			if (tok[5] == '\0' || *end != '\0')
				goto bad;
		} else if (strncmp(tok, "rate=", 5) == 0) {
			unsigned long r = strtoul(tok + 5, &end, 10);

			if (tok[5] == '\0' || *end != '\0' || r < 1 ||
			    r > 1000000)
				goto bad;
			hostile_rate = (unsigned int)r;
		} else {
			goto bad;
		}
	}
	if (hostile_flags != 0)
		return 0;
bad:
	vemu_log("IXEMU_HOSTILE=%s: expected rx, tx or rx,tx [,seed=N]"
		 "[,rate=N]", spec);
	return -1;
}

static int
parse_config(void)
{
	const char *s;
	unsigned long ports = 2;
	uint16_t devid = IX_DEV_82599_SFP;
	char *end;

	s = getenv("IXEMU_PORTS");
	if (s != NULL) {
		ports = strtoul(s, &end, 10);
		if (*s == '\0' || *end != '\0' || ports < 1 ||
		    ports > VEMU_MAX_FUNCTIONS) {
			vemu_log("IXEMU_PORTS=%s: expected 1..%d", s,
				 VEMU_MAX_FUNCTIONS);
			return -1;
		}
	}
	s = getenv("IXEMU_DEVICE");
	if (s != NULL && strcmp(s, "10fb") != 0) {
		if (strcmp(s, "1517") != 0) {
			vemu_log("IXEMU_DEVICE=%s: expected 10fb or 1517", s);
			return -1;
		}
		devid = IX_DEV_82599_KR;
	}
	vemu.iotlb_entries = 64;
	s = getenv("IXEMU_IOTLB_ENTRIES");
	if (s != NULL) {
		unsigned long n = strtoul(s, &end, 10);

		if (*end != '\0' || n == 0 || (n & (n - 1)) || n > 65536) {
			vemu_log("IXEMU_IOTLB_ENTRIES=%s: expected a power of two",
				 s);
			return -1;
		}
		vemu.iotlb_entries = (unsigned int)n;
	}
	vemu.max_page_shift = 30;
	s = getenv("IXEMU_IOMMU_PAGE");
	if (s != NULL) {
		if (strcmp(s, "4k") == 0)
			vemu.max_page_shift = 12;
		else if (strcmp(s, "2m") == 0)
			vemu.max_page_shift = 21;
		else if (strcmp(s, "1g") != 0) {
			vemu_log("IXEMU_IOMMU_PAGE=%s: expected 4k, 2m or 1g", s);
			return -1;
		}
	}
	s = getenv("IXEMU_HOSTILE");
	if (s != NULL && parse_hostile(s) < 0)
		return -1;
	s = getenv("IXEMU_REPORT");
	if (s != NULL)
		snprintf(vemu.report_path, sizeof(vemu.report_path), "%s", s);
	s = getenv("IXEMU_CONTROL");
	if (s != NULL)
		snprintf(vemu.control_path, sizeof(vemu.control_path), "%s", s);

	vemu.nfn = (unsigned int)ports;
	for (unsigned int i = 0; i < vemu.nfn; i++) {
		struct vemu_fn *fn = &vemu.fn[i];

		fn->index = i;
		fn->device_id = devid;
		/* VEMU_MAX_FUNCTIONS is 8: functions 0..7 of device 0x10 */
		snprintf(fn->bdf, sizeof(fn->bdf), "0000:00:10.%u", i & 7u);
		fn->group.num = VEMU_GROUP_BASE + i;
		fn->group.fn = fn;
		for (unsigned int v = 0; v < IXM_MSIX_VECTORS; v++)
			fn->msix_efd[v] = -1;
	}

	if (vemu_wire_config() < 0)
		return -1;
	return 0;
}

static int
create_bar(struct vemu_fn *fn, unsigned int bar, size_t size)
{
	int fd = memfd_create(bar ? "ixemu-bar4" : "ixemu-bar0", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)size) < 0)
		return -1;
	fn->bar_memfd[bar] = fd;
	fn->bar_model[bar] = vemu_real_mmap(NULL, size, PROT_READ | PROT_WRITE,
					    MAP_SHARED, fd, 0);
	return fn->bar_model[bar] == MAP_FAILED ? -1 : 0;
}

static int
create_functions(void)
{
	for (unsigned int i = 0; i < vemu.nfn; i++) {
		struct vemu_fn *fn = &vemu.fn[i];
		struct ixm_config cfg = {
			.device_id = fn->device_id,
			.mac = { 0x00, 0x1b, 0x21, 0xee, 0x00, (uint8_t)i },
			.port = i & 1,
			.hostile = hostile_flags,
			.hostile_seed = hostile_seed + i,
			.hostile_rate = hostile_rate,
		};
		struct ixm_host_ops host;

		if (create_bar(fn, 0, IXM_BAR0_SIZE) < 0 ||
		    create_bar(fn, 1, IXM_BAR4_SIZE) < 0)
			return -1;
		vemu_cfg_init(fn);
		vemu_host_ops(fn, &host);
		fn->ixm = ixm_create(&cfg, &host, fn->bar_model[0],
				     fn->bar_model[1]);
		if (fn->ixm == NULL)
			return -1;
	}
	/* Each cabled port sees what its far end's transmitter sends. */
	for (unsigned int i = 0; i < vemu.nfn; i++) {
		struct vemu_fn *fn = &vemu.fn[i];

		if (fn->peer != NULL && fn->peer->ixm != NULL)
			ixm_set_rx_signal(fn->peer->ixm,
					  ixm_tx_signal(fn->ixm));
	}
	return 0;
}

/* ---- the model thread and synchronous steps ---- */

static pthread_t model_tid;
static bool model_started;
static uint64_t model_busy_cycles;	/* TSC cycles of busy rounds */
static uint64_t model_start_tsc, model_start_ns;
static uint64_t model_frames;		/* moved by the model thread */
static uint64_t model_busy_rounds;
static uint64_t sync_frames;		/* moved by ixemu_model_step() */
static uint64_t sync_steps;
static unsigned int sync_round;
static int control_fd = -1;

/*
 * Parking (synchronous mode): park_wanted is read by the thread once per
 * round without the mutex; the handshake itself uses the mutex, so that
 * vemu_model_park(true) returns only once the thread sleeps in park().
 */
static pthread_mutex_t park_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t park_cond = PTHREAD_COND_INITIALIZER;
static bool park_wanted;
static bool parked;

void
vemu_set_cable(struct vemu_fn *fn, bool connected)
{
	ixm_set_cable(fn->ixm, connected);
	fn->link_changes++;
	/* Both ends of a cable see the pull. */
	if (fn->peer != NULL && fn->peer != fn) {
		ixm_set_cable(fn->peer->ixm, connected);
		fn->peer->link_changes++;
	}
}

/*
 * "sfp <fn> remove|insert|load <file>": pull the SFP+ module, put it
 * back, or put in a module whose SFF-8472 memory is the file's 256 or
 * 512 bytes.
 */
static void
sfp_command(unsigned int idx, const char *args)
{
	uint8_t buf[IXM_SFP_EEPROM_LEN + 1];
	const char *what = "bad command";
	char verb[8];
	int at = 0, ret = -EINVAL;

	if (idx >= vemu.nfn || sscanf(args, "%7s %n", verb, &at) < 1) {
		vemu_log("control: sfp %u %s: bad command", idx, args);
		return;
	}
	if (strcmp(verb, "remove") == 0 || strcmp(verb, "insert") == 0) {
		vemu_lock();
		ret = ixm_sfp_set(vemu.fn[idx].ixm, NULL, verb[0] == 'r' ? 0 :
				  IXM_SFP_EEPROM_LEN);
		vemu_unlock();
		what = verb;
	} else if (strcmp(verb, "load") == 0 && at > 0) {
		int fd = open(args + at, O_RDONLY | O_CLOEXEC);
		ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;

		if (fd >= 0)
			close(fd);
		if (n == 256 || n == 512) {
			vemu_lock();
			ret = ixm_sfp_set(vemu.fn[idx].ixm, buf, (size_t)n);
			vemu_unlock();
		}
		what = args + at;
	}
	vemu_log("sfp %u %s: %s", idx, what, ret == 0 ? "done" :
		 strerror(-ret));
}

/*
 * Commands on the control FIFO: "cable <fn> up|down", "sfp <fn> ..."
 * (sfp_command()), and "pcap <fn> <file>" to replay a capture into a port
 * (lib/vfioemu/wire.c).
 */
static void
poll_control(void)
{
	char buf[256], *line, *save;
	ssize_t n;

	if (control_fd < 0) {
		if (vemu.control_path[0] == '\0')
			return;
		control_fd = open(vemu.control_path, O_RDWR | O_NONBLOCK);
		if (control_fd < 0) {
			vemu.control_path[0] = '\0';
			return;
		}
	}
	n = read(control_fd, buf, sizeof(buf) - 1);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned int idx;
		char state[8];
		int at = 0;

		if (sscanf(line, "pcap %u %n", &idx, &at) == 1 && at > 0 &&
		    line[at] != '\0') {
			vemu_wire_pcap_command(idx, line + at);
		} else if (sscanf(line, "sfp %u %n", &idx, &at) == 1 &&
			   at > 0 && line[at] != '\0') {
			sfp_command(idx, line + at);
		} else if (sscanf(line, "cable %u %7s", &idx, state) == 2 &&
		    idx < vemu.nfn &&
		    (strcmp(state, "up") == 0 || strcmp(state, "down") == 0)) {
			vemu_lock();
			vemu_set_cable(&vemu.fn[idx], strcmp(state, "up") == 0);
			vemu_unlock();
			vemu_log("cable %u %s", idx, state);
		} else {
			vemu_log("control: bad command '%s'", line);
		}
	}
}

/*
 * One round of the device side, lock held: every open function polled,
 * and ticked when 'tick' (time passes for EITR throttling).
 */
static unsigned int
poll_functions(bool tick)
{
	unsigned int work = 0;

	for (unsigned int i = 0; i < vemu.nfn; i++) {
		if (!vemu.fn[i].dev_open)
			continue;
		work += ixm_poll(vemu.fn[i].ixm);
		if (tick)
			ixm_tick(vemu.fn[i].ixm);
	}
	return work;
}

/* Sleep until synchronous mode ends; no wake-ups meanwhile. */
static void
park(void)
{
	pthread_mutex_lock(&park_mutex);
	parked = true;
	pthread_cond_broadcast(&park_cond);
	while (park_wanted)
		pthread_cond_wait(&park_cond, &park_mutex);
	parked = false;
	pthread_mutex_unlock(&park_mutex);
}

/* CPU time of the calling thread. */
static uint64_t
thread_cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * The model's cost is the thread's CPU time (preemption is not in it)
 * spent in rounds that moved frames.  Reading the thread's CPU clock is
 * a system call, too dear for every round: it is read every 64 rounds
 * and before each sleep, and the CPU time of that interval is shared
 * between its busy and idle rounds in proportion to their TSC time.
 */
static uint64_t model_busy_cpu_ns;
static uint64_t acct_cpu, acct_busy, acct_idle;

static void
account_cpu(void)
{
	uint64_t cpu = thread_cpu_ns(), d = cpu - acct_cpu;

	acct_cpu = cpu;
	if (acct_busy + acct_idle != 0)
		model_busy_cpu_ns += (uint64_t)((double)d * (double)acct_busy /
						(double)(acct_busy + acct_idle));
	acct_busy = acct_idle = 0;
}

static void *
model_thread(void *arg)
{
	unsigned int idle = 0, round = 0;

	(void)arg;
	pthread_setname_np(pthread_self(), "ixemu-model");
	model_start_ns = now_ns();
	model_start_tsc = __builtin_ia32_rdtsc();
	acct_cpu = thread_cpu_ns();
	for (;;) {
		unsigned int work;
		/* The TSC, not clock_gettime(): this runs once per round. */
		uint64_t t0 = __builtin_ia32_rdtsc(), t1;

		if (__atomic_load_n(&park_wanted, __ATOMIC_ACQUIRE)) {
			account_cpu();
			park();
			acct_cpu = thread_cpu_ns();
			idle = 0;
			round = 0;
			continue;
		}
		vemu_lock();
		work = poll_functions((round & 63) == 0);
		vemu_unlock();
		t1 = __builtin_ia32_rdtsc();
		if (work != 0) {
			model_busy_cycles += t1 - t0;
			acct_busy += t1 - t0;
			model_frames += work;
			model_busy_rounds++;
			idle = 0;
		} else {
			acct_idle += t1 - t0;
			if (++idle > 2000) {
				/* Idle: stop burning the core, at some latency
				 * cost. */
				struct timespec ts = { 0, 20000 };

				account_cpu();
				nanosleep(&ts, NULL);
				acct_cpu = thread_cpu_ns();
			}
		}
		if ((++round & 1023) == 0 || idle > 2000)
			poll_control();
		if ((round & 63) == 0)
			account_cpu();
		if (idle > 2000)
			round = 0;	/* the next round ticks the devices */
		if (vemu_wire_poll() != 0)
			idle = 0;
	}
	return NULL;
}

/* The CPUs the process may use before the EAL pins its lcores. */
static cpu_set_t initial_cpus;

void
vemu_model_thread_start(void)
{
	pthread_attr_t attr;

	/*
	 * Under park_mutex: vemu_model_park() sees either no thread, or one
	 * that will look at park_wanted before its first round.
	 */
	pthread_mutex_lock(&park_mutex);
	if (__atomic_load_n(&model_started, __ATOMIC_ACQUIRE)) {
		pthread_mutex_unlock(&park_mutex);
		return;
	}
	/*
	 * The thread would otherwise inherit the affinity of the lcore that
	 * opened the first device, and share one core with it.
	 */
	pthread_attr_init(&attr);
	pthread_attr_setaffinity_np(&attr, sizeof(initial_cpus),
				    &initial_cpus);
	if (pthread_create(&model_tid, &attr, model_thread, NULL) == 0)
		__atomic_store_n(&model_started, true, __ATOMIC_RELEASE);
	else
		vemu_log("cannot start the model thread");
	pthread_attr_destroy(&attr);
	pthread_mutex_unlock(&park_mutex);
}

void
vemu_model_park(bool on)
{
	pthread_mutex_lock(&park_mutex);
	__atomic_store_n(&park_wanted, on, __ATOMIC_RELEASE);
	if (on) {
		while (__atomic_load_n(&model_started, __ATOMIC_ACQUIRE) &&
		       !parked)
			pthread_cond_wait(&park_cond, &park_mutex);
	} else {
		pthread_cond_broadcast(&park_cond);
	}
	pthread_mutex_unlock(&park_mutex);
}

/*
 * One round of the device side in the caller's thread (synchronous mode,
 * model thread parked): the model thread's round, and the cache model's
 * flushes around it (sync.c).
 */
unsigned int
vemu_model_step(void)
{
	unsigned int work;

	vemu_lock();
	vemu_sync_begin();
	work = poll_functions((sync_round & 63) == 0);
	vemu_unlock();
	work += vemu_wire_poll();
	if ((++sync_round & 1023) == 0)
		poll_control();
	vemu_lock();
	vemu_sync_end();
	sync_frames += work;
	sync_steps++;
	vemu_unlock();
	return work;
}

/* Busy time of the model thread, converting TSC cycles at the rate the
 * TSC ran since the thread started (wall clock: preemption included). */
static uint64_t
model_busy_ns(void)
{
	uint64_t ns = now_ns() - model_start_ns;
	uint64_t cycles = __builtin_ia32_rdtsc() - model_start_tsc;

	if (!model_started || cycles == 0)
		return 0;
	return (uint64_t)((double)model_busy_cycles * (double)ns /
			  (double)cycles);
}

/*
 * CPU time the model thread consumed in all (CLOCK_THREAD_CPUTIME_ID of
 * that thread, read from another thread): idle polling included.
 */
static uint64_t
model_cpu_ns(void)
{
	struct timespec ts;
	clockid_t cid;

	if (!model_started || pthread_getcpuclockid(model_tid, &cid) != 0 ||
	    clock_gettime(cid, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- totals over every IOMMU domain ---- */

void
vemu_sum_counters(struct ixemu_iommu_counters *c)
{
	memset(c, 0, sizeof(*c));
	c->maps = vemu.dead_maps;
	c->unmaps = vemu.dead_unmaps;
	c->iotlb_hits = vemu.dead_hits;
	c->iotlb_misses = vemu.dead_misses;
	/* Live domains: each container once, through its functions. */
	for (unsigned int i = 0; i < vemu.nfn; i++) {
		struct iommu_domain *dom = vemu_fn_domain(&vemu.fn[i]);
		unsigned int j;

		if (dom == NULL)
			continue;
		for (j = 0; j < i; j++)
			if (vemu_fn_domain(&vemu.fn[j]) == dom)
				break;
		if (j != i)
			continue;
		c->maps += dom->map_calls;
		c->unmaps += dom->unmap_calls;
		c->iotlb_hits += dom->iotlb_hits;
		c->iotlb_misses += dom->iotlb_misses;
	}
	c->faults = fault_count;
}

/* ---- start and exit ---- */

static pid_t owner_pid;

static void
write_report(const struct ixemu_iommu_counters *c)
{
	FILE *f = fopen(vemu.report_path, "w");
	uint64_t i, n;

	if (f == NULL) {
		vemu_log("cannot write %s: %s", vemu.report_path,
			 strerror(errno));
		return;
	}
	fprintf(f, "{\"iommu\":{\"maps\":%" PRIu64 ",\"unmaps\":%" PRIu64
		",\"faults\":%" PRIu64 ",\"iotlb_hits\":%" PRIu64
		",\"iotlb_misses\":%" PRIu64 "},\n", c->maps, c->unmaps,
		c->faults, c->iotlb_hits, c->iotlb_misses);
	fprintf(f, "\"model\":{\"frames\":%" PRIu64 ",\"cpu_ns\":%" PRIu64
		",\"busy_cpu_ns\":%" PRIu64
		",\"busy_ns\":%" PRIu64 ",\"busy_rounds\":%" PRIu64
		",\"wire_frames\":%" PRIu64 ",\"sync_steps\":%" PRIu64
		",\"sync_frames\":%" PRIu64 "},\n",
		model_frames, model_cpu_ns(), model_busy_cpu_ns,
		model_busy_ns(),
		model_busy_rounds, vemu_wire_frames(), sync_steps,
		sync_frames);
	fprintf(f, "\"faults\":[");
	n = fault_count < FAULT_LOG_SIZE ? fault_count : FAULT_LOG_SIZE;
	for (i = 0; i < n; i++) {
		const struct ixemu_fault *ft = &fault_log[i];

		fprintf(f, "%s{\"iova\":%" PRIu64 ",\"len\":%" PRIu64
			",\"dir\":\"%s\",\"fn\":\"%s\",\"time_ns\":%" PRIu64
			",\"what\":\"%s\"}", i ? "," : "", ft->iova, ft->len,
			ft->write ? "write" : "read", ft->function,
			ft->time_ns, ft->what);
	}
	fprintf(f, "],\n\"ports\":[");
	for (i = 0; i < vemu.nfn; i++) {
		struct ixm_mac_counters m;

		ixm_mac_counters(vemu.fn[i].ixm, &m);
		fprintf(f, "%s{\"bdf\":\"%s\",\"rx_good_packets\":%" PRIu64
			",\"rx_good_octets\":%" PRIu64
			",\"tx_good_packets\":%" PRIu64
			",\"tx_good_octets\":%" PRIu64
			",\"rx_missed\":%" PRIu64
			",\"rx_dropped_filter\":%" PRIu64
			",\"rx_crc_errors\":%" PRIu64
			",\"link_changes\":%" PRIu64
			",\"mmio_traps\":%" PRIu64
			",\"doorbell_traps\":%" PRIu64
			",\"hostile_writebacks\":%" PRIu64
			",\"audited\":%" PRIu64
			",\"audit_violations\":%" PRIu64 "}",
			i ? "," : "", vemu.fn[i].bdf, m.rx_good_packets,
			m.rx_good_octets, m.tx_good_packets, m.tx_good_octets,
			m.rx_missed, m.rx_dropped_filter, m.rx_crc_errors,
			vemu.fn[i].link_changes, vemu.fn[i].mmio_traps,
			vemu.fn[i].doorbell_traps,
			ixm_hostile_count(vemu.fn[i].ixm),
			vemu.fn[i].audited, vemu.fn[i].audit_violations);
	}
	fprintf(f, "],\n");
	vemu_wire_report(f);
	fprintf(f, "}\n");
	fclose(f);
}

static int
find_eal(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	if (strstr(info->dlpi_name, "librte_eal") != NULL) {
		*(bool *)data = true;
		return 1;
	}
	return 0;
}

static void
platform_activate(void)
{
	owner_pid = getpid();
	sched_getaffinity(0, sizeof(initial_cpus), &initial_cpus);
	if (parse_config() < 0 || create_functions() < 0 ||
	    vemu_sysfs_build() < 0 || vemu_trap_install() < 0) {
		vemu_log("platform setup failed: %s", strerror(errno));
		_exit(2);
	}
	/* DPDK secondaries reach this process's model (remote.c). */
	if (vemu_remote_serve() < 0)
		vemu_log("no service for secondary processes: %s",
			 strerror(errno));
}

void
vemu_platform_activate(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, platform_activate);
}

/*
 * LD_PRELOAD reaches every program the command starts (shells, timeout,
 * ...).  A DPDK program gets its platform at load time, before the EAL
 * scans the bus; any other program the first time it looks at VFIO or at
 * PCI devices in sysfs (preload.c), so that a user-space driver of its
 * own finds the functions too, and a shell finds nothing changed.
 */
__attribute__((constructor(102)))
static void
platform_init(void)
{
	bool is_dpdk = false;

	dl_iterate_phdr(find_eal, &is_dpdk);
	if (is_dpdk)
		vemu_platform_activate();
}

__attribute__((destructor))
static void
platform_fini(void)
{
	struct ixemu_iommu_counters c;
	uint64_t i, n;

	if (owner_pid == 0 || getpid() != owner_pid)
		return;
	vemu_lock();
	vemu_sum_counters(&c);
	vemu_log("iommu maps=%" PRIu64 " unmaps=%" PRIu64 " faults=%" PRIu64,
		 c.maps, c.unmaps, c.faults);
	n = fault_count < FAULT_LOG_SIZE ? fault_count : FAULT_LOG_SIZE;
	for (i = 0; i < n && i < 64; i++) {
		const struct ixemu_fault *f = &fault_log[i];

		vemu_log("fault iova=0x%" PRIx64 " len=%" PRIu64
			 " dir=%s fn=%s t=%" PRIu64 ".%09" PRIu64 " what=%s",
			 f->iova, f->len, f->write ? "write" : "read",
			 f->function, (uint64_t)(f->time_ns / 1000000000u),
			 (uint64_t)(f->time_ns % 1000000000u), f->what);
	}
	if (fault_count > i)
		vemu_log("... %" PRIu64 " more faults", fault_count - i);
	/* Domains still open at exit (each once, through its functions). */
	for (i = 0; i < vemu.nfn; i++) {
		struct vemu_container *ci = vemu.fn[i].group.container;
		uint64_t j;

		if (ci == NULL || !ci->iommu_set)
			continue;
		for (j = 0; j < i; j++)
			if (vemu.fn[j].group.container == ci)
				break;
		if (j == i)
			vemu_domain_report(ci, "open at exit");
	}
	vemu_log("iotlb hits=%" PRIu64 " misses=%" PRIu64
		 " model frames=%" PRIu64 " busy_cpu_ms=%" PRIu64
		 " cpu_ms=%" PRIu64 " busy_ms=%" PRIu64
		 " sync steps=%" PRIu64 " frames=%" PRIu64,
		 c.iotlb_hits, c.iotlb_misses, model_frames,
		 model_busy_cpu_ns / 1000000, model_cpu_ns() / 1000000, model_busy_ns() / 1000000,
		 sync_steps, sync_frames);
	if (vemu.report_path[0] != '\0')
		write_report(&c);
	vemu_wire_fini();
	vemu_unlock();
	vemu_sysfs_remove();
}
