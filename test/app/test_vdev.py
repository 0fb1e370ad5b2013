#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""guardpmd on virtual devices (--no-pci): every forwarding mode moves
packets on a net_null pair with consistent counts; io with --tx-first
keeps the packets circulating through two net_ring loops; txonly ->
rxonly through a back-to-back net_ring pair (--ring-pairs) delivers
every packet with a latency report; several queues on several lcores;
the JSON results parse and every mbuf is back in the pool at exit.
"""
import gp_testlib as gl

NULLS = ["--vdev", "net_null0", "--vdev", "net_null1"]


def common(chk, r, rc, what):
    chk.equal(rc, 0, "%s: exit code" % what)
    res = r.json()
    chk.check("_error" not in res, "%s: --json output parses" % what,
              res.get("_error"))
    chk.equal(res.get("mbufs_in_use_at_exit"), 0, "%s: mbufs in use at exit"
              % what)
    chk.equal(gl.mbufs_line(r.stderr), 0, "%s: 'mbufs: 0 in use' line" % what)
    chk.equal(res.get("errors"), 0, "%s: errors" % what)
    return res


def null_modes(env, chk):
    for mode in ("io", "mac", "macswap", "csum", "rxonly", "txonly",
                 "flowgen"):
        r = gl.vdev(env, NULLS, ["--fwd", mode, "--duration", "1",
                                 "--stats-period", "0.5", "--json"],
                    name="null-" + mode)
        rc = gl.finish(r, 60)
        res = common(chk, r, rc, mode)
        p0, p1 = gl.port(res, 0), gl.port(res, 1)
        s0, s1 = p0.get("sw", {}), p1.get("sw", {})
        chk.equal(p0.get("driver"), "net_null", "%s: driver" % mode)
        chk.check("==== guardpmd:" in r.stderr, "%s: live display" % mode)
        if mode in ("io", "mac", "macswap", "csum"):
            chk.check(s0.get("rx_packets", 0) > 1000,
                      "%s: port 0 received" % mode, s0)
            # Whatever port 0 received went out on port 1 or was dropped.
            chk.equal(s1.get("tx_packets", -1) + s1.get("tx_dropped", 0),
                      s0.get("rx_packets"), "%s: port 1 tx+dropped vs port 0 "
                      "rx" % mode)
            chk.equal(s0.get("tx_packets", -1) + s0.get("tx_dropped", 0),
                      s1.get("rx_packets"), "%s: port 0 tx+dropped vs port 1 "
                      "rx" % mode)
            chk.equal(p1.get("hw", {}).get("opackets"), s1.get("tx_packets"),
                      "%s: port 1 hw opackets vs sw" % mode)
        elif mode == "rxonly":
            chk.check(s0.get("rx_packets", 0) > 1000 and
                      s0.get("tx_packets") == 0, "rxonly: rx, no tx", s0)
        else:
            chk.check(s0.get("tx_packets", 0) > 1000,
                      "%s: port 0 transmitted" % mode, s0)
            chk.equal(p0.get("hw", {}).get("opackets"), s0.get("tx_packets"),
                      "%s: port 0 hw opackets vs sw" % mode)
        if mode == "csum":
            chk.equal(s0.get("bad_ip_csum"), 0, "csum: no bad IP checksum "
                      "(net_null frames are not IP)")
        lc = res.get("lcores", [])
        chk.check(lc and lc[0].get("cycles_per_packet", 0) > 0,
                  "%s: cycles per packet" % mode, lc)


def ring_io_tx_first(env, chk):
    r = gl.vdev(env, ["--vdev", "net_ring0", "--vdev", "net_ring1"],
                ["--fwd", "io", "--tx-first", "--burst", "32", "--duration",
                 "1", "--json"], name="ring-io")
    rc = gl.finish(r, 60)
    res = common(chk, r, rc, "ring io")
    s = [gl.port(res, i).get("sw", {}) for i in (0, 1)]
    tx = sum(x.get("tx_packets", 0) for x in s)
    rx = sum(x.get("rx_packets", 0) for x in s)
    dropped = sum(x.get("tx_dropped", 0) for x in s)
    chk.check(rx > 10000, "ring io: packets kept circulating", rx)
    # 2 x 32 packets sent first; what is still in the rings at the end.
    chk.equal(tx - rx, 64 - dropped, "ring io: sent - received == in flight")


def ring_pair_latency(env, chk):
    r = gl.vdev(env, [], ["--ring-pairs", "1", "--latency", "--duration", "1",
                          "--tx-pps", "500000", "--pkt-size", "128", "--json"],
                name="ring-latency")
    rc = gl.finish(r, 60)
    res = common(chk, r, rc, "ring pair txonly->rxonly")
    p0, p1 = gl.port(res, 0), gl.port(res, 1)
    chk.equal(p0.get("mode"), "txonly", "port 0 mode")
    chk.equal(p1.get("mode"), "rxonly", "port 1 mode")
    tx = p0.get("sw", {}).get("tx_packets", 0)
    chk.check(tx > 1000, "port 0 transmitted", tx)
    chk.check(tx < 1500000, "--tx-pps limits the rate", tx)
    chk.equal(p1.get("sw", {}).get("rx_packets"), tx, "port 1 received all")
    chk.equal(p1.get("xstats", {}).get("rx_good_packets"), tx,
              "port 1 xstat rx_good_packets")
    chk.equal(p0.get("sw", {}).get("tx_bytes"), 128 * tx, "tx bytes")
    lat = res.get("latency")
    gl.check_latency(chk, lat, "ring pair")
    if lat:
        chk.equal(lat.get("samples"), tx, "a latency sample per packet")
    chk.check("latency histogram (ns, log2 buckets):" in r.stderr,
              "histogram printed")


def multi_queue(env, chk):
    # Three lcores on two CPUs: forwarding lcores 1 and 2 share CPU 1.
    r = gl.vdev(env, [], ["--ring-pairs", "1", "--rxq", "2", "--txq", "2",
                          "--fwd", "io", "--tx-first", "--duration", "1",
                          "--json"],
                name="multi-queue", lcores="0@0,1@1,2@1")
    rc = gl.finish(r, 60)
    res = common(chk, r, rc, "2 queues, 2 lcores")
    chk.equal(len(res.get("lcores", [])), 2, "two forwarding lcores")
    chk.check(r.stderr.count(" io rx ") == 4, "four streams",
              r.stderr.count(" io rx "))
    p0 = gl.port(res, 0)
    q = p0.get("queues", [])
    chk.check(len(q) == 2 and all(x["rx_packets"] > 0 for x in q),
              "both RX queues of port 0 carried packets", q)


def test(env, chk):
    null_modes(env, chk)
    ring_io_tx_first(env, chk)
    ring_pair_latency(env, chk)
    multi_queue(env, chk)


if __name__ == "__main__":
    gl.main(test, __doc__.splitlines()[0])
