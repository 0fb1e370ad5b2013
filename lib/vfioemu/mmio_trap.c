/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Exact register semantics for an unmodified driver.
 *
 * Many 82599 registers act on the access itself: statistics and EICR clear
 * when read, EIMC and EICS act when written.  A thread polling shared
 * memory cannot see reads, so the driver's BAR0 mapping is PROT_NONE and
 * every load or store faults into this handler, which decodes the faulting
 * MOV (with capstone), performs the access on the model and resumes after
 * the instruction.
 *
 * Tail doorbells are the exception: one trap costs microseconds, a store
 * nanoseconds.  After the driver writes a tail register its queue page is
 * opened (mapped read-write) so that later doorbells are plain stores that
 * the model thread polls.  Any access to a non-queue page closes the queue
 * pages again, and no doorbell reopens them until the control path has
 * been quiet for CONTROL_QUIET_NS, so the control path (which reads the
 * clear-on-read per-queue counters living on those pages) is trapped even
 * while other cores keep ringing doorbells.  The model
 * keeps those counters out of the shared memory (their slots read 0), so a
 * read that slips through an open page only sees 0 and loses nothing.
 */
#include <capstone/capstone.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "ixm.h"
#include "vfioemu.h"

#define PAGE_SIZE 4096u
#define DECODE_CACHE 256u
/* How long the control path must be quiet before doorbells go plain. */
#define CONTROL_QUIET_NS 1000000u

enum access_kind {
	ACC_INVALID = 0,
	ACC_LOAD,	/* reg <- mem, zero or sign extended */
	ACC_STORE_REG,	/* mem <- reg */
	ACC_STORE_IMM,	/* mem <- imm */
};

struct decoded {
	uintptr_t rip;
	uint8_t len;
	uint8_t kind;
	uint8_t mem_size;	/* access width in bytes */
	uint8_t reg_size;	/* register width in bytes */
	uint8_t greg;		/* index into gregs */
	uint8_t high_byte;	/* AH, BH, CH, DH */
	uint8_t sign_extend;
	uint64_t imm;
};

static struct decoded decode_cache[DECODE_CACHE];
static csh cs_handle;
static cs_insn *cs_insn_buf;

struct reg_desc {
	x86_reg reg;
	uint8_t greg;
	uint8_t size;
	uint8_t high;
};

#define GPR(r64, r32, r16, r8, g)					\
	{ r64, g, 8, 0 }, { r32, g, 4, 0 }, { r16, g, 2, 0 }, { r8, g, 1, 0 }

static const struct reg_desc reg_table[] = {
	GPR(X86_REG_RAX, X86_REG_EAX, X86_REG_AX, X86_REG_AL, REG_RAX),
	GPR(X86_REG_RBX, X86_REG_EBX, X86_REG_BX, X86_REG_BL, REG_RBX),
	GPR(X86_REG_RCX, X86_REG_ECX, X86_REG_CX, X86_REG_CL, REG_RCX),
	GPR(X86_REG_RDX, X86_REG_EDX, X86_REG_DX, X86_REG_DL, REG_RDX),
	GPR(X86_REG_RSI, X86_REG_ESI, X86_REG_SI, X86_REG_SIL, REG_RSI),
	GPR(X86_REG_RDI, X86_REG_EDI, X86_REG_DI, X86_REG_DIL, REG_RDI),
	GPR(X86_REG_RBP, X86_REG_EBP, X86_REG_BP, X86_REG_BPL, REG_RBP),
	GPR(X86_REG_RSP, X86_REG_ESP, X86_REG_SP, X86_REG_SPL, REG_RSP),
	GPR(X86_REG_R8, X86_REG_R8D, X86_REG_R8W, X86_REG_R8B, REG_R8),
	GPR(X86_REG_R9, X86_REG_R9D, X86_REG_R9W, X86_REG_R9B, REG_R9),
	GPR(X86_REG_R10, X86_REG_R10D, X86_REG_R10W, X86_REG_R10B, REG_R10),
	GPR(X86_REG_R11, X86_REG_R11D, X86_REG_R11W, X86_REG_R11B, REG_R11),
	GPR(X86_REG_R12, X86_REG_R12D, X86_REG_R12W, X86_REG_R12B, REG_R12),
	GPR(X86_REG_R13, X86_REG_R13D, X86_REG_R13W, X86_REG_R13B, REG_R13),
	GPR(X86_REG_R14, X86_REG_R14D, X86_REG_R14W, X86_REG_R14B, REG_R14),
	GPR(X86_REG_R15, X86_REG_R15D, X86_REG_R15W, X86_REG_R15B, REG_R15),
	{ X86_REG_AH, REG_RAX, 1, 1 }, { X86_REG_BH, REG_RBX, 1, 1 },
	{ X86_REG_CH, REG_RCX, 1, 1 }, { X86_REG_DH, REG_RDX, 1, 1 },
};

