#!/usr/bin/env python3
"""Writes an extension that includes <iu/tracepoints.h> and calls every
accessor of every generated tracepoint context, so that each one is
instantiated (an accessor never called is never compiled past parsing).

usage: use_every_accessor.py RUNTIME_INCLUDE OUT.cpp
"""
import pathlib
import re
import sys


def main():
    include, out = sys.argv[1:3]
    tp = pathlib.Path(include, "iu", "tp")
    headers = sorted(tp.glob("*.h"))
    if not headers:
        sys.exit(f"no generated headers under {tp}")
    lines = ["#include <iu/iu.h>", "#include <iu/tracepoints.h>", ""]
    events = accessors = 0
    for header in headers:
        category = header.stem
        event = None
        calls = []
        for line in header.read_text().splitlines():
            m = re.match(r"struct (\w+) : ::iu::tracepoint_ctx \{", line)
            if m:
                event, calls = m.group(1), []
                continue
            m = re.match(r"  template <int = 0> .* (\w+)\(\) const \{", line)
            if m:
                calls.append(m.group(1))
                continue
            if line == "};" and event:
                name = f"use_{category}_{event}"
                lines.append(f"static int {name}(const ::iu::tp::{category}::{event} &ctx) {{")
                lines.append("  ::iu::u64 n = ctx.record_size() + ctx.common_pid();")
                for c in calls:
                    lines.append(f"  n += sizeof(ctx.{c}());")
                    lines.append(f"  (void)ctx.{c}();")
                lines.append("  return static_cast<int>(n & 1);")
                lines.append("}")
                lines.append(f"IU_TRACEPOINT({category}, {event}, {name});")
                events += 1
                accessors += len(calls)
                event = None
    pathlib.Path(out).write_text("\n".join(lines) + "\n")
    print(f"{events} events, {accessors} accessors")


if __name__ == "__main__":
    main()
