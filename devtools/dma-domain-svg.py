#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Draw a port's DMA domain as an SVG memory map.

Input: the reply of the telemetry command /ixguard/dma_domain,<port>
(JSON, as dpdk-telemetry.py prints it), read from a file or standard
input, or fetched from a running DPDK process:

    echo /ixguard/dma_domain,0 | dpdk-telemetry.py -f PREFIX > d.json
    devtools/dma-domain-svg.py d.json -o domain.svg
    devtools/dma-domain-svg.py --file-prefix PREFIX --port 0 -o domain.svg

The mappings are drawn in IOVA order, lowest address at the top, one
block per mapping; a block's height grows with the logarithm of its size
(so a 128 KiB ring stays visible next to a 32 MiB pool) and the unmapped
gaps between mappings are drawn compressed, with their size written in
them.  Colour says who owns what the mapping holds (descriptor ring,
the driver's own queue buffers, an application mempool, an external
buffer); a hatched block with a dashed outline is mapped read-only for
the device.  Each of the domain's recent IOMMU faults is a red tick at
its IOVA, in a gap when it fell outside every mapping.

Exit codes: 0 done; 2 bad input (not JSON, not a dma_domain reply, a
missing or malformed field) or bad usage, with one line on stderr;
1 when the telemetry socket cannot be reached or the output written.

Python 3 standard library only.
"""

import argparse
import json
import math
import os
import re
import socket
import sys
from xml.sax.saxutils import escape as _escape

CMD = "/ixguard/dma_domain"
REQUIRED = ("name", "mode", "mappings", "recent_faults")

# Who owns what a mapping holds: (key, legend text, fill colour).
OWNERS = [
    ("ring", "descriptor ring", "#4e79a7"),
    ("queue", "driver's queue buffers (shadow)", "#59a14f"),
    ("mempool", "application mempool (mbuf headers + data)", "#f28e2b"),
    ("external", "external buffer", "#b07aa1"),
    ("other", "other", "#9c9c9c"),
]
OWNER_COLOUR = {k: c for k, _, c in OWNERS}

MODE_TEXT = {
    "shadow": "the device reaches its rings and its queues' own buffers "
              "only (TX buffers read-only); packets are copied to and from "
              "the application's mbufs",
    "strict": "rings and RX pools (and TX memory registered before "
              "start), read-write; no mapping added while running",
    "port": "rings and every pool the port receives into or sends from "
            "(TX pools mapped on first use), read-write",
    "shared": "the EAL's default container: all DPDK memory",
}

FAULT_RE = re.compile(r"^(read|write) iova=(0x[0-9a-fA-F]+|[0-9]+) by (\S+)"
                      r"(?: \((.*)\))?$")
HEX_RE = re.compile(r"^(0x[0-9a-fA-F]+|[0-9]+)$")


# Characters XML 1.0 does not allow, even escaped (and lone surrogates,
# which JSON can carry and UTF-8 cannot).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff"
                      "\ufffe\uffff]")


def escape(s):
    return _escape(_NOT_XML.sub("\ufffd", str(s)), {'"': "&quot;"})


class BadInput(Exception):
    """The reply is not what this script draws (exit 2)."""


# ---------------------------------------------------------------------------
# input
# ---------------------------------------------------------------------------

def runtime_dir(prefix):
    """Where DPDK puts a process's runtime files (as dpdk-telemetry.py)."""
    base = os.environ.get("RUNTIME_DIRECTORY")
    if not base:
        base = "/var/run" if os.getuid() == 0 else \
            os.environ.get("XDG_RUNTIME_DIR", "/tmp")
    return os.path.join(base, "dpdk", prefix)


def telemetry_query(prefix, command, timeout=10):
    """Send one command to the process's telemetry socket, return the
    reply text.  Raises OSError."""
    path = os.path.join(runtime_dir(prefix), "dpdk_telemetry.v2")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.settimeout(timeout)
    try:
        s.connect(path)
        greeting = json.loads(s.recv(1024).decode())
        size = int(greeting.get("max_output_len", 16384))
        s.send(command.encode())
        return s.recv(max(size, 16384) + 1).decode()
    except OSError as e:
        raise OSError("telemetry socket %s: %s" % (path, e.strerror or e))
    except ValueError as e:
        raise OSError("telemetry socket %s: bad greeting (%s)" % (path, e))
    finally:
        s.close()


