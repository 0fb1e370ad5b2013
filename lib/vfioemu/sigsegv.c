/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * SIGSEGV belongs to the platform first.
 *
 * Register accesses to an emulated BAR0 fault by design (mmio_trap.c), so
 * the platform's handler must see every SIGSEGV before anyone else, and
 * pass on the faults that are not register accesses to the handler the
 * program itself installed, as if the platform were not there.  Two ways
 * that could go wrong, and what is done about each:
 *
 *  - The program installs a SIGSEGV handler after the platform (a crash
 *    reporter, a runtime that catches faults): sigaction(), signal(),
 *    bsd_signal() and sysv_signal() are interposed.  Once the platform's
 *    handler is in place, a program's SIGSEGV action is recorded as the
 *    program's and the kernel's stays the platform's; reading the action
 *    returns the program's.  What the program's handler would have
 *    received, it receives from the platform's: the same signal, siginfo
 *    and context, SA_RESETHAND honoured (its sa_mask is not applied).
 *
 *  - Something installs its handler with the system call itself, which no
 *    interposition sees: a sanitizer runtime does (ASan's deadly-signal
 *    handlers), and one loaded late by dlopen() (an instrumented -d plugin
 *    in a program whose platform library is not) does so after the
 *    platform.  So whenever a BAR0 is mapped, just before the first
 *    register access, the kernel's action is checked: a handler found in
 *    the platform's place becomes the program's, and the platform's goes
 *    first again (one log line says so).
 *
 * The platform's own calls use libc's sigaction() directly.  The
 * program's action is kept in two slots and published by an index, so a
 * fault never reads a half-written one; setters are serialised.
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>

#include "vfioemu.h"

typedef int (*sigaction_fn)(int, const struct sigaction *,
			    struct sigaction *);

static sigaction_fn real_sigaction;
static void (*platform_handler)(int, siginfo_t *, void *);
static bool owned;			/* the platform's handler installed */
static struct sigaction prog[2];	/* the program's SIGSEGV action */
static unsigned int prog_cur;		/* which slot is current */
static pthread_mutex_t prog_lock = PTHREAD_MUTEX_INITIALIZER;

static sigaction_fn
libc_sigaction(void)
{
	sigaction_fn f = __atomic_load_n(&real_sigaction, __ATOMIC_ACQUIRE);

	if (f == NULL) {
		f = (sigaction_fn)dlsym(RTLD_NEXT, "sigaction");
		__atomic_store_n(&real_sigaction, f, __ATOMIC_RELEASE);
	}
	return f;
}

static void
prog_get(struct sigaction *out)
{
	*out = prog[__atomic_load_n(&prog_cur, __ATOMIC_ACQUIRE)];
}

/* Callers hold prog_lock, except the handler's SA_RESETHAND. */
static void
prog_set(const struct sigaction *act)
{
	unsigned int next = __atomic_load_n(&prog_cur, __ATOMIC_RELAXED) ^ 1;

	prog[next] = *act;
	__atomic_store_n(&prog_cur, next, __ATOMIC_RELEASE);
}

static bool
is_platform(const struct sigaction *sa)
{
	return (sa->sa_flags & SA_SIGINFO) &&
	       sa->sa_sigaction == platform_handler;
}

static int
install_locked(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = platform_handler;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	return libc_sigaction()(SIGSEGV, &sa, NULL);
}

int
vemu_segv_install(void (*handler)(int, siginfo_t *, void *))
{
	struct sigaction cur;
	int ret;

	if (libc_sigaction() == NULL)
		return -1;
	pthread_mutex_lock(&prog_lock);
	platform_handler = handler;
	ret = libc_sigaction()(SIGSEGV, NULL, &cur);
	if (ret == 0) {
		prog_set(&cur);
		ret = install_locked();
	}
	if (ret == 0)
		__atomic_store_n(&owned, true, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&prog_lock);
	return ret;
}

