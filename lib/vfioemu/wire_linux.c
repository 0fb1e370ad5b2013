/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * A port whose cable goes to a Linux network interface (IXEMU_ATTACH
 * "P=afpacket:IF"), so that the Linux stack is the peer: typically one end
 * of a veth pair whose other end is in a network namespace.
 *
 * Only virtual interfaces are accepted: the machine's real NICs must
 * never see our frames.
 *
 * One AF_PACKET SOCK_RAW socket per port, bound to IF for every protocol,
 * with a virtio-net header (PACKET_VNET_HDR) in front of each frame: the
 * Linux stack hands veth frames over with the checksum not yet filled in
 * (CHECKSUM_PARTIAL) and possibly as one GSO super-frame; the header says
 * so, and we complete the checksum as the sending NIC would.  GSO frames
 * are dropped (turn TSO/GSO off on the peer to send large TCP streams).
 * VLAN tags the kernel moved to metadata come back from PACKET_AUXDATA.
 * Our own transmissions are not read back (PACKET_IGNORE_OUTGOING, and
 * PACKET_OUTGOING frames are skipped for kernels without it).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "ixm.h"
#include "vfioemu.h"
#include "wire.h"

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

static bool
sysfs_exists(const char *ifname, const char *leaf)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/class/net/%s%s%s", ifname,
		 leaf[0] ? "/" : "", leaf);
	return stat(path, &st) == 0;
}

/* Why we must not use ifname, or NULL if it is a virtual interface. */
static const char *
refuse_reason(const char *ifname, int fd)
{
	struct ifreq ifr;

	if (ifname[0] == '\0' || strlen(ifname) >= IF_NAMESIZE ||
	    strchr(ifname, '/') != NULL || ifname[0] == '.')
		return "not an interface name";
	if (!sysfs_exists(ifname, ""))
		return "no such interface";
	/* A bus device behind it: a real NIC. */
	if (sysfs_exists(ifname, "device"))
		return "it is a physical interface";
	/* Bridges and bonds may carry our frames to a real NIC. */
	if (sysfs_exists(ifname, "bridge") || sysfs_exists(ifname, "bonding") ||
	    sysfs_exists(ifname, "brport"))
		return "it is, or is part of, a bridge or bond";
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return "cannot read its flags";
	if (ifr.ifr_flags & IFF_LOOPBACK)
		return "it is the loopback interface";
	return NULL;
}

int
wire_linux_attach(unsigned int port, const char *ifname)
{
	struct wire_port *wp = &wire_port[port];
	struct sockaddr_ll sll;
	struct packet_mreq mr;
	const char *why;
	int fd, one = 1;
	unsigned int idx;

	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    htons(ETH_P_ALL));
	if (fd < 0) {
		vemu_log("attach: port %u to %s: AF_PACKET socket: %s "
			 "(needs CAP_NET_RAW)", port, ifname, strerror(errno));
		return -1;
	}
	why = refuse_reason(ifname, fd);
	if (why != NULL) {
		vemu_log("attach: port %u: refusing interface '%s': %s; only "
			 "virtual interfaces (veth, tap) may be attached",
			 port, ifname, why);
		close(fd);
		return -1;
	}
	idx = if_nametoindex(ifname);
	if (idx == 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one,
		       sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one,
		       sizeof(one)) < 0) {
		vemu_log("attach: port %u to %s: %s", port, ifname,
			 strerror(errno));
		close(fd);
		return -1;
	}
	/* Best effort: older kernels lack it; the receive path filters too. */
	(void)setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
			 sizeof(one));
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = (int)idx;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		vemu_log("attach: port %u to %s: bind: %s", port, ifname,
			 strerror(errno));
		close(fd);
		return -1;
	}
	/* A wire carries every frame, whatever its destination address. */
	memset(&mr, 0, sizeof(mr));
	mr.mr_ifindex = (int)idx;
	mr.mr_type = PACKET_MR_PROMISC;
	if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr,
		       sizeof(mr)) < 0)
		vemu_log("attach: port %u: %s: promiscuous mode: %s", port,
			 ifname, strerror(errno));
	wp->afp_fd = fd;
	snprintf(wp->ifname, sizeof(wp->ifname), "%s", ifname);
	vemu_log("attach: port %u cabled to Linux interface %s", port, ifname);
	return 0;
}

/* With the platform lock held: one non-blocking send. */
void
wire_linux_tx(struct wire_port *wp, const void *frame, size_t len)
{
	struct virtio_net_hdr vh;
	struct iovec iov[2];
	struct msghdr msg;

	memset(&vh, 0, sizeof(vh));	/* complete frame, no offload */
	iov[0].iov_base = &vh;
	iov[0].iov_len = sizeof(vh);
	iov[1].iov_base = (void *)(uintptr_t)frame;
	iov[1].iov_len = len;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = iov;
	msg.msg_iovlen = 2;
	if (sendmsg(wp->afp_fd, &msg, MSG_DONTWAIT) < 0) {
		/* A full or down interface loses frames, like a wire. */
		wp->linux_tx_err++;
		if (!wp->afp_warned) {
			wp->afp_warned = true;
			vemu_log("attach: send on %s: %s", wp->ifname,
				 strerror(errno));
		}
		return;
	}
	wp->linux_tx++;
}

/* ---- receive ---- */

#define RX_HEADROOM 4u	/* room to put back a VLAN tag */