def parse_documents(text):
    """One JSON document, or several in a row (dpdk-telemetry.py prints one
    line per command): the list of documents."""
    dec = json.JSONDecoder()
    docs, pos = [], 0
    text = text.strip()
    if not text:
        raise BadInput("empty input: expected the JSON reply of %s" % CMD)
    while pos < len(text):
        try:
            doc, end = dec.raw_decode(text, pos)
        except json.JSONDecodeError as e:
            raise BadInput("malformed JSON: %s" % e)
        docs.append(doc)
        pos = end
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return docs


def domain_of(docs):
    """The domain dict: the value of the last {"/ixguard/dma_domain": ...}
    document, or a bare dict that has the domain's fields."""
    found = None
    for doc in docs:
        if isinstance(doc, dict) and CMD in doc:
            found = doc[CMD]
            if found is None:
                raise BadInput("%s answered null: no such port, or not "
                               "driven by net_ixguard" % CMD)
        elif isinstance(doc, dict) and "mappings" in doc:
            found = doc
    if found is None:
        raise BadInput("no %s reply in the input" % CMD)
    if not isinstance(found, dict):
        raise BadInput("%s: expected a JSON object, got %s"
                       % (CMD, type(found).__name__))
    for k in REQUIRED:
        if k not in found:
            raise BadInput("%s: missing field '%s'" % (CMD, k))
    for k in ("name", "mode"):
        if not isinstance(found[k], str):
            raise BadInput("%s: field '%s' is not a string" % (CMD, k))
    for k in ("mappings", "recent_faults"):
        if not isinstance(found[k], list) or \
           not all(isinstance(x, str) for x in found[k]):
            raise BadInput("%s: field '%s' is not a list of strings"
                           % (CMD, k))
    return found


def parse_int(s, what):
    if not HEX_RE.match(s):
        raise BadInput("%s: bad number '%s'" % (what, s))
    return int(s, 0)


def parse_mapping(line, i):
    """'iova=0x... len=0x... page=2M perm=rw what...' -> dict."""
    where = "mappings[%d] '%s'" % (i, line)
    words = line.split()
    fields = {}
    rest = []
    for j, w in enumerate(words):
        k, eq, v = w.partition("=")
        if eq and k in ("iova", "len", "page", "perm") and k not in fields:
            fields[k] = v
        else:
            rest = words[j:]
            break
    for k in ("iova", "len"):
        if k not in fields:
            raise BadInput("%s: no %s=" % (where, k))
    iova = parse_int(fields["iova"], where)
    length = parse_int(fields["len"], where)
    if length == 0:
        raise BadInput("%s: length 0" % where)
    perm = fields.get("perm", "rw")
    if perm not in ("rw", "ro"):
        raise BadInput("%s: perm=%s, expected rw or ro" % (where, perm))
    page = fields.get("page", "")
    what = " ".join(rest)
    items = [x.strip() for x in what.split(",") if x.strip()]
    return {"iova": iova, "len": length, "end": iova + length,
            "page": page, "perm": perm, "what": what or "(unlabelled)",
            "owners": [owner_of(x) for x in items] or ["other"]}


def owner_of(item):
    if re.match(r"^(rx|tx) ring\b", item):
        return "ring"
    if re.match(r"^(rx|tx) shadow\b", item):
        return "queue"
    if item.startswith("mempool"):
        return "mempool"
    if item.startswith("external"):
        return "external"
    return "other"


def parse_fault(line, i):
    m = FAULT_RE.match(line)
    if not m:
        raise BadInput("recent_faults[%d] '%s': expected 'read|write "
                       "iova=0x... by DEVICE (REASON)'" % (i, line))
    return {"dir": m.group(1), "iova": int(m.group(2), 0),
            "dev": m.group(3), "reason": m.group(4) or "", "text": line}


def page_bytes(page):
    m = re.match(r"^(\d+)([KMG])$", page or "")
    if not m:
        return None
    return int(m.group(1)) << {"K": 10, "M": 20, "G": 30}[m.group(2)]


def fmt_bytes(n):
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            v = n / (1 << shift)
            return ("%d %s" % (v, unit)) if v == int(v) else \
                ("%.1f %s" % (v, unit))
    return "%d B" % n


# ---------------------------------------------------------------------------
# layout
# ---------------------------------------------------------------------------

