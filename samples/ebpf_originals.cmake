# The eBPF originals of the samples, which the VM tests run beside the iu
# ports (tests/vm/Inputs/guest_checks.sh). iu_ebpf_original(NAME LOADER):
# samples/NAME/ebpf/NAME.bpf.c compiled with clang -target bpf into
# bin/NAME.bpf.o, and its libbpf loader LOADER (in the same folder) as
# bin/NAME_ebpf; iu-vm packs bin/ into its initramfs.
pkg_check_modules(LIBBPF REQUIRED IMPORTED_TARGET libbpf)

function(iu_ebpf_original name loader)
  set(dir ${PROJECT_SOURCE_DIR}/samples/${name}/ebpf)
  set(obj ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/${name}.bpf.o)
  add_custom_command(OUTPUT ${obj}
    COMMAND ${IU_CLANG} -target bpf -O2 -g -D__TARGET_ARCH_x86
            -I/usr/include/${CMAKE_LIBRARY_ARCHITECTURE}
            -c ${dir}/${name}.bpf.c -o ${obj}
    DEPENDS ${dir}/${name}.bpf.c
    COMMENT "Compiling the eBPF ${name} original")
  add_custom_target(${name}_bpf ALL DEPENDS ${obj})
  add_executable(${name}_ebpf ${dir}/${loader})
  target_link_libraries(${name}_ebpf PRIVATE PkgConfig::LIBBPF)
  add_dependencies(${name}_ebpf ${name}_bpf)
endfunction()
