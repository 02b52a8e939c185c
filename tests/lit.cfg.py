# lit configuration for every iu test. Tests live under tests/<area>/ in the
# source tree and run against the tools in the build tree.
import os
import sys
import lit.formats

config.name = "iu"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".test", ".cpp", ".c", ".sh"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.iu_obj_root, "tests")

bindir = os.path.join(config.iu_obj_root, "bin")
# lit needs PATH to find not, FileCheck and our tools.
config.environment["PATH"] = os.pathsep.join(
    [bindir, config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])
# Keep tests away from the real user's keys and trust store.
config.environment["HOME"] = os.path.join(config.test_exec_root, "home")
os.makedirs(config.environment["HOME"], exist_ok=True)
config.environment["XDG_CONFIG_HOME"] = os.path.join(config.environment["HOME"], ".config")

config.substitutions.append(("%iucc", os.path.join(bindir, "iu-cc")))
config.substitutions.append(("%iuload", os.path.join(bindir, "iu-load")))
config.substitutions.append(("%iusign", os.path.join(bindir, "iu-sign")))
config.substitutions.append(("%iubtf", os.path.join(bindir, "iu-btf")))
config.substitutions.append(("%clang", config.iu_clang))
config.substitutions.append(("%bindir", bindir))
config.substitutions.append(("%unitdir", os.path.join(config.iu_obj_root, "tests", "unit")))
config.substitutions.append(("%srcroot", config.iu_src_root))
config.substitutions.append(("%samples", os.path.join(config.iu_src_root, "samples")))
config.substitutions.append(("%runtime_include", os.path.join(config.iu_obj_root, "share", "iu", "include")))
config.substitutions.append(("%python", sys.executable))


# A cgroup v2 hierarchy is mounted (tests/e2e/cgroup-id.test compares
# iu::current_cgroup_id() with its directory's inode number).
try:
    with open("/proc/self/mountinfo") as f:
        if any(" - cgroup2 " in line for line in f):
            config.available_features.add("cgroup2")
except OSError:
    pass

# tests/vm/lit.local.cfg puts its tests in this group: they run one at a time.
lit_config.parallelism_groups["iu-vm"] = 1
