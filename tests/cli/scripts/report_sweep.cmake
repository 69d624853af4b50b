# cmake -DGREENFAB=... -DDIR=... -DEXPERIMENT=... -P report_sweep.cmake
# A short sweep, then `greenfab report` shows every scenario with its factor levels and the main effects.
file(MAKE_DIRECTORY ${DIR})
execute_process(COMMAND ${GREENFAB} sweep ${EXPERIMENT} --set replications=2 -j 2
                        -o ${DIR}/sweep.h5 OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "greenfab sweep failed (${rc}):\n${out}\n${err}")
endif()
execute_process(COMMAND ${GREENFAB} report ${DIR}/sweep.h5 --kpis throughput_per_h,wip_mean
                OUTPUT_VARIABLE report_out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "greenfab report failed (${rc}): ${err}")
endif()
foreach(expect "4 scenarios x 2 replications" "s0003 +2 +exp\\(5 min\\)" "main effects" "mill_machines +1 +[0-9.]+ 1/h")
  if(NOT report_out MATCHES "${expect}")
    message(FATAL_ERROR "report does not match '${expect}':\n${report_out}")
  endif()
endforeach()