static const struct reg_desc *
find_reg(x86_reg r)
{
	size_t i;

	for (i = 0; i < sizeof(reg_table) / sizeof(reg_table[0]); i++)
		if (reg_table[i].reg == r)
			return &reg_table[i];
	return NULL;
}

/*
 * MOVDIRI m32/m64, r32/r64 (NP [REX] 0F 38 F9 /r): DPDK's
 * rte_write32_wc() uses it for doorbells on CPUs that have it (net_ixgbe
 * rings TDT with it), and capstone 4 does not know it.  The address comes
 * from the fault, so only the length and the source register matter.
 */
static bool
decode_movdiri(const uint8_t *code, struct decoded *d)
{
	static const uint8_t gregs_by_num[16] = {
		REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI,
		REG_RDI, REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13,
		REG_R14, REG_R15,
	};
	unsigned int len = 0, rex = 0, mod, rm, reg;

	if ((code[0] & 0xf0) == 0x40)
		rex = code[len++];
	if (code[len] != 0x0f || code[len + 1] != 0x38 || code[len + 2] != 0xf9)
		return false;
	len += 3;
	mod = code[len] >> 6;
	reg = ((code[len] >> 3) & 7) | (rex & 4 ? 8 : 0);
	rm = code[len] & 7;
	len++;
	if (mod == 3)
		return false;		/* a register destination: #UD */
	if (rm == 4) {			/* SIB */
		if (mod == 0 && (code[len] & 7) == 5)
			len += 4;	/* no base: disp32 */
		len++;
	} else if (mod == 0 && rm == 5) {
		len += 4;		/* RIP-relative disp32 */
	}
	len += mod == 1 ? 1 : mod == 2 ? 4 : 0;
	d->len = (uint8_t)len;
	d->kind = ACC_STORE_REG;
	d->mem_size = rex & 8 ? 8 : 4;
	d->reg_size = d->mem_size;
	d->greg = gregs_by_num[reg];
	return true;
}

static bool
decode(uintptr_t rip, struct decoded *d)
{
	const uint8_t *code = (const uint8_t *)rip;
	size_t size = 16;
	uint64_t addr = rip;
	const cs_x86 *x;
	const cs_x86_op *mem, *other;
	const struct reg_desc *rd;

	memset(d, 0, sizeof(*d));
	d->rip = rip;
	if (decode_movdiri(code, d))
		return true;
	if (!cs_disasm_iter(cs_handle, &code, &size, &addr, cs_insn_buf))
		return false;
	x = &cs_insn_buf->detail->x86;
	d->len = cs_insn_buf->size;
	if (x->op_count != 2)
		return false;
	switch (cs_insn_buf->id) {
	case X86_INS_MOV:
	case X86_INS_MOVZX:
	case X86_INS_MOVSX:
	case X86_INS_MOVSXD:
		break;
	default:
		return false;
	}
	if (x->operands[0].type == X86_OP_MEM) {
		mem = &x->operands[0];
		other = &x->operands[1];
		d->mem_size = mem->size;
		if (other->type == X86_OP_IMM) {
			d->kind = ACC_STORE_IMM;
			d->imm = (uint64_t)other->imm;
			return true;
		}
		d->kind = ACC_STORE_REG;
	} else if (x->operands[1].type == X86_OP_MEM) {
		mem = &x->operands[1];
		other = &x->operands[0];
		d->mem_size = mem->size;
		d->kind = ACC_LOAD;
		d->sign_extend = cs_insn_buf->id == X86_INS_MOVSX ||
				 cs_insn_buf->id == X86_INS_MOVSXD;
	} else {
		return false;
	}
	if (other->type != X86_OP_REG)
		return false;
	rd = find_reg(other->reg);
	if (rd == NULL)
		return false;
	d->greg = rd->greg;
	d->reg_size = rd->size;
	d->high_byte = rd->high;
	return d->mem_size == 1 || d->mem_size == 2 || d->mem_size == 4 ||
	       d->mem_size == 8;
}

