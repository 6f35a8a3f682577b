# Runs the consumer project: MODE=find_package installs dossier into a staging prefix first;
# MODE=add_subdirectory builds dossier from source inside the consumer.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE ${WORK_DIR})
set(build ${WORK_DIR}/build)

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGV}")
  endif()
endfunction()

if(MODE STREQUAL "find_package")
  set(prefix ${WORK_DIR}/staging)
  run(${CMAKE_COMMAND} --install ${DOSSIER_BUILD_DIR} --prefix ${prefix})
  if(NOT EXISTS ${prefix}/lib/cmake/dossier/dossierConfig.cmake)
    message(FATAL_ERROR "install did not produce lib/cmake/dossier/dossierConfig.cmake")
  endif()
  run(${CMAKE_COMMAND} -S ${CONSUMER_SOURCE} -B ${build} -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
      -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE} -DCMAKE_PREFIX_PATH=${prefix})
else()
  run(${CMAKE_COMMAND} -S ${CONSUMER_SOURCE} -B ${build} -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
      -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE} -DDOSSIER_SOURCE_DIR=${DOSSIER_SOURCE_DIR})
endif()
run(${CMAKE_COMMAND} --build ${build} -j2)
run(${build}/consumer)