X_ADDR = 24          # left edge of the address column
X_BLOCK = 150        # left edge of the blocks
W_BLOCK = 200
X_LABEL = X_BLOCK + W_BLOCK + 16
X_FAULT = 660        # fault labels
WIDTH = 1180
GAP_H = 34
MIN_H = 30          # a 4 KiB mapping: room for its two label lines
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
MONO = "DejaVu Sans Mono, Menlo, Consolas, monospace"


def block_height(length):
    """4 KiB -> 30 px, then 8 px more per doubling: 128 KiB 70, 2 MiB 102,
    32 MiB 134, 1 GiB 174."""
    pages = max(length / 4096.0, 1.0)
    return MIN_H + 8.0 * math.log2(pages)


def layout(maps, faults):
    """Rows from top to bottom: mapping blocks and gap blocks, each
    {kind, start, end}; the gaps cover every fault outside the mappings
    (before the first, between, after the last)."""
    rows = []
    lo = min([m["iova"] for m in maps])
    hi = max([m["end"] for m in maps])
    before = [f for f in faults if f["iova"] < lo]
    after = [f for f in faults if f["iova"] >= hi]
    if before:
        start = min(f["iova"] for f in before) & ~0xfff
        rows.append({"kind": "gap", "start": start, "end": lo})
    cur = None
    for m in maps:
        if cur is not None and m["iova"] > cur:
            rows.append({"kind": "gap", "start": cur, "end": m["iova"]})
        rows.append({"kind": "map", "start": m["iova"], "end": m["end"],
                     "map": m})
        cur = m["end"] if cur is None else max(cur, m["end"])
    if after:
        end = (max(f["iova"] for f in after) | 0xfff) + 1
        rows.append({"kind": "gap", "start": hi, "end": end, "open": True})
    return rows


def row_of(rows, iova):
    """The row holding iova (a mapping before a gap); None if none."""
    for r in rows:
        if r["kind"] == "map" and r["start"] <= iova < r["end"]:
            return r
    for r in rows:
        if r["kind"] == "gap" and r["start"] <= iova < r["end"]:
            return r
    return None


# ---------------------------------------------------------------------------
# drawing
# ---------------------------------------------------------------------------

class Svg:
    def __init__(self):
        self.parts = []

    def add(self, s):
        self.parts.append(s)

    def text(self, x, y, s, size=12, weight="normal", fill="#222",
             anchor="start", family=FONT, cls=None, style=""):
        self.add('<text x="%.1f" y="%.1f" font-family="%s" font-size="%s" '
                 'font-weight="%s" fill="%s" text-anchor="%s"%s%s>%s</text>'
                 % (x, y, family, size, weight, fill, anchor,
                    (' class="%s"' % cls) if cls else "",
                    (' font-style="%s"' % style) if style else "",
                    escape(s)))


def defs(svg):
    svg.add("<defs>")
    for key, _, colour in OWNERS:
        svg.add('<pattern id="ro-%s" patternUnits="userSpaceOnUse" '
                'width="8" height="8" patternTransform="rotate(45)">'
                '<rect width="8" height="8" fill="#ffffff"/>'
                '<rect width="3.5" height="8" fill="%s"/></pattern>'
                % (key, colour))
    svg.add("</defs>")


def fill_of(owner, perm):
    return ("url(#ro-%s)" % owner) if perm == "ro" else OWNER_COLOUR[owner]


