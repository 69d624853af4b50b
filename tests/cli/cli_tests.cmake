# Command-line tests: help, version, exit codes, a golden run with hand-computed KPIs, determinism of the
# whole pipeline through HDF5, and the check/trace commands on shipped models.
add_test(NAME cli.help COMMAND greenfab --help)
set_tests_properties(cli.help PROPERTIES PASS_REGULAR_EXPRESSION "usage: greenfab <command>")
foreach(cmd run check trace)
  add_test(NAME cli.help_${cmd} COMMAND greenfab ${cmd} --help)
  set_tests_properties(cli.help_${cmd} PROPERTIES PASS_REGULAR_EXPRESSION "greenfab ${cmd} MODEL.yaml")
endforeach()
add_test(NAME cli.version COMMAND greenfab --version)
set_tests_properties(cli.version PROPERTIES PASS_REGULAR_EXPRESSION "greenfab ${PROJECT_VERSION}")

add_test(NAME cli.unknown_command COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/expect_bad_input.sh $<TARGET_FILE:greenfab>
                                          "unknown command 'frobnicate'" frobnicate)
add_test(NAME cli.unknown_option COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/expect_bad_input.sh $<TARGET_FILE:greenfab>
                                         "unrecognised option '--frobnicate'" run
                                         ${PROJECT_SOURCE_DIR}/models/teaching/mm1.yaml --frobnicate)
add_test(NAME cli.missing_model_file COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/expect_bad_input.sh $<TARGET_FILE:greenfab>
                                             "no_such_model.yaml.*cannot read" run no_such_model.yaml
                                             -o ${CMAKE_CURRENT_BINARY_DIR}/none.h5)
add_test(NAME cli.bad_set_value COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/expect_bad_input.sh $<TARGET_FILE:greenfab>
                                        "run.horizon.*unit" run ${PROJECT_SOURCE_DIR}/models/teaching/mm1.yaml
                                        --horizon 12 -o ${CMAKE_CURRENT_BINARY_DIR}/bad_set.h5)
add_test(NAME cli.output_directory_missing
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/expect_bad_input.sh $<TARGET_FILE:greenfab> "does not exist" run
                 ${PROJECT_SOURCE_DIR}/models/teaching/mm1.yaml -o ${CMAKE_CURRENT_BINARY_DIR}/no/such/dir/x.h5)

# Golden run and pipeline determinism, checked from Python through the HDF5 file (Debian's h5py).
add_test(NAME cli.golden_run
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/golden_run.py $<TARGET_FILE:greenfab>
                 ${CMAKE_CURRENT_BINARY_DIR}/golden)
add_test(NAME cli.same_results_for_any_jobs
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/jobs_determinism.py $<TARGET_FILE:greenfab>
                 ${CMAKE_CURRENT_BINARY_DIR}/jobs)
set_tests_properties(cli.golden_run cli.same_results_for_any_jobs PROPERTIES
                     ENVIRONMENT "PYTHONPATH=${PROJECT_SOURCE_DIR}")

# Every shipped model passes `check` and runs briefly.
file(GLOB_RECURSE shipped_models CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/models/*.yaml)
list(FILTER shipped_models EXCLUDE REGEX "/models/(data|interventions)/")  # data files, not factory models
foreach(m IN LISTS shipped_models)
  get_filename_component(stem ${m} NAME_WE)
  add_test(NAME cli.check.${stem} COMMAND greenfab check ${m})
  set_tests_properties(cli.check.${stem} PROPERTIES PASS_REGULAR_EXPRESSION "bottleneck")
  add_test(NAME cli.short_run.${stem} COMMAND greenfab run ${m} --reps 2 --warmup 1h --horizon 1d -q
                                              -o ${CMAKE_CURRENT_BINARY_DIR}/short_${stem}.h5)
endforeach()

add_test(NAME cli.trace COMMAND greenfab trace ${PROJECT_SOURCE_DIR}/models/teaching/three_station_line.yaml
                                --until 30min)
set_tests_properties(cli.trace PROPERTIES PASS_REGULAR_EXPRESSION "Mon 00:[0-9][0-9]:[0-9.]+ .*saw +starts bracket #1")

# The make-to-order narrative: an order, its parts released for it, the order complete at the dock, a van
# leaving and unloading, the customer receiving it (all within the first 2 h of seed 9).
add_test(NAME cli.trace_orders COMMAND greenfab trace ${PROJECT_SOURCE_DIR}/models/teaching/make_to_order.yaml
                                       --until 2h)
set_tests_properties(cli.trace_orders PROPERTIES PASS_REGULAR_EXPRESSION
  "customer installers orders 2 pump \\(order 0, due in 4 h\\).*releases pump #1 \\(order 0\\).*dock +order 0 for installers is complete.*vans +a vehicle leaves for installers.*vans +unloads 2 parts at installers.*customer installers has order 0 complete \\(lead time [0-9.]+ min, on time\\)")
