# Build policy as INTERFACE targets that every real target links PRIVATE.
# -Wnull-dereference is left out: GCC 12 reports it falsely inside libstdc++ at -O2.
option(greenfab_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)
option(greenfab_ENABLE_SANITIZERS "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

add_library(greenfab_warnings INTERFACE)
target_compile_options(greenfab_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused -Woverloaded-virtual -Wpedantic
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
  -Wmisleading-indentation -Wduplicated-cond -Wlogical-op -Wsuggest-override
  $<$<BOOL:${greenfab_WARNINGS_AS_ERRORS}>:-Werror>)

add_library(greenfab_options INTERFACE)
if(greenfab_ENABLE_SANITIZERS)
  target_compile_options(greenfab_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                    -fno-sanitize-recover=undefined)
  target_link_options(greenfab_options INTERFACE -fsanitize=address,undefined)
endif()
