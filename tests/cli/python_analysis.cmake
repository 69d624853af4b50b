# The Python analysis package (analysis/) under pytest (Debian's python3-pytest): its fixtures first write
# small run and sweep files and a trace state log with the greenfab built here, then every figure, the
# loaders, the command line's exit codes and the HTML report (rendered in headless Chromium) are checked.
add_test(NAME python.analysis
         COMMAND /usr/bin/python3 -m pytest ${PROJECT_SOURCE_DIR}/tests/python -q -p no:cacheprovider
                 --basetemp=${CMAKE_CURRENT_BINARY_DIR}/python_analysis
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(python.analysis PROPERTIES
                     ENVIRONMENT "GREENFAB=$<TARGET_FILE:greenfab>;PYTHONPATH=${PROJECT_SOURCE_DIR};MPLBACKEND=Agg"
                     TIMEOUT 600 LABELS slow)  # figures and HTML, not memory safety: not repeated under ASan
