# Hostile input files (issue 15): every one is refused with exit 2 and a message, without blocking or reading
# without end; each case makes its FIFO, device node or odd file in a temporary directory of its own.
foreach(case fifo_model fifo_climate fifo_experiment_model fifo_study_model fifo_study_interventions char_device
             symlink_loop long_name no_permission too_large utf16 nul_byte invalid_utf8 utf8_bom_accepted scalar_data_file
             long_value_quoted set_self_alias deep_flow_nesting)
  add_test(NAME cli.input.${case}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/scripts/hostile_input.sh $<TARGET_FILE:greenfab> ${PROJECT_SOURCE_DIR}
                   ${case})
  set_tests_properties(cli.input.${case} PROPERTIES TIMEOUT 120)
endforeach()
