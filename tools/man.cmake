# dossier.1 from the tool's help texts: help2man reads `dossier --help` and `--version`, and an
# included COMMANDS section holds each subcommand's own --help.
#   cmake -DHELP2MAN=help2man -DTOOL=path/to/dossier -DOUT=dossier.1 -P man.cmake
execute_process(COMMAND ${TOOL} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "dossier --help failed (${rc})")
endif()
# The subcommands are the lines "  name  description" under "Subcommands:".
string(REGEX MATCH "Subcommands:\n(.*)" listing "${help}")
string(REGEX MATCHALL "\n?  [a-z]+ " names "${CMAKE_MATCH_1}")
set(include "[COMMANDS]\n")
foreach(name IN LISTS names)
  string(STRIP "${name}" name)
  execute_process(COMMAND ${TOOL} ${name} --help OUTPUT_VARIABLE text RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "dossier ${name} --help failed (${rc})")
  endif()
  # roff: backslashes escaped, and no line may start with a control character.
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "\n([.'])" "\n\\\\&\\1" text "${text}")
  string(APPEND include ".SS ${name}\n.nf\n${text}\n.fi\n")
endforeach()
get_filename_component(dir ${OUT} DIRECTORY)
file(WRITE ${dir}/commands.h2m "${include}")
execute_process(COMMAND ${HELP2MAN} --no-info --section=1 "--name=a knowledge graph of entities, relations and their evidence"
                        --include=${dir}/commands.h2m --output=${OUT} ${TOOL}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed (${rc})")
endif()
