# Every dependency comes from Debian packages installed by scripts/setup.sh.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SimGrid REQUIRED IMPORTED_TARGET simgrid>=3.32)  # SimGrid ships no CMake config
find_package(HDF5 REQUIRED COMPONENTS C)
find_package(yaml-cpp REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
# MPI is optional: without it `greenfab sweep` under mpirun reports how to rebuild (libopenmpi-dev).
# Only the C API is used, so the C++ bindings (removed from MPI 3) are never needed.
find_package(MPI COMPONENTS C)
