# MPI sweeps (label "mpi"): only when greenfab was built with MPI and mpirun exists.
# OpenMPI needs --allow-run-as-root in root containers (CI) and --oversubscribe for 3 ranks on 2 cores.
# mpi_warn_on_fork=0: each task runs in a forked child that never calls MPI (see sim/kernel/TaskPool.cpp).
if(NOT MPI_C_FOUND OR NOT MPIEXEC_EXECUTABLE)
  return()
endif()

set(greenfab_mpirun ${MPIEXEC_EXECUTABLE} --oversubscribe --allow-run-as-root)
set(greenfab_mpi_env "OMPI_MCA_mpi_warn_on_fork=0" "PYTHONPATH=${PROJECT_SOURCE_DIR}")
# Under AddressSanitizer, OpenMPI's own allocations (made in MCA plugins it has dlclose'd by exit) are
# reported as leaks; keep ASan's memory-error checks but not its leak check for these tests.
if(greenfab_ENABLE_SANITIZERS)
  list(APPEND greenfab_mpi_env "ASAN_OPTIONS=detect_leaks=0")
endif()

# The backend on its own: 6 tasks over 2 workers, each delivered once to rank 0, equal to local runs.
add_executable(mpi_backend_check ${CMAKE_CURRENT_SOURCE_DIR}/mpi_backend_check.cpp)
target_link_libraries(mpi_backend_check PRIVATE greenfab::core greenfab_options greenfab_warnings)
add_test(NAME mpi.backend COMMAND ${greenfab_mpirun} -n 3 $<TARGET_FILE:mpi_backend_check>)
# mpirun -n 1: rank 0 runs the tasks itself.
add_test(NAME mpi.backend_one_rank COMMAND ${greenfab_mpirun} -n 1 $<TARGET_FILE:mpi_backend_check>)

# The whole command: mpirun -n 3 greenfab sweep gives the same file as greenfab sweep -j 1.
add_test(NAME mpi.sweep_equals_local
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/mpi_sweep.py $<TARGET_FILE:greenfab>
                 ${CMAKE_CURRENT_BINARY_DIR}/mpi_sweep ${greenfab_mpirun})
set_tests_properties(mpi.backend mpi.backend_one_rank mpi.sweep_equals_local PROPERTIES
                     LABELS mpi TIMEOUT 300 ENVIRONMENT "${greenfab_mpi_env}")

# Pathway studies: mpirun -n 3 greenfab pathway --optimise gives the same file as -j 1 (the finalists run on
# rank 0's worker processes).
add_test(NAME mpi.pathway_equals_local
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/mpi_pathway.py $<TARGET_FILE:greenfab>
                 ${CMAKE_CURRENT_BINARY_DIR}/mpi_pathway ${greenfab_mpirun})
set_tests_properties(mpi.pathway_equals_local PROPERTIES LABELS mpi TIMEOUT 300 ENVIRONMENT "${greenfab_mpi_env}")
