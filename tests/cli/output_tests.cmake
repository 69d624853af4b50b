# Output safety (issue 15): what greenfab refuses to write onto, atomic replacement by every writer, a full
# disk, debris of killed writes, the per-output lock, the pasteable resume command, and Ctrl-C during run.
# Device nodes, FIFOs and the tmpfs are made inside the test's own directory, never on the real /dev.
set(greenfab_output_cases
  refuses_special_files  output_refuses_device_nodes_fifos_and_symlinks
  refuses_input_file     output_refuses_an_input_file_before_simulating
  full_disk              output_on_a_full_disk_exits_1_without_leftovers
  stale_temporaries      output_temporaries_of_killed_runs_are_removed
  second_sweep_refused   sweep_on_an_output_in_use_exits_2_naming_its_owner
  resume_command_quoted  printed_resume_command_works_when_pasted_into_sh
  run_interrupt          run_interrupted_keeps_finished_replications_exactly
  worker_sigint          run_worker_stopped_by_sigint_is_missing_not_failed
  replaced_by_rename     every_writer_replaces_its_output_by_rename)
while(greenfab_output_cases)
  list(POP_FRONT greenfab_output_cases case name)
  add_test(NAME cli.${name}
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/output_safety.py ${case} $<TARGET_FILE:greenfab>
                   ${CMAKE_CURRENT_BINARY_DIR}/output_${case})
  set_tests_properties(cli.${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
endwhile()