def draw_block(svg, r, m):
    y, h = r["y"], r["h"]
    owner = m["owners"][0]
    ro = m["perm"] == "ro"
    svg.add('<rect class="mapping" x="%d" y="%.1f" width="%d" height="%.1f" '
            'fill="%s" stroke="%s" stroke-width="%s"%s data-iova="0x%x" '
            'data-len="0x%x" data-perm="%s"><title>%s</title></rect>'
            % (X_BLOCK, y, W_BLOCK, h, fill_of(owner, m["perm"]),
               OWNER_COLOUR[owner] if ro else "#333",
               "2" if ro else "1", ' stroke-dasharray="6 3"' if ro else "",
               m["iova"], m["len"], m["perm"],
               escape("iova=0x%x len=0x%x page=%s perm=%s %s"
                      % (m["iova"], m["len"], m["page"], m["perm"],
                         m["what"]))))
    # What else the mapping holds: a band per further owner on the right.
    others = []
    for o in m["owners"][1:]:
        if o != owner and o not in others:
            others.append(o)
    for i, o in enumerate(others):
        svg.add('<rect x="%d" y="%.1f" width="10" height="%.1f" fill="%s" '
                'stroke="#333" stroke-width="0.5"/>'
                % (X_BLOCK + W_BLOCK - 10 * (i + 1), y, h, OWNER_COLOUR[o]))
    # Page boundaries, when there are few enough to see.
    pb = page_bytes(m["page"])
    n = m["len"] // pb if pb and m["len"] % pb == 0 else 0
    if n > 1 and h / n >= 5:
        for i in range(1, n):
            yy = y + h * i / n
            svg.add('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" '
                    'stroke="#ffffff" stroke-opacity="0.7" '
                    'stroke-width="1"/>' % (X_BLOCK, yy, X_BLOCK + W_BLOCK,
                                            yy))
    # Inside: the page size; outside: what it holds, and numbers.
    if h >= 16:
        pages = ""
        if pb and m["len"] % pb == 0:
            pages = "%d x %s page%s" % (m["len"] // pb, m["page"],
                                        "" if m["len"] == pb else "s")
        elif m["page"]:
            pages = "%s pages" % m["page"]
        if pages:
            ty = y + min(h / 2, 30) + 4
            if ro:
                tw = 6.5 * len(pages) + 8
                svg.add('<rect x="%.1f" y="%.1f" width="%.1f" height="14" '
                        'fill="#ffffff" fill-opacity="0.9"/>'
                        % (X_BLOCK + (W_BLOCK - tw) / 2, ty - 11, tw))
            svg.text(X_BLOCK + W_BLOCK / 2, ty, pages,
                     size=10, anchor="middle",
                     fill="#222" if ro else "#ffffff", weight="bold")
    what = m["what"]
    if len(what) > 38:      # the rest is in the block's tooltip
        what = what[:37] + "\u2026"
    svg.text(X_LABEL, y + 13, what, size=13, weight="bold")
    svg.text(X_LABEL, y + 28, "%s, %s" % (fmt_bytes(m["len"]),
                                          "read-only for the device"
                                          if ro else "read-write"),
             size=11, fill="#444")


def draw_gap(svg, r):
    y, h = r["y"], r["h"]
    x0, x1 = X_BLOCK, X_BLOCK + W_BLOCK
    # A torn strip: zigzag edges above and below, light fill.
    def zig(yy):
        pts, x, up = [], x0, True
        while x < x1:
            pts.append("%.1f,%.1f" % (x, yy + (-3 if up else 3)))
            x += 10
            up = not up
        pts.append("%.1f,%.1f" % (x1, yy))
        return pts
    top = zig(y + 4)
    bot = zig(y + h - 4)
    poly = top + list(reversed(bot))
    svg.add('<polygon class="gap" points="%s" fill="#f3f3f3" '
            'stroke="#bbbbbb" stroke-width="1" data-start="0x%x" '
            'data-end="0x%x"/>' % (" ".join(poly), r["start"], r["end"]))
    size = r["end"] - r["start"]
    # The last gap only reaches as far as the highest fault in it.
    label = "unmapped" if r.get("open") else \
        "unmapped, %s" % fmt_bytes(size)
    svg.text(X_BLOCK + W_BLOCK / 2, y + h / 2 + 4, label, size=10,
             anchor="middle", fill="#777", style="italic")


def fault_y(r, iova):
    frac = (iova - r["start"]) / float(max(r["end"] - r["start"], 1))
    if r["kind"] == "gap":
        # inside the strip, clear of the zigzags
        return r["y"] + 7 + frac * (r["h"] - 14)
    return r["y"] + frac * r["h"]


def note_of(notes, iova):
    """The note given for a fault's 4 KiB page (VT-d reports pages)."""
    return notes.get(iova & ~0xfff) if notes else None


