# Installs headers, the area libraries and an exported CMake package: find_package(nabla) -> nabla::nabla.
include(CMakePackageConfigHelpers)
get_property(areas GLOBAL PROPERTY NABLA_AREAS)
install(DIRECTORY include/nabla DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS ${areas} nabla nabla_warnings EXPORT nablaTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS nabla_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT nablaTargets NAMESPACE nabla:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/nabla)
configure_package_config_file(cmake/nablaConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/nablaConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/nabla)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/nablaConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/nablaConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/nablaConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/nabla)
