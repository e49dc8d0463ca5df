#!/usr/bin/env python3
"""Collect every case's kernel verdicts (out/<kernel>/layout.txt) into one Markdown page.

Usage: summarize.py [CASES_DIR] > SUMMARY.md   (CASES_DIR defaults to this script's directory)

Per case: the node masks, per-node CPUs, MemTotal and distances for each kernel, a note when the
kernels differ, and the NUMA-relevant dmesg lines (timestamps stripped) of each kernel.
"""
import os
import re
import sys

MASKS = ("possible", "online", "has_memory", "has_cpu", "has_generic_initiator")
# dmesg lines that show a NUMA decision (the layout.txt dmesg filter is wider than this)
KEY_LINE = re.compile(r"SRAT|SLIT|CFMWS|CEDT|NUMA|numa|Faking a node|proximity|memblk|"
                      r"Fallback order|Initmem setup node|nodes only cover|no nodes coverage|"
                      r"Invalid zero length|overlaps with|hole|node_possible|Node \d+ |as memoryless|memblk ranges|nr_node_ids")
NOISE = re.compile(r"Reserving .* table memory|mempolicy: Enabling automatic NUMA balancing|"
                   r"Unknown NUMA node; performance|Early table checksum")
CPU_LINE = re.compile(r"SRAT: PXM \d+ -> (APIC|SAPIC|x2APIC)")
TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\] ")


def read_layout(path):
    """Return ({key: value} for the oracle block, [dmesg lines without timestamps])."""
    values, dmesg, in_dmesg = {}, [], False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line == "--- dmesg ---":
                in_dmesg = True
            elif in_dmesg:
                dmesg.append(TIMESTAMP.sub("", line))
            elif ": " in line or line.endswith(":"):
                key, _, value = line.partition(":")
                values[key] = value.strip()
    return values, dmesg


def node_ids(values):
    return sorted({int(m.group(1)) for k in values for m in [re.match(r"node(\d+)\.", k)] if m})


def verdict_rows(values):
    rows = [f"{m}: `{values.get(m, '?') or '-'}`" for m in MASKS]
    for n in node_ids(values):
        rows.append(f"node{n}: cpus `{values.get(f'node{n}.cpulist', '') or '-'}`, "
                    f"MemTotal {values.get(f'node{n}.MemTotal_kB', '?')} kB, "
                    f"distance `{values.get(f'node{n}.distance', '?')}`")
    return rows


def comparable(values):
    """The verdict without MemTotal (it differs between kernels by their own memory use)."""
    return {k: v for k, v in values.items()
            if not k.endswith("MemTotal_kB") and k not in ("kernel", "cmdline")}


def key_lines(dmesg):
    return [l for l in dmesg if KEY_LINE.search(l) and not NOISE.search(l)]


def shortened(lines, head=30, tail=10):
    """Very long lists (case 49 has thousands of SRAT lines) keep their head and tail."""
    if len(lines) <= head + tail + 1:
        return lines
    return lines[:head] + [f"... ({len(lines) - head - tail} lines left out; see layout.txt) ..."] + lines[-tail:]


def summarize_case(case_dir):
    name = os.path.basename(case_dir)
    out = os.path.join(case_dir, "out")
    kernels = sorted(k for k in os.listdir(out) if os.path.isfile(os.path.join(out, k, "layout.txt"))) \
        if os.path.isdir(out) else []
    lines = [f"## {name}", ""]
    gen = os.path.join(case_dir, "gen.py")
    if os.path.exists(gen):
        doc = re.search(r'"""(.*?)"""', open(gen, encoding="utf-8").read(), re.S)
        if doc:
            lines += [f"Probe: {doc.group(1).strip()}", ""]
    cmdline = os.path.join(case_dir, "cmdline")
    if os.path.exists(cmdline):
        lines += [f"Extra kernel command line: `{open(cmdline).read().strip()}`", ""]
    if not kernels:
        return lines + ["(no kernel verdict recorded)", ""]
    parsed = {k: read_layout(os.path.join(out, k, "layout.txt")) for k in kernels}
    same = len({repr(sorted(comparable(v).items())) for v, _ in parsed.values()}) == 1
    lines += ["Masks and distances: " + ("**same on all kernels**" if same else "**KERNELS DIFFER**"), ""]
    for k in kernels:
        values, dmesg = parsed[k]
        lines.append(f"* **{k}**: " + "; ".join(verdict_rows(values)))
    lines.append("")
    for k in kernels:
        lines += [f"{k} key dmesg lines:", "", "```"] + shortened(key_lines(parsed[k][1])) + ["```", ""]
    if len(kernels) == 2:
        lines += dmesg_differences(kernels, [key_lines(parsed[k][1]) for k in kernels])
    return lines


def dmesg_differences(kernels, key_line_lists):
    """Key lines only one kernel printed, apart from 6.1's CPU lines (6.12 makes them pr_debug)."""
    only = [[l for l in a if l not in b and not CPU_LINE.match(l)]
            for a, b in ((key_line_lists[0], key_line_lists[1]), (key_line_lists[1], key_line_lists[0]))]
    if not any(only):
        return ["Key dmesg lines: same on both kernels (apart from 6.1's `SRAT: PXM n -> APIC` lines).", ""]
    out = ["Key dmesg lines printed by one kernel only (apart from 6.1's `SRAT: PXM n -> APIC` lines):", ""]
    for k, lines in zip(kernels, only):
        out += [f"* only {k}: " + (", ".join(f"`{l.strip()}`" for l in shortened(lines, 20, 5)) or "none")]
    return out + [""]


def complete(case_dir, kernel):
    """meta.txt's `complete:` value: `no` means the guest never finished (it panicked)."""
    try:
        with open(os.path.join(case_dir, "out", kernel, "meta.txt")) as f:
            return next((l.split(":", 1)[1].strip() for l in f if l.startswith("complete:")), "?")
    except OSError:
        return "?"


def overview(root, cases):
    """One row per case and kernel: masks, distance rows (joined by ' / ') and completion."""
    rows = ["| case | kernel | possible | online | has_memory | has_cpu | has_gi | distances | complete |",
            "|---|---|---|---|---|---|---|---|---|"]
    for c in cases:
        out = os.path.join(root, c, "out")
        kernels = sorted(k for k in os.listdir(out) if os.path.isdir(os.path.join(out, k))) \
            if os.path.isdir(out) else []
        for k in kernels:
            layout = os.path.join(out, k, "layout.txt")
            values = read_layout(layout)[0] if os.path.exists(layout) else {}
            dist = " / ".join(values.get(f"node{n}.distance", "?") for n in node_ids(values))
            cells = [values.get(m, "") or "-" for m in MASKS]
            rows.append(f"| {c} | {k} | " + " | ".join(cells) + f" | {dist or '-'} | {complete(os.path.join(root, c), k)} |")
    return rows


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    cases = sorted(d for d in os.listdir(root)
                   if re.match(r"\d\d-", d) and os.path.isdir(os.path.join(root, d)))
    print("# Kernel verdicts for tests/kernel/cases\n")
    print("Generated by `summarize.py` from each case's `out/<kernel>/layout.txt`; do not edit by hand.")
    print("Distances: one `nodeN.distance` row per online node, rows separated by ` / `. "
          "`complete: no` means the guest panicked (layout.txt is empty).\n")
    print("\n".join(overview(root, cases)) + "\n")
    for c in cases:
        print("\n".join(summarize_case(os.path.join(root, c))))


if __name__ == "__main__":
    main()
