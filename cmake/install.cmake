# `cmake --install BUILD [--prefix P]`: the binary, the systemd unit with its sysusers.d and
# tmpfiles.d snippets, the man pages, the README and examples, and /etc/vigil/vigil.toml when
# there is none. The .deb (cmake/package.cmake) is made of the same files with prefix /usr.
include(GNUInstallDirs)

install(TARGETS vigil RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# systemd reads units, sysusers.d and tmpfiles.d from both /usr/lib and /usr/local/lib: lib/
# under the prefix (CMAKE_INSTALL_LIBDIR is lib/x86_64-linux-gnu on Debian).
install(FILES systemd/vigil.service DESTINATION lib/systemd/system)
install(FILES systemd/vigil.sysusers DESTINATION lib/sysusers.d RENAME vigil.conf)
install(FILES systemd/vigil.tmpfiles DESTINATION lib/tmpfiles.d RENAME vigil.conf)

install(FILES ${PROJECT_BINARY_DIR}/man/vigil.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_BINARY_DIR}/man/vigil.toml.5.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)

install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES config/examples/vigil.toml config/examples/demo.toml
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(DIRECTORY config/examples/feeds DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# The rest runs at install time, when --prefix and DESTDIR are known.
install(CODE "
  set(vigil_source_dir \"${PROJECT_SOURCE_DIR}\")
  set(vigil_bindir \"${CMAKE_INSTALL_BINDIR}\")")

# The unit is installed as it is, with ExecStart=/usr/bin/vigil. Under another prefix a
# drop-in points ExecStart at that prefix's binary, with the unit's own arguments.
install(CODE [[
  if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
    file(STRINGS "${vigil_source_dir}/systemd/vigil.service" exec_start REGEX "^ExecStart=")
    string(REPLACE "=/usr/bin/vigil " "=${CMAKE_INSTALL_PREFIX}/${vigil_bindir}/vigil "
           exec_start "${exec_start}")
    set(dropin "${CMAKE_INSTALL_PREFIX}/lib/systemd/system/vigil.service.d/install-prefix.conf")
    message(STATUS "Installing: $ENV{DESTDIR}${dropin}")
    file(WRITE "$ENV{DESTDIR}${dropin}"
         "# Written by cmake --install: the binary is not /usr/bin/vigil under this prefix.\n"
         "[Service]\nExecStart=\n${exec_start}\n")
    list(APPEND CMAKE_INSTALL_MANIFEST_FILES "$ENV{DESTDIR}${dropin}")
  endif()
]])

# /etc/vigil/vigil.toml, where vigil and the unit look whatever the prefix, only when there
# is none: an edited configuration is never overwritten. In a package it is a conffile.
install(CODE [[
  set(config "$ENV{DESTDIR}/etc/vigil/vigil.toml")
  if(EXISTS "${config}")
    message(STATUS "Keeping: ${config}")
  else()
    # A user's install (--prefix ~/.local) cannot write /etc: say so instead of failing.
    set(parent "$ENV{DESTDIR}/etc/vigil")
    while(NOT EXISTS "${parent}" AND NOT parent STREQUAL "")
      get_filename_component(parent "${parent}" DIRECTORY)
    endwhile()
    if(parent STREQUAL "")
      set(parent .)   # a relative DESTDIR that does not exist yet
    endif()
    execute_process(COMMAND test -w "${parent}" RESULT_VARIABLE not_writable)
    if(not_writable)
      message(WARNING "Not installed: ${config} (cannot write ${parent}); as root, copy "
                      "${vigil_source_dir}/config/examples/vigil.toml there")
    else()
      file(INSTALL DESTINATION "/etc/vigil" TYPE FILE FILES
           "${vigil_source_dir}/config/examples/vigil.toml")
    endif()
  endif()
]])

# Installed for real (no DESTDIR) by root: create the user and the state directory now, as
# the package's postinst does, so that `systemctl enable --now vigil` works next.
install(CODE [[
  execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
  if("$ENV{DESTDIR}" STREQUAL "" AND uid STREQUAL "0")
    find_program(sysusers systemd-sysusers)
    find_program(tmpfiles systemd-tmpfiles)
    if(sysusers AND tmpfiles)
      message(STATUS "Creating the vigil user and /var/lib/vigil (systemd-sysusers, systemd-tmpfiles)")
      execute_process(COMMAND ${sysusers} "${CMAKE_INSTALL_PREFIX}/lib/sysusers.d/vigil.conf")
      execute_process(COMMAND ${tmpfiles} --create "${CMAKE_INSTALL_PREFIX}/lib/tmpfiles.d/vigil.conf")
    endif()
  endif()
]])