def draw_faults(svg, placed, notes):
    """placed: [(fault, row, y)], drawn with labels in a column that
    never overlaps (pushed down as needed); returns the lowest y used."""
    last = -1e9
    low = 0
    for f, r, y in sorted(placed, key=lambda p: p[2]):
        ly = max(y + 4, last + 56)
        last = ly
        if r is None or r["kind"] == "gap":
            where = "outside every mapping"
        else:
            where = "inside '%s', mapped %s" % (
                r["map"]["what"], "read-only" if r["map"]["perm"] == "ro"
                else "read-write")
        svg.add('<g class="fault" data-iova="0x%x" data-dir="%s" '
                'data-where="%s">' % (f["iova"], f["dir"],
                                      "gap" if r is None or r["kind"] == "gap"
                                      else "mapping"))
        svg.add('<title>%s</title>' % escape(f["text"]))
        svg.add('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#d62728" '
                'stroke-width="3"/>' % (X_BLOCK - 14, y, X_BLOCK + W_BLOCK + 8,
                                        y))
        svg.add('<polygon points="%d,%.1f %d,%.1f %d,%.1f" fill="#d62728"/>'
                % (X_BLOCK - 24, y - 6, X_BLOCK - 14, y, X_BLOCK - 24, y + 6))
        svg.add('<polyline points="%d,%.1f %d,%.1f %d,%.1f" fill="none" '
                'stroke="#d62728" stroke-width="1" stroke-dasharray="2 2"/>'
                % (X_BLOCK + W_BLOCK + 8, y, X_FAULT - 30, y, X_FAULT - 6,
                   ly - 4))
        svg.text(X_FAULT, ly, "IOMMU fault: %s at 0x%x by %s"
                 % (f["dir"], f["iova"], f["dev"]), size=12, weight="bold",
                 fill="#d62728")
        svg.text(X_FAULT, ly + 14, where, size=11, fill="#d62728")
        ny = ly + 27
        if f["reason"]:
            svg.text(X_FAULT, ny, f["reason"], size=10, fill="#d62728")
            ny += 13
        note = note_of(notes, f["iova"])
        if note:
            svg.text(X_FAULT, ny, note, size=10, fill="#555", style="italic")
            ny += 13
        svg.add("</g>")
        low = max(low, ny)
    return low


def legend(svg, y, owners_used, any_ro, any_fault, blocks=True):
    """The legend from y down; returns the y below it."""
    def item(x, y, swatch, text):
        svg.add(swatch)
        svg.text(x + 28, y + 11, text, size=11)
        return x + 28 + 6.3 * len(text) + 24

    svg.text(X_ADDR, y, "Legend", size=13, weight="bold")
    y += 10
    x = X_ADDR
    if blocks:
        for k, t, colour in OWNERS:
            if k not in owners_used:
                continue
            w = 28 + 6.3 * len(t) + 24
            if x + w > WIDTH - X_ADDR:
                x = X_ADDR
                y += 22
            x = item(x, y, '<rect x="%d" y="%d" width="22" height="14" '
                     'fill="%s" stroke="#333" stroke-width="1"/>'
                     % (x, y, colour), t)
        y += 22
        x = X_ADDR
        x = item(x, y, '<rect x="%d" y="%d" width="22" height="14" '
                 'fill="#777" stroke="#333" stroke-width="1"/>' % (x, y),
                 "solid: read-write for the device")
        x = item(x, y, '<rect x="%d" y="%d" width="22" height="14" '
                 'fill="url(#ro-other)" stroke="#9c9c9c" stroke-width="2" '
                 'stroke-dasharray="6 3"/>' % (x, y),
                 "hatched, dashed: read-only for the device%s"
                 % ("" if any_ro else " (none here)"))
        x = item(x, y, '<polygon points="%d,%d %d,%d %d,%d %d,%d" '
                 'fill="#f3f3f3" stroke="#bbbbbb"/>'
                 % (x, y + 2, x + 22, y + 2, x + 22, y + 12, x, y + 12),
                 "unmapped gap")
        y += 22
    x = X_ADDR
    item(x, y, '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#d62728" '
         'stroke-width="3"/>' % (x, y + 7, x + 22, y + 7),
         "IOMMU fault: a DMA the IOMMU refused (recent_faults)%s"
         % ("" if any_fault else "; none recorded"))
    y += 22
    if blocks:
        svg.text(X_ADDR, y + 11, "Addresses are IOVAs, lowest at the top. "
                 "Block height grows with log2(size): 4 KiB 30 px, +8 px "
                 "per doubling; gaps are not to scale.", size=11,
                 fill="#555")
        y += 20
    return y