static const struct decoded *
decode_cached(uintptr_t rip)
{
	struct decoded *d = &decode_cache[(rip ^ (rip >> 9)) % DECODE_CACHE];

	if (d->rip == rip && d->kind != ACC_INVALID)
		return d;
	if (!decode(rip, d)) {
		d->rip = 0;
		return NULL;
	}
	return d;
}

static uint64_t
width_mask(unsigned int bytes)
{
	return bytes >= 8 ? ~0ull : (1ull << (bytes * 8)) - 1;
}

/* Read 'size' bytes of BAR0 at off through the model. */
uint64_t
vemu_bar_read(struct vemu_fn *fn, uint32_t off, unsigned int size)
{
	uint32_t base = off & ~3u;
	uint64_t v;

	if (fn->remote_owner != 0)
		return vemu_remote_reg_read(fn, off, size);
	if (size == 8)
		return ixm_reg_read(fn->ixm, base) |
		       (uint64_t)ixm_reg_read(fn->ixm, base + 4) << 32;
	v = ixm_reg_read(fn->ixm, base);
	return (v >> ((off & 3) * 8)) & width_mask(size);
}

void
vemu_bar_write(struct vemu_fn *fn, uint32_t off, unsigned int size,
	       uint64_t val)
{
	uint32_t base = off & ~3u;
	unsigned int shift = (off & 3) * 8;
	uint32_t cur, mask;

	if (fn->remote_owner != 0) {
		vemu_remote_reg_write(fn, off, size, val);
		return;
	}
	if (size == 8) {
		ixm_reg_write(fn->ixm, base, (uint32_t)val);
		ixm_reg_write(fn->ixm, base + 4, (uint32_t)(val >> 32));
		return;
	}
	if (size == 4) {
		ixm_reg_write(fn->ixm, base, (uint32_t)val);
		return;
	}
	/* Narrow store: merge with the register's current contents. */
	memcpy(&cur, fn->bar_model[0] + base, sizeof(cur));
	mask = (uint32_t)width_mask(size) << shift;
	ixm_reg_write(fn->ixm, base, (cur & ~mask) |
		      (((uint32_t)val << shift) & mask));
}

static int
queue_page_bit(uint32_t off)
{
	switch (off & ~(PAGE_SIZE - 1)) {
	case 0x1000: return 0;
	case 0x6000: return 1;
	case 0x7000: return 2;
	case 0xd000: return 3;
	default: return -1;
	}
}

static const uint32_t queue_page_off[4] = { 0x1000, 0x6000, 0x7000, 0xd000 };

static void
close_queue_pages(struct vemu_fn *fn)
{
	unsigned int b;

	for (b = 0; b < 4; b++) {
		if (!(fn->queue_page_open & (1u << b)))
			continue;
		mprotect(fn->bar_user[0] + queue_page_off[b], PAGE_SIZE,
			 PROT_NONE);
		fn->queue_page_open &= ~(1u << b);
	}
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);	/* async-signal-safe */
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static struct vemu_fn *
fn_of_addr(uintptr_t a, uint32_t *off)
{
	unsigned int i;

	for (i = 0; i < vemu.nfn; i++) {
		struct vemu_fn *fn = &vemu.fn[i];
		uintptr_t base = (uintptr_t)fn->bar_user[0];

		if (base != 0 && a >= base && a < base + fn->bar_user_len[0]) {
			*off = (uint32_t)(a - base);
			return fn;
		}
	}
	return NULL;
}

static void
unsupported(uintptr_t rip, uint32_t off)
{
	char msg[128];
	int n;

	n = snprintf(msg, sizeof(msg),
		     "ixemu: unsupported MMIO instruction at %p (BAR0+0x%x)\n",
		     (void *)rip, off);
	if (write(STDERR_FILENO, msg, (size_t)n) < 0)
		abort();
	abort();
}

