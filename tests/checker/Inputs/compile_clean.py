#!/usr/bin/env python3
"""Compiles every runtime header and every sample extension with the checker
and fails unless each compiles with no diagnostic at all.

usage: compile_clean.py IUCC RUNTIME_INCLUDE SAMPLES_DIR WORK_DIR
"""
import os
import pathlib
import subprocess
import sys


def check(iucc, source, failures, flags=()):
    proc = subprocess.run([iucc, "-fsyntax-only", *flags, str(source)], capture_output=True,
                          text=True)
    if proc.returncode != 0 or proc.stderr.strip():
        failures.append(f"{source}: exit {proc.returncode}\n{proc.stderr}")
        print(f"FAIL {source}")
    else:
        print(f"clean {source}")


def main():
    iucc, runtime_include, samples, work = sys.argv[1:5]
    work = pathlib.Path(work)
    work.mkdir(parents=True, exist_ok=True)
    failures = []

    headers = sorted(pathlib.Path(runtime_include, "iu").glob("*.h"))
    if not headers:
        sys.exit(f"no runtime headers under {runtime_include}")
    for header in headers:
        main_file = work / f"include-{header.stem}.cpp"
        main_file.write_text(f"#include <iu/{header.name}>\n")
        check(iucc, main_file, failures)

    # Extensions are the samples that include the runtime; the others (such
    # as tracex5_user.cpp) are host programs built against libiu.
    extensions = [p for p in sorted(pathlib.Path(samples).rglob("*.cpp"))
                  if "#include <iu/iu.h>" in p.read_text()]
    if not extensions:
        sys.exit(f"no sample extensions under {samples}")
    # Samples share samples/common (the generated vmlinux.hpp), as their
    # build does with -I.
    common = ["-I", str(pathlib.Path(samples, "common"))]
    for source in extensions:
        check(iucc, source, failures, common)

    if failures:
        sys.stderr.write("\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
