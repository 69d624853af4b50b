# Optional libFuzzer build of the input loaders (docs/fuzzing.md). Clang only, not used by CI:
#   CC=clang CXX=clang++ cmake -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGREENFAB_LIBFUZZER=ON
#   cmake --build build-fuzz --target greenfab_fuzz_loaders
# Every target of this build is instrumented for coverage and built with ASan/UBSan; SimGrid, HDF5 and
# yaml-cpp stay the system's (g++-built, uninstrumented), which the loaders only call into for YAML parsing.
option(GREENFAB_LIBFUZZER "Build the libFuzzer harness greenfab_fuzz_loaders (clang)" OFF)
if(GREENFAB_LIBFUZZER)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "GREENFAB_LIBFUZZER needs clang (CC=clang CXX=clang++), not ${CMAKE_CXX_COMPILER_ID}")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -gline-tables-only)
  add_link_options(-fsanitize=address,undefined)
endif()

function(greenfab_add_libfuzzer_harness)
  if(NOT GREENFAB_LIBFUZZER)
    return()
  endif()
  add_executable(greenfab_fuzz_loaders ${PROJECT_SOURCE_DIR}/tests/fuzz/libfuzzer_loaders.cpp)
  target_link_libraries(greenfab_fuzz_loaders PRIVATE greenfab::core)
  target_link_options(greenfab_fuzz_loaders PRIVATE -fsanitize=fuzzer)
  target_compile_definitions(greenfab_fuzz_loaders PRIVATE GREENFAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  set_target_properties(greenfab_fuzz_loaders PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
endfunction()