static void
segv_handler(int sig, siginfo_t *si, void *uctx)
{
	ucontext_t *uc = uctx;
	greg_t *gregs = uc->uc_mcontext.gregs;
	const struct decoded *d;
	struct vemu_fn *fn;
	uint32_t off;
	uint64_t now;
	bool is_tail;
	int qbit;

	vemu_lock();
	fn = fn_of_addr((uintptr_t)si->si_addr, &off);
	if (fn == NULL || fn->ixm == NULL) {
		vemu_unlock();
		/* Not a register access: the program's own handler. */
		vemu_segv_chain(sig, si, uctx);
		return;
	}
	d = decode_cached((uintptr_t)gregs[REG_RIP]);
	if (d == NULL) {
		vemu_unlock();
		unsupported((uintptr_t)gregs[REG_RIP], off);
		return;
	}
	fn->mmio_traps++;
	qbit = queue_page_bit(off);
	is_tail = qbit >= 0 && (off & 0x3f) == 0x18 && d->kind != ACC_LOAD;
	now = now_ns();
	if (!is_tail) {
		/*
		 * Control path: keep the queue pages trapped until it has
		 * been quiet for a while, so that a tail doorbell from a
		 * forwarding core cannot reopen a page between two reads of
		 * a statistics sequence.
		 */
		fn->control_quiet_at = now + CONTROL_QUIET_NS;
		if (qbit < 0)
			close_queue_pages(fn);
	}

	if (d->kind == ACC_LOAD) {
		uint64_t v = vemu_bar_read(fn, off, d->mem_size);
		uint64_t *r = (uint64_t *)&gregs[d->greg];

		if (d->sign_extend && d->mem_size < 8) {
			unsigned int sh = 64 - d->mem_size * 8;

			v = (uint64_t)((int64_t)(v << sh) >> sh);
		}
		if (d->high_byte)
			*r = (*r & ~0xff00ull) | ((v & 0xff) << 8);
		else if (d->reg_size == 4)
			*r = v & 0xffffffffull;	/* 32-bit writes zero-extend */
		else if (d->reg_size == 8)
			*r = v;
		else
			*r = (*r & ~width_mask(d->reg_size)) |
			     (v & width_mask(d->reg_size));
	} else {
		uint64_t v;

		if (d->kind == ACC_STORE_IMM)
			v = d->imm;
		else if (d->high_byte)
			v = ((uint64_t)gregs[d->greg] >> 8) & 0xff;
		else
			v = (uint64_t)gregs[d->greg];
		vemu_bar_write(fn, off, d->mem_size, v & width_mask(d->mem_size));
		/* A tail doorbell: let the following ones be plain stores. */
		if (is_tail)
			fn->doorbell_traps++;
		/*
		 * A secondary's BAR is not the model's memory: every
		 * access is forwarded, doorbells included.
		 */
		if (is_tail && fn->remote_owner == 0 &&
		    now >= fn->control_quiet_at &&
		    !(fn->queue_page_open & (1u << qbit))) {
			if (mprotect(fn->bar_user[0] + queue_page_off[qbit],
				     PAGE_SIZE, PROT_READ | PROT_WRITE) == 0)
				fn->queue_page_open |= 1u << qbit;
		}
	}
	gregs[REG_RIP] += d->len;
	vemu_unlock();
}

int
vemu_trap_install(void)
{
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs_handle) != CS_ERR_OK)
		return -1;
	cs_option(cs_handle, CS_OPT_DETAIL, CS_OPT_ON);
	cs_insn_buf = cs_malloc(cs_handle);
	if (cs_insn_buf == NULL)
		return -1;
	return vemu_segv_install(segv_handler);
}

void
vemu_trap_bar_mapped(struct vemu_fn *fn, unsigned int bar)
{
	/* BAR4 (MSI-X table, PBA) has no side effects: leave it plain. */
	if (bar != 0)
		return;
	/* The first register access follows: the handler must be ours. */
	vemu_segv_check();
	mprotect(fn->bar_user[0], fn->bar_user_len[0], PROT_NONE);
	fn->queue_page_open = 0;
}
