#!/usr/bin/env python3
"""Checks that every Swift target declares exactly the modules it imports.

SwiftPM's --explicit-target-dependency-import-check catches a target importing a module that
is not among its dependencies at all; this also catches the other half: a dependency declared
but never imported, and an import that only works because another dependency brings it in.
Reads the package from `swift package dump-package`; prints one line per problem.
"""
import glob
import json
import os
import re
import subprocess
import sys

# Modules of the toolchain itself, which need no declaration.
TOOLCHAIN = {
    "Darwin", "Dispatch", "Foundation", "FoundationEssentials", "FoundationNetworking", "Glibc",
    "Synchronization", "Testing", "XCTest", "_Concurrency", "RegexBuilder", "PackageDescription",
}
IMPORT = re.compile(
    r"^\s*(?:@[\w()]+\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|typealias)\s+)?(\w+)")


def imports_of(path):
    """The modules the Swift files under `path` import (outside string literals)."""
    found = set()
    for file in glob.glob(os.path.join(path, "**", "*.swift"), recursive=True):
        in_literal = False
        with open(file, encoding="utf-8") as source:
            for line in source:
                if line.count('"""') % 2 == 1:
                    in_literal = not in_literal
                    continue
                if in_literal:
                    continue
                match = IMPORT.match(line)
                if match:
                    found.add(match.group(1))
    return found


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    dump = subprocess.run(
        [os.environ.get("SWIFT", "swift"), "package", "dump-package"], cwd=root,
        capture_output=True, text=True, check=True)
    package = json.loads(dump.stdout)
    problems = []
    for target in package["targets"]:
        if target["type"] == "system":
            continue
        folder = "Tests" if target["type"] == "test" else "Sources"
        path = os.path.join(root, target.get("path") or os.path.join(folder, target["name"]))
        declared = set()
        for dependency in target["dependencies"]:
            for kind in ("byName", "target", "product"):
                if kind in dependency:
                    declared.add(dependency[kind][0])
        imported = imports_of(path) - TOOLCHAIN - {target["name"]}
        for name in sorted(imported - declared):
            problems.append(f"{target['name']} imports {name} but does not declare it")
        for name in sorted(declared - imported):
            problems.append(f"{target['name']} declares {name} but never imports it")
    for problem in problems:
        print(f"Package.swift: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
