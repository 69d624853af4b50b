# Mutation fuzzer over every input kind (tests/fuzz/fuzz_inputs.py, docs/fuzzing.md): a fixed seed, so a
# failure is reproducible with the command it prints; failing inputs are kept in <build>/fuzz-findings.
# At most ~2 minutes per build on 2 cores: the sanitizer build gets the same corpus and seed but stops
# starting new inputs when its time budget is spent. Run alone with `ctest -R fuzz` (or `-L fuzz`).
if(greenfab_ENABLE_SANITIZERS)
  set(fuzz_args --asan --count 2000 --time-budget 110 --min-count 300)
else()
  set(fuzz_args --count 2000 --time-budget 110 --min-count 1500 --timeout 5)
endif()
add_test(NAME cli.fuzz.inputs
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_inputs.py
                 --greenfab $<TARGET_FILE:greenfab> --source ${PROJECT_SOURCE_DIR} --seed 1 --jobs 2 ${fuzz_args}
                 --keep-findings ${CMAKE_BINARY_DIR}/fuzz-findings)
set_tests_properties(cli.fuzz.inputs PROPERTIES LABELS fuzz TIMEOUT 180 PROCESSORS 2)

# Found by the fuzzer: an override on an empty file must not become the location of the file's missing keys.
add_test(NAME cli.fuzz.empty_file_override_location
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/expect_bad_input.sh $<TARGET_FILE:greenfab>
                 "^tests/fuzz/seeds/empty_model\\.yaml:1:1: error: missing required key 'name'"
                 check tests/fuzz/seeds/empty_model.yaml --reps 1
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
