# The installed tool starts from any prefix when the library is shared (issue 16: bin/dossier had
# no RUNPATH, so it could not find libdossier.so outside the build tree). Builds dossier with
# BUILD_SHARED_LIBS (the library and the tool only), installs it to a staging prefix, requires
# bin/dossier's RUNPATH to hold $ORIGIN/../lib, and runs it with nothing on LD_LIBRARY_PATH.
#   cmake -DSOURCE=dossier -DWORK=dir -DCXX=g++ -P installed_shared.cmake
function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGV}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

# The build tree is kept between runs, so that a second run rebuilds only what changed.
set(prefix ${WORK}/prefix)
file(REMOVE_RECURSE ${prefix})
run(${CMAKE_COMMAND} -S ${SOURCE} -B ${WORK}/build -G Ninja -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=Release
    -DBUILD_SHARED_LIBS=ON -DDOSSIER_BUILD_TOOLS=ON -DDOSSIER_INSTALL=ON
    -DDOSSIER_BUILD_TESTS=OFF -DDOSSIER_BUILD_EXAMPLES=OFF -DDOSSIER_BUILD_BENCHMARKS=OFF)
run(${CMAKE_COMMAND} --build ${WORK}/build -j2)
run(${CMAKE_COMMAND} --install ${WORK}/build --prefix ${prefix})

set(tool ${prefix}/bin/dossier)
file(GLOB libraries ${prefix}/lib*/libdossier.so* ${prefix}/lib/*/libdossier.so*)
if(NOT libraries)
  message(FATAL_ERROR "no shared libdossier was installed under ${prefix}")
endif()
find_program(READELF readelf)
if(READELF)
  run(${READELF} -d ${tool})
  if(NOT out MATCHES "RUNPATH[^\n]*\\$ORIGIN/\\.\\./lib")
    message(FATAL_ERROR "bin/dossier has no RUNPATH $ORIGIN/../lib:\n${out}")
  endif()
endif()
run(${CMAKE_COMMAND} -E env --unset=LD_LIBRARY_PATH ${tool} --version)
if(NOT out MATCHES "^dossier [0-9]+\\.[0-9]+\\.[0-9]+")
  message(FATAL_ERROR "the installed bin/dossier --version printed:\n${out}")
endif()
find_program(HELP2MAN help2man)
if(HELP2MAN AND NOT EXISTS ${prefix}/share/man/man1/dossier.1)
  message(FATAL_ERROR "help2man is installed, but no man page was: share/man/man1/dossier.1")
endif()
message(STATUS "the installed bin/dossier starts from ${prefix}: ${out}")
