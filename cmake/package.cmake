# `cpack -G DEB` in the build directory: vigil_<version>-1_<arch>.deb for Debian 12, made of
# what cmake/install.cmake installs under /usr, with /etc/vigil/vigil.toml as a conffile and
# the maintainer scripts in packaging/deb/. Dependencies come from dpkg-shlibdeps.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME vigil)
set(CPACK_PACKAGE_VENDOR vigil)
set(CPACK_PACKAGE_CONTACT "vigil maintainers <vigil@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "news monitor: topic alerts from RSS, Atom and web pages")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "\
vigil polls RSS, Atom and JSON feeds, HTML pages and sitemaps, matches new items
against topic queries in several languages, collapses duplicates of one story and
delivers alerts by email (SMTP) and webhooks (Slack, Discord, Teams, Mattermost, ntfy,
Telegram, Matrix). It runs as a hardened systemd service (vigil.service).")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)

# Install with DESTDIR into the staging tree: /etc/vigil/vigil.toml is an absolute
# destination, and without DESTDIR it would be written to this machine's /etc.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/deb/conffiles
    ${PROJECT_SOURCE_DIR}/packaging/deb/postinst
    ${PROJECT_SOURCE_DIR}/packaging/deb/prerm
    ${PROJECT_SOURCE_DIR}/packaging/deb/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
