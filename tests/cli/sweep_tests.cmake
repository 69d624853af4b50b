# Sweep command: help, malformed experiment files (exit 2, no files), and kill -9 at random points + --resume
# giving the same file as an uninterrupted run.
add_test(NAME cli.help_sweep COMMAND greenfab sweep --help)
set_tests_properties(cli.help_sweep PROPERTIES PASS_REGULAR_EXPRESSION "greenfab sweep EXPERIMENT.yaml")

file(GLOB bad_experiments CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/bad_experiments/*.yaml)
foreach(file IN LISTS bad_experiments)
  get_filename_component(stem ${file} NAME_WE)
  file(STRINGS ${file} expect_line REGEX "^# expect: " LIMIT_COUNT 1)
  string(REGEX REPLACE "^# expect: " "" expect "${expect_line}")
  add_test(NAME cli.sweep_bad_experiment.${stem}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/expect_bad_input.sh $<TARGET_FILE:greenfab> "${expect}"
                   sweep ${file} -o ${CMAKE_CURRENT_BINARY_DIR}/bad_sweep_${stem}.h5
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endforeach()

add_test(NAME cli.sweep_kill_and_resume
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/sweep_resume.py $<TARGET_FILE:greenfab>
                 ${CMAKE_CURRENT_BINARY_DIR}/sweep_resume)
set_tests_properties(cli.sweep_kill_and_resume PROPERTIES ENVIRONMENT "PYTHONPATH=${PROJECT_SOURCE_DIR}" TIMEOUT 120)
