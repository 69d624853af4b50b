# `greenfab report`: the tables of a stored run file are exactly those `greenfab run` printed; sweep files get
# the scenario and main-effect tables; pathway files their answer and roadmap table; a missing, non-HDF5 or
# foreign HDF5 file is bad input (exit 2).
set(report_dir ${CMAKE_CURRENT_BINARY_DIR}/report)
add_test(NAME cli.help_report COMMAND greenfab report --help)
set_tests_properties(cli.help_report PROPERTIES PASS_REGULAR_EXPRESSION "greenfab report RESULTS.h5")

add_test(NAME cli.report_same_as_run
         COMMAND ${CMAKE_COMMAND} -DGREENFAB=$<TARGET_FILE:greenfab> -DDIR=${report_dir}
                 -DMODEL=${PROJECT_SOURCE_DIR}/models/teaching/three_station_line.yaml
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/scripts/report_same_as_run.cmake)
set_tests_properties(cli.report_same_as_run PROPERTIES FIXTURES_SETUP greenfab_report_run)

add_test(NAME cli.report_sweep
         COMMAND ${CMAKE_COMMAND} -DGREENFAB=$<TARGET_FILE:greenfab> -DDIR=${report_dir}
                 -DEXPERIMENT=${PROJECT_SOURCE_DIR}/experiments/bottleneck_buffers.yaml
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/scripts/report_sweep.cmake)
set_tests_properties(cli.report_sweep PROPERTIES FIXTURES_SETUP greenfab_report_sweep)

add_test(NAME cli.report_missing_file
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/expect_bad_input.sh $<TARGET_FILE:greenfab> "no_such_file.h5: no such file"
                 report no_such_file.h5)
add_test(NAME cli.report_not_hdf5
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/expect_bad_input.sh $<TARGET_FILE:greenfab> "not an HDF5 file"
                 report ${PROJECT_SOURCE_DIR}/models/teaching/mm1.yaml)
add_test(NAME cli.report_unknown_kpi
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/expect_bad_input.sh $<TARGET_FILE:greenfab> "--kpis: no KPI 'frobnicate'"
                 report ${report_dir}/sweep.h5 --kpis frobnicate)
set_tests_properties(cli.report_unknown_kpi PROPERTIES FIXTURES_REQUIRED greenfab_report_sweep)
add_test(NAME cli.report_kpis_on_run_file
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/expect_bad_input.sh $<TARGET_FILE:greenfab> "--kpis applies to sweep files"
                 report ${report_dir}/run.h5 --kpis wip_mean)
set_tests_properties(cli.report_kpis_on_run_file PROPERTIES FIXTURES_REQUIRED greenfab_report_run)

# Pathway files: the stored answer and the roadmap table, cells checked against the file from Python.
add_test(NAME cli.report_pathway
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/report_pathway.py $<TARGET_FILE:greenfab>
                 ${report_dir}/pathway)
