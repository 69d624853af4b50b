// The task backend for one machine: forked worker processes through TaskPool; and MPI launch detection.
#include "experiment/TaskBackend.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace greenfab {
namespace {
class LocalBackend : public TaskBackend {
public:
  LocalBackend(int jobs, double time_limit_s) : jobs_(std::max(1, jobs)), pool_(jobs_, time_limit_s) {}
  bool is_writer() const override { return true; }
  int workers() const override { return jobs_; }
  bool run(const std::vector<Task>& tasks, const std::function<void(const Task&, RunResult&&)>& on_done) override
  {
    return pool_.run(tasks, on_done);
  }

private:
  int jobs_;
  TaskPool pool_;
};

/** The integer value of environment variable `name`, or 0 if unset or not a number. */
long env_long(const char* name)
{
  const char* v = std::getenv(name);
  return v ? std::strtol(v, nullptr, 10) : 0;
}
} // namespace

std::unique_ptr<TaskBackend> make_local_backend(int jobs, double time_limit_s)
{
  return std::make_unique<LocalBackend>(jobs, time_limit_s);
}

bool launched_by_mpi()
{
  // Launchers announce the world size in the environment before MPI_Init can be called: OpenMPI's
  // mpirun, MPICH/Hydra and Slurm's PMI, MVAPICH. One rank is an ordinary local run.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "MV2_COMM_WORLD_SIZE"})
    if (env_long(name) > 1)
      return true;
  return false;
}

} // namespace greenfab
