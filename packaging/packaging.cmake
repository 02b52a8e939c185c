# Debian packages (docs/install.md), built by `cpack` in the build tree,
# `ninja -C build package`, or scripts/package:
#
#   iu_<version>_amd64.deb       the tools, the image runtime and plugins,
#                                libiu with its headers and pkg-config file,
#                                the documentation, bash completion, a
#                                systemd unit that loads iu.ko and its trust
#   iu-dkms_<version>_all.deb    iu.ko's sources in /usr/src/iu-<version>/
#                                with a dkms.conf: DKMS builds the module
#                                for every installed kernel
#
# The iu package is the `cmake --install` tree under /usr (component iu);
# the rest is only installed by a component install (EXCLUDE_FROM_ALL), so
# that `cmake --install --prefix P` stays the relocatable toolchain.

# What the iu package adds to a plain install: documentation, the copyright
# file Debian wants, the systemd unit (absolute /usr paths, so not part of a
# relocatable install).
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION share/doc/iu COMPONENT iu EXCLUDE_FROM_ALL)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION share/doc/iu/docs COMPONENT iu
  EXCLUDE_FROM_ALL FILES_MATCHING PATTERN "*.md")
install(FILES ${CMAKE_CURRENT_LIST_DIR}/copyright DESTINATION share/doc/iu COMPONENT iu EXCLUDE_FROM_ALL)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/iu-trust.service DESTINATION lib/systemd/system
  COMPONENT iu EXCLUDE_FROM_ALL)

# CPACK_STRIP_FILES strips what install(TARGETS) installs; the plugins and
# the host libraries are installed as files (from the build tree's layout),
# so the package strips them here. The image runtime (libiu_rt.a) is left
# as it is: it becomes part of every image.
install(CODE [[
  if(CMAKE_INSTALL_DO_STRIP)
    set(dir "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}")
    foreach(f lib/iu/libiu-checker.so lib/iu/libiu-passes.so)
      execute_process(COMMAND strip --strip-unneeded "${dir}/${f}" COMMAND_ERROR_IS_FATAL ANY)
    endforeach()
    foreach(f lib/libiu.a lib/libiu_image.a lib/libiu_signer.a lib/libiu_trace_format.a)
      execute_process(COMMAND strip --strip-debug "${dir}/${f}" COMMAND_ERROR_IS_FATAL ANY)
    endforeach()
  endif()
]] COMPONENT iu EXCLUDE_FROM_ALL)

# iu-dkms: the staged module sources (kernel/CMakeLists.txt) and dkms.conf.
set(IU_DKMS_DIR src/iu-${PROJECT_VERSION})
configure_file(${CMAKE_CURRENT_LIST_DIR}/dkms.conf.in ${CMAKE_BINARY_DIR}/packaging/dkms.conf @ONLY)
configure_file(${CMAKE_CURRENT_LIST_DIR}/iu-dkms.postinst.in ${CMAKE_BINARY_DIR}/packaging/dkms/postinst
  @ONLY FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ
  WORLD_EXECUTE)
configure_file(${CMAKE_CURRENT_LIST_DIR}/iu-dkms.prerm.in ${CMAKE_BINARY_DIR}/packaging/dkms/prerm
  @ONLY FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ
  WORLD_EXECUTE)
install(DIRECTORY ${IU_SHAREDIR}/kernel-src/ DESTINATION ${IU_DKMS_DIR} COMPONENT dkms EXCLUDE_FROM_ALL)
install(FILES ${CMAKE_BINARY_DIR}/packaging/dkms.conf DESTINATION ${IU_DKMS_DIR} COMPONENT dkms
  EXCLUDE_FROM_ALL)
install(PROGRAMS ${CMAKE_CURRENT_LIST_DIR}/dkms-check-headers DESTINATION ${IU_DKMS_DIR}
  COMPONENT dkms EXCLUDE_FROM_ALL)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/copyright DESTINATION share/doc/iu-dkms COMPONENT dkms
  EXCLUDE_FROM_ALL)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME iu)
set(CPACK_PACKAGE_VENDOR "The iu project")
set(CPACK_PACKAGE_CONTACT "The iu project <maintainers@iu.invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL iu dkms)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

set(CPACK_DEBIAN_IU_PACKAGE_NAME iu)
set(CPACK_DEBIAN_IU_PACKAGE_ARCHITECTURE amd64)
# iu-cc runs clang-19 and ld.lld-19 with iu's plugins (which link against
# LLVM 19); the tools use OpenSSL 3, libelf and libbpf. The -dev packages
# are for linking programs of one's own against libiu (pkg-config iu).
set(CPACK_DEBIAN_IU_PACKAGE_DEPENDS
  "libc6 (>= 2.36), libstdc++6 (>= 12), libgcc-s1, libssl3, libelf1, libbpf1, zlib1g, clang-19, lld-19, libllvm19, libclang-cpp19, python3")
set(CPACK_DEBIAN_IU_PACKAGE_RECOMMENDS "iu-dkms (= ${PROJECT_VERSION}), libbpf-dev, libelf-dev, libssl-dev")
# iu-vm boots Debian kernels under QEMU and builds iu.ko for them.
set(CPACK_DEBIAN_IU_PACKAGE_SUGGESTS "qemu-system-x86, busybox-static, cpio, make, gcc-12, bash-completion")
set(CPACK_DEBIAN_IU_DESCRIPTION
  "safe C++ kernel extensions: iu-cc, iu-load, iu-sign, iu, iu-vm
iu compiles extensions written in a checked subset of C++ into signed
images and runs them in the kernel (iu.ko, package iu-dkms) or in user
space. This package has the tools, the image runtime and compiler
plugins, libiu with its headers and pkg-config file, and the documentation.")

set(CPACK_DEBIAN_DKMS_PACKAGE_NAME iu-dkms)
set(CPACK_DEBIAN_DKMS_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_DKMS_PACKAGE_DEPENDS "dkms (>= 3), make")
set(CPACK_DEBIAN_DKMS_PACKAGE_RECOMMENDS "linux-headers-amd64 | linux-headers, gcc-12")
set(CPACK_DEBIAN_DKMS_PACKAGE_SECTION kernel)
set(CPACK_DEBIAN_DKMS_PACKAGE_CONTROL_EXTRA
  ${CMAKE_BINARY_DIR}/packaging/dkms/postinst ${CMAKE_BINARY_DIR}/packaging/dkms/prerm)
set(CPACK_DEBIAN_DKMS_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_DKMS_DESCRIPTION
  "iu.ko, the iu kernel module, as DKMS source
The sources of iu.ko in /usr/src/iu-${PROJECT_VERSION} with a dkms.conf:
DKMS builds and installs the module for the running kernel and every
kernel installed later (their headers are needed).")

include(CPack)