def render(dom, notes=None):
    maps = sorted((parse_mapping(l, i) for i, l in
                   enumerate(dom["mappings"])), key=lambda m: m["iova"])
    faults = [parse_fault(l, i) for i, l in enumerate(dom["recent_faults"])]
    mode = dom["mode"]
    svg = Svg()

    # Title and the domain's numbers.
    devs = dom.get("devices")
    devs = ", ".join(str(x) for x in devs) if isinstance(devs, list) \
        else ""
    svg.text(X_ADDR, 30, "DMA domain '%s': mode %s" % (dom["name"], mode),
             size=18, weight="bold")
    svg.text(X_ADDR, 50, MODE_TEXT.get(mode, "mode %s" % mode), size=12,
             fill="#444")
    nums = []
    if devs:
        nums.append("device %s" % devs)
    cnt = dom.get("mappings_count")
    if mode != "shared":
        nums.append("%d mapping%s%s" % (len(maps), "" if len(maps) == 1
                                        else "s",
                                        (" of %s" % dom["mappings_max"])
                                        if "mappings_max" in dom else ""))
        if isinstance(dom.get("bytes"), int):
            nums.append(fmt_bytes(dom["bytes"]) + " mapped")
    if "iommu_faults" in dom:
        nums.append("IOMMU faults %s (reads %s, writes %s)"
                    % (dom["iommu_faults"], dom.get("iommu_fault_reads", "?"),
                       dom.get("iommu_fault_writes", "?")))
    if "fault_watch" in dom:
        nums.append("fault watch: %s" % dom["fault_watch"])
    svg.text(X_ADDR, 68, "; ".join(nums), size=11, fill="#444")
    y = 92
    if isinstance(cnt, int) and cnt > len(maps):
        svg.text(X_ADDR, y, "The reply lists %d of the domain's %d mappings "
                 "(telemetry replies hold at most 16 KiB)" % (len(maps), cnt),
                 size=12, weight="bold", fill="#d62728")
        y += 20

    owners_used = set()
    any_ro = any(m["perm"] == "ro" for m in maps)
    placed = []
    if not maps:
        y = draw_empty(svg, dom, y)
        for f in faults:
            placed.append((f, None, None))
        fy = y
        for f, _, _ in placed:
            svg.add('<g class="fault" data-iova="0x%x" data-dir="%s" '
                    'data-where="list">' % (f["iova"], f["dir"]))
            svg.add('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#d62728" '
                    'stroke-width="3"/>' % (X_ADDR, fy - 4, X_ADDR + 22,
                                            fy - 4))
            svg.text(X_ADDR + 30, fy, "IOMMU fault: " + f["text"], size=12,
                     fill="#d62728")
            note = note_of(notes, f["iova"])
            if note:
                fy += 15
                svg.text(X_ADDR + 30, fy, note, size=10, fill="#555",
                         style="italic")
            svg.add("</g>")
            fy += 20
        y = fy + 10
    else:
        rows = layout(maps, faults)
        yy = y + 10
        for r in rows:
            r["y"] = yy
            r["h"] = GAP_H if r["kind"] == "gap" else \
                block_height(r["end"] - r["start"])
            yy += r["h"]
        svg.text(X_ADDR, y + 2, "IOVA", size=11, weight="bold", fill="#555")
        for r in rows:
            if r["kind"] == "map":
                draw_block(svg, r, r["map"])
                owners_used.update(r["map"]["owners"])
            else:
                draw_gap(svg, r)
            svg.text(X_BLOCK - 28, r["y"] + 11, "0x%x" % r["start"],
                     size=11, anchor="end", family=MONO, fill="#333")
        svg.text(X_BLOCK - 28, yy + 4, "0x%x" % rows[-1]["end"], size=11,
                 anchor="end", family=MONO, fill="#333")
        for f in faults:
            r = row_of(rows, f["iova"])
            placed.append((f, r, fault_y(r, f["iova"])))
        low = draw_faults(svg, placed, notes)
        y = max(yy + 20, low + 10)
    y = legend(svg, y + 20, owners_used, any_ro, bool(faults),
               blocks=bool(maps))

    height = int(y + 16)
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
            'viewBox="0 0 %d %d">\n<title>%s</title>\n'
            '<rect width="100%%" height="100%%" fill="#ffffff"/>'
            % (WIDTH, height, WIDTH, height,
               escape("DMA domain '%s' (%s)" % (dom["name"], mode))))
    out = [head]
    d = Svg()
    defs(d)
    out += d.parts
    out += svg.parts
    out.append("</svg>\n")
    return "\n".join(out)


