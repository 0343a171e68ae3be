# Installation (GNUInstallDirs) and the Debian package (CPack DEB, dependencies by dpkg-shlibdeps).
include(GNUInstallDirs)

install(TARGETS phaselab phaselab-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PHASELAB_SOURCE_DIR}/resources/demo.flac DESTINATION ${CMAKE_INSTALL_DATADIR}/phaselab)
# The import tour's raw pair (README, "Import a raw pair"), to try the import dialog on.
install(DIRECTORY ${PHASELAB_SOURCE_DIR}/resources/import_tour DESTINATION ${CMAKE_INSTALL_DATADIR}/phaselab)
if(EXISTS ${PHASELAB_SOURCE_DIR}/resources/lessons)
  install(DIRECTORY ${PHASELAB_SOURCE_DIR}/resources/lessons DESTINATION ${CMAKE_INSTALL_DATADIR}/phaselab)
endif()
install(FILES ${PHASELAB_SOURCE_DIR}/resources/desktop/org.phaselab.PhaseLab.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PHASELAB_SOURCE_DIR}/resources/desktop/org.phaselab.PhaseLab.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${PHASELAB_SOURCE_DIR}/resources/desktop/org.phaselab.PhaseLab.mime.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages RENAME org.phaselab.PhaseLab.xml)
install(FILES ${PHASELAB_SOURCE_DIR}/resources/icons/org.phaselab.PhaseLab.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${PHASELAB_SOURCE_DIR}/resources/icons/org.phaselab.PhaseLab-256.png
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/256x256/apps RENAME org.phaselab.PhaseLab.png)
install(FILES ${PHASELAB_SOURCE_DIR}/resources/icons/org.phaselab.PhaseLab-64.png
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/64x64/apps RENAME org.phaselab.PhaseLab.png)
install(FILES ${PHASELAB_SOURCE_DIR}/resources/completion/phaselab-cli
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
# Debian's place for the machine-readable copyright file (every dependency's licence) and the licence.
install(FILES ${PHASELAB_SOURCE_DIR}/cmake/debian/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/phaselab)

# The man page is generated from phaselab-cli --help by Debian's help2man when it is installed.
find_program(HELP2MAN_EXECUTABLE help2man)
if(HELP2MAN_EXECUTABLE AND NOT PHASELAB_SANITIZE)
  set(PHASELAB_MAN_PAGE ${CMAKE_BINARY_DIR}/phaselab-cli.1)
  add_custom_command(OUTPUT ${PHASELAB_MAN_PAGE}
    COMMAND ${HELP2MAN_EXECUTABLE} --no-info --no-discard-stderr
            --name "inspect, analyse, guess and reconstruct spectrograms"
            --output ${PHASELAB_MAN_PAGE} $<TARGET_FILE:phaselab-cli>
    DEPENDS phaselab-cli VERBATIM)
  add_custom_target(phaselab_man_page ALL DEPENDS ${PHASELAB_MAN_PAGE})
  install(FILES ${PHASELAB_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME phaselab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "PhaseLab developers <phaselab@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Workbench for turning spectrograms back into sound")
set(CPACK_PACKAGE_DESCRIPTION "Phase retrieval (Griffin-Lim, FGLA, RTISI-LA, SPSI, PGHI and newer methods), forensic guessing of how a spectrogram dump was made, and lessons on why phase matters; a Qt 6 workbench and the phaselab-cli tool.")
set(CPACK_DEBIAN_PACKAGE_SECTION sound)
set(CPACK_RESOURCE_FILE_LICENSE ${PHASELAB_SOURCE_DIR}/LICENSE)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(PHASELAB_PYTHON)
  # The Python module needs numpy at import; the programs do not, so it is a recommendation.
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3, python3-numpy")
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