void
vemu_segv_check(void)
{
	struct sigaction cur;

	if (!__atomic_load_n(&owned, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&prog_lock);
	if (libc_sigaction()(SIGSEGV, NULL, &cur) == 0 && !is_platform(&cur)) {
		prog_set(&cur);
		if (install_locked() == 0)
			vemu_log("a SIGSEGV handler was installed in place of "
				 "the platform's, past its interposition (a "
				 "sanitizer runtime loaded late?): the "
				 "platform's goes first again and passes "
				 "other faults to it");
	}
	pthread_mutex_unlock(&prog_lock);
}

void
vemu_segv_chain(int sig, siginfo_t *si, void *uctx)
{
	struct sigaction a;

	prog_get(&a);
	if (a.sa_flags & SA_RESETHAND) {
		struct sigaction dfl;

		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		prog_set(&dfl);
	}
	if (a.sa_flags & SA_SIGINFO) {
		if (a.sa_sigaction != NULL) {
			a.sa_sigaction(sig, si, uctx);
			return;
		}
	} else if (a.sa_handler != SIG_DFL && a.sa_handler != SIG_IGN) {
		a.sa_handler(sig);
		return;
	}
	/*
	 * Default action: the access faults again on return, with the
	 * kernel's default in place (a core dump, as without the platform).
	 */
	memset(&a, 0, sizeof(a));
	a.sa_handler = SIG_DFL;
	libc_sigaction()(SIGSEGV, &a, NULL);
}

/* 1: the program's SIGSEGV action was set or read here; 0: not owned. */
static int
program_action(const struct sigaction *act, struct sigaction *oldact)
{
	if (!__atomic_load_n(&owned, __ATOMIC_ACQUIRE))
		return 0;
	pthread_mutex_lock(&prog_lock);
	if (oldact != NULL)
		prog_get(oldact);
	if (act != NULL)
		prog_set(act);
	pthread_mutex_unlock(&prog_lock);
	return 1;
}

int
sigaction(int sig, const struct sigaction *act, struct sigaction *oldact)
{
	if (sig == SIGSEGV && program_action(act, oldact))
		return 0;
	if (libc_sigaction() == NULL) {
		errno = ENOSYS;
		return -1;
	}
	return libc_sigaction()(sig, act, oldact);
}

/*
 * signal() and its variants, for SIGSEGV once the platform owns it: the
 * program's action with the flags each gives (glibc's); any other signal
 * goes to libc's function of the same name.
 */
static sighandler_t
signal_as(const char *name, int sig, sighandler_t handler, int flags)
{
	sighandler_t (*real)(int, sighandler_t);
	struct sigaction sa, old;

	if (sig != SIGSEGV || !__atomic_load_n(&owned, __ATOMIC_ACQUIRE)) {
		real = (sighandler_t (*)(int, sighandler_t))dlsym(RTLD_NEXT,
								    name);
		if (real == NULL) {
			errno = ENOSYS;
			return SIG_ERR;
		}
		return real(sig, handler);
	}
	if (handler == SIG_ERR) {
		errno = EINVAL;
		return SIG_ERR;
	}
	memset(&sa, 0, sizeof(sa));
	memset(&old, 0, sizeof(old));
	sa.sa_handler = handler;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	program_action(&sa, &old);
	return (old.sa_flags & SA_SIGINFO) ?
	       (sighandler_t)(void *)old.sa_sigaction : old.sa_handler;
}

sighandler_t
signal(int sig, sighandler_t handler)
{
	return signal_as("signal", sig, handler, SA_RESTART);
}

sighandler_t
bsd_signal(int sig, sighandler_t handler)
{
	return signal_as("bsd_signal", sig, handler, SA_RESTART);
}

sighandler_t
sysv_signal(int sig, sighandler_t handler)
{
	return signal_as("sysv_signal", sig, handler,
			 SA_RESETHAND | SA_NODEFER);
}
