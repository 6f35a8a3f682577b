# Compiles SOURCE and requires the compiler to reject it with a message matching EXPECT.
execute_process(COMMAND ${COMPILER} -std=c++20 -fsyntax-only ${INCLUDES} ${SOURCE}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but the type system should reject it")
endif()
if(NOT err MATCHES "${EXPECT}")
  message(FATAL_ERROR "${SOURCE} failed for another reason than '${EXPECT}':\n${err}")
endif()
message(STATUS "rejected as expected")