def draw_empty(svg, dom, y):
    """No mapping of its own: shared mode (the EAL's container maps all
    DPDK memory), or a private domain with nothing mapped yet."""
    shared = dom["mode"] == "shared"
    y += 10
    if shared:
        lines = [("This domain maps nothing of its own.", 16, "bold"),
                 ("The device sits in the EAL's default VFIO container, "
                  "which maps ALL of DPDK's memory read-write:", 13, "normal"),
                 ("every mempool (mbuf headers included), every port's "
                  "rings and buffers, the whole DPDK heap.", 13, "normal"),
                 ("Only memory outside DPDK is out of its reach%s."
                  % (" (faults below)" if dom["recent_faults"] else ""),
                  13, "normal")]
    else:
        lines = [("No mappings: the device can reach nothing.", 16, "bold"),
                 ("(queues not set up yet, or the port closed)", 13,
                  "normal")]
    h = 22 + 24 * len(lines)
    svg.add('<rect class="everything" x="%d" y="%d" width="%d" height="%d" '
            'fill="%s" stroke="#333" stroke-width="1"/>'
            % (X_ADDR, y, WIDTH - 2 * X_ADDR, h,
               "#fbe3cf" if shared else "#f3f3f3"))
    ty = y + 30
    for s, size, weight in lines:
        svg.text(X_ADDR + 20, ty, s, size=size, weight=weight)
        ty += 24
    y += h + 24
    regs = dom.get("regions")
    if isinstance(regs, list) and regs:
        svg.text(X_ADDR, y, "Registered with the domain (recorded, not "
                 "mapped by it): %s" % ", ".join(str(r) for r in regs),
                 size=12, fill="#444")
        y += 26
    return y + 8


# ---------------------------------------------------------------------------

def main(argv=None):
    p = argparse.ArgumentParser(
        description="Draw the DMA domain of a net_ixguard port (the reply of "
        "the telemetry command %s,<port>) as an SVG memory map." % CMD)
    p.add_argument("input", nargs="?", help="the JSON reply (default: "
                   "standard input, unless --file-prefix is given)")
    p.add_argument("-o", "--output", help="SVG file (default: standard "
                   "output)")
    p.add_argument("--file-prefix", help="fetch the reply from the running "
                   "DPDK process with this --file-prefix")
    p.add_argument("--port", type=int, default=0, help="with --file-prefix: "
                   "the port (default 0)")
    p.add_argument("--save-json", help="with --file-prefix: also write the "
                   "reply to this file")
    p.add_argument("--note", action="append", default=[],
                   metavar="IOVA=TEXT", help="a line of text under the "
                   "fault at IOVA's 4 KiB page (what the device aimed at); "
                   "repeatable")
    args = p.parse_args(argv)
    notes = {}
    for n in args.note:
        a, eq, t = n.partition("=")
        if not eq or not HEX_RE.match(a.strip()) or not t.strip():
            p.error("--note %r: expected IOVA=TEXT" % n)
        notes[int(a.strip(), 0) & ~0xfff] = t.strip()
    if args.file_prefix and args.input:
        p.error("give either an input file or --file-prefix, not both")
    if args.port < 0:
        p.error("--port must be >= 0")
    prog = os.path.basename(sys.argv[0])
    try:
        if args.file_prefix:
            text = telemetry_query(args.file_prefix,
                                   "%s,%d" % (CMD, args.port))
            if args.save_json:
                with open(args.save_json, "w") as f:
                    f.write(text + "\n")
        elif args.input and args.input != "-":
            try:
                with open(args.input, encoding="utf-8") as f:
                    text = f.read()
            except OSError as e:
                raise BadInput("cannot read %s: %s" % (args.input,
                                                       e.strerror or e))
        else:
            text = sys.stdin.buffer.read().decode("utf-8")
        out = render(domain_of(parse_documents(text)), notes)
        if args.output:
            tmp = args.output + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(out)
            os.replace(tmp, args.output)
        else:
            sys.stdout.write(out)
    except BadInput as e:
        print("%s: %s" % (prog, e), file=sys.stderr)
        return 2
    except UnicodeDecodeError as e:
        print("%s: input is not UTF-8 text (%s)" % (prog, e), file=sys.stderr)
        return 2
    except OSError as e:
        print("%s: %s" % (prog, e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
