# CMake scripts run by tests (cmake -P), kept out of tests/cli/*.cmake, which tests/CMakeLists.txt includes.
# cmake -DGREENFAB=... -DDIR=... -DMODEL=... -P report_same_as_run.cmake
# `greenfab report run.h5` must print the tables `greenfab run` printed when it wrote run.h5.
file(MAKE_DIRECTORY ${DIR})
execute_process(COMMAND ${GREENFAB} run ${MODEL} --reps 3 --warmup 4h --horizon 2d -q -o ${DIR}/run.h5
                OUTPUT_VARIABLE run_out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "greenfab run failed (${rc}):\n${run_out}")
endif()
string(REGEX REPLACE "results written to [^\n]*\n" "" run_out "${run_out}")
execute_process(COMMAND ${GREENFAB} report ${DIR}/run.h5 OUTPUT_VARIABLE report_out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "greenfab report failed (${rc}): ${err}")
endif()
if(NOT run_out STREQUAL report_out)
  message(FATAL_ERROR "report differs from the run's table\n--- run:\n${run_out}\n--- report:\n${report_out}")
endif()
if(NOT report_out MATCHES "throughput_per_h" OR NOT report_out MATCHES "station +process")
  message(FATAL_ERROR "report lacks the KPI or station table:\n${report_out}")
endif()
