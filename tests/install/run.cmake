# ctest InstallAndFindPackage: `cmake --install` into a fresh prefix, check
# what lands there, then configure, build and run tests/install/ against it.
# -D: BUILD_DIR, SOURCE_DIR (tests/install), WORK_DIR, EXAMPLE, CXX_FLAGS.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${ARGV}: exit ${code}\n${out}${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(file bin/numaplan share/man/man1/numaplan.1 share/bash-completion/completions/numaplan
             share/zsh/vendor-completions/_numaplan share/numaplan/schemas/topology.schema.json
             share/doc/numaplan/LICENSE include/numaplan/version.h include/numaplan/source/load.h
             lib/libnumaplan.a lib/cmake/numaplan/numaplanConfig.cmake lib/cmake/numaplan/numaplanConfigVersion.cmake)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "cmake --install wrote no ${file}")
  endif()
endforeach()

run(${prefix}/bin/numaplan --version)
set(version "${out}")

run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/consumer -G Ninja -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${CXX_FLAGS}")
run(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer)
run(${WORK_DIR}/consumer/consumer ${EXAMPLE})
set(expected "SRAT\nSLIT\nCEDT\n${version}")
if(NOT out STREQUAL expected)
  message(FATAL_ERROR "consumer printed\n${out}\nexpected\n${expected}")
endif()
message(STATUS "installed, found by find_package(numaplan), ran:\n${out}")