struct rx_slot {
	struct virtio_net_hdr vh;
	struct sockaddr_ll sll;
	uint8_t ctrl[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	struct iovec iov[2];
	uint8_t buf[RX_HEADROOM + WIRE_MAX_FRAME];
	uint8_t *frame;
	size_t len;
};

/* Used by the model thread only. */
static struct rx_slot rx_slot[WIRE_BATCH];
static struct mmsghdr rx_msg[WIRE_BATCH];

static uint32_t
csum_add(const uint8_t *p, size_t len, uint32_t sum)
{
	for (; len > 1; len -= 2, p += 2)
		sum += (uint32_t)(p[0] << 8 | p[1]);
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

/*
 * The kernel left the checksum to the NIC: the field holds the
 * pseudo-header sum; add the data from csum_start and store the result.
 */
static bool
complete_csum(uint8_t *f, size_t len, const struct virtio_net_hdr *vh)
{
	size_t start = vh->csum_start, at = start + vh->csum_offset;
	uint32_t sum;
	uint16_t c;

	if (start >= len || at + 2 > len)
		return false;
	sum = csum_add(f + start, len - start, 0);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	c = (uint16_t)~sum;
	if (c == 0)
		c = 0xffff;	/* 0 would mean "no checksum" in UDP */
	f[at] = (uint8_t)(c >> 8);
	f[at + 1] = (uint8_t)c;
	return true;
}

/* Turn what recvmmsg() gave into a wire frame; false: drop it. */
static bool
rx_fixup(struct wire_port *wp, struct rx_slot *s, const struct msghdr *m,
	 size_t got)
{
	struct cmsghdr *c;

	if (s->sll.sll_pkttype == PACKET_OUTGOING)
		return false;
	if ((m->msg_flags & MSG_TRUNC) || got < sizeof(s->vh) + 14)
		return false;
	s->frame = s->buf + RX_HEADROOM;
	s->len = got - sizeof(s->vh);
	if (s->vh.gso_type != VIRTIO_NET_HDR_GSO_NONE) {
		if (!wp->afp_warned) {
			wp->afp_warned = true;
			vemu_log("attach: %s: GSO frame of %zu bytes dropped; "
				 "turn off TSO/GSO on the peer", wp->ifname,
				 s->len);
		}
		return false;
	}
	if ((s->vh.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
	    !complete_csum(s->frame, s->len, &s->vh))
		return false;
	for (c = CMSG_FIRSTHDR(m); c != NULL;
	     c = CMSG_NXTHDR((struct msghdr *)m, c)) {
		struct tpacket_auxdata aux;

		if (c->cmsg_level != SOL_PACKET ||
		    c->cmsg_type != PACKET_AUXDATA)
			continue;
		memcpy(&aux, CMSG_DATA(c), sizeof(aux));
		if (!(aux.tp_status & TP_STATUS_VLAN_VALID) ||
		    s->len + 4 > WIRE_MAX_FRAME)
			continue;
		/* The tag was moved to metadata: put it back on the wire. */
		s->frame -= 4;
		memmove(s->frame, s->frame + 4, 12);
		s->frame[12] = (aux.tp_status & TP_STATUS_VLAN_TPID_VALID) ?
			       (uint8_t)(aux.tp_vlan_tpid >> 8) : 0x81;
		s->frame[13] = (aux.tp_status & TP_STATUS_VLAN_TPID_VALID) ?
			       (uint8_t)aux.tp_vlan_tpid : 0x00;
		s->frame[14] = (uint8_t)(aux.tp_vlan_tci >> 8);
		s->frame[15] = (uint8_t)aux.tp_vlan_tci;
		s->len += 4;
	}
	/* The sending NIC pads short frames (Linux hands them over bare). */
	if (s->len < WIRE_MIN_FRAME) {
		memset(s->frame + s->len, 0, WIRE_MIN_FRAME - s->len);
		s->len = WIRE_MIN_FRAME;
	}
	return true;
}

/* Model thread, without the lock: one batch per attached port. */
unsigned int
wire_linux_poll(void)
{
	unsigned int total = 0;

	for (unsigned int p = 0; p < vemu.nfn; p++) {
		struct wire_port *wp = &wire_port[p];
		unsigned int i, ok[WIRE_BATCH], nok = 0;
		int n;

		if (wp->afp_fd < 0)
			continue;
		for (i = 0; i < WIRE_BATCH; i++) {
			struct rx_slot *s = &rx_slot[i];
			struct msghdr *m = &rx_msg[i].msg_hdr;

			s->iov[0].iov_base = &s->vh;
			s->iov[0].iov_len = sizeof(s->vh);
			s->iov[1].iov_base = s->buf + RX_HEADROOM;
			s->iov[1].iov_len = WIRE_MAX_FRAME;
			memset(m, 0, sizeof(*m));
			m->msg_name = &s->sll;
			m->msg_namelen = sizeof(s->sll);
			m->msg_iov = s->iov;
			m->msg_iovlen = 2;
			m->msg_control = s->ctrl;
			m->msg_controllen = sizeof(s->ctrl);
		}
		n = recvmmsg(wp->afp_fd, rx_msg, WIRE_BATCH, MSG_DONTWAIT,
			     NULL);
		if (n <= 0)
			continue;
		for (i = 0; i < (unsigned int)n; i++) {
			if (rx_fixup(wp, &rx_slot[i], &rx_msg[i].msg_hdr,
				     rx_msg[i].msg_len))
				ok[nok++] = i;
			else if (rx_slot[i].sll.sll_pkttype != PACKET_OUTGOING)
				wp->linux_rx_drop++;
		}
		if (nok == 0)
			continue;
		vemu_lock();
		for (i = 0; i < nok; i++) {
			struct rx_slot *s = &rx_slot[ok[i]];

			if (ixm_rx_frame(vemu.fn[p].ixm, s->frame, s->len) < 0)
				wp->linux_rx_drop++;
			else
				wp->linux_rx++;
		}
		vemu_unlock();
		total += nok;
	}
	return total;
}
