// Under mpirun -n K: the MPI backend delivers every task exactly once, on rank 0, bit-identical to a local run.
#include "experiment/TaskBackend.hpp"
#include "model/ModelLoader.hpp"
#include "results/RunResultCodec.hpp"

#include <cstdio>
#include <exception>
#include <map>
#include <string>
#include <vector>

namespace {

// M/M/1 (models/teaching/mm1.yaml) shortened so a task takes a few milliseconds.
constexpr const char* model_text = R"(name: mpi check
run:
  warmup: 1 h
  horizon: 1 d
  replications: 3
  seed: 1
products:
  - name: job
    route: [server]
release:
  interarrival: exp(75 s)
stations:
  - name: server
    process: exp(60 s)
)";

/** The bytes of a result, without the one field that legitimately differs between runs. */
std::string fingerprint(greenfab::RunResult r)
{
  r.wall_time_s = 0;
  return greenfab::encode(r);
}

int check()
{
  using namespace greenfab;
  // Every rank builds the same tasks from the same text: tasks travel between ranks as indices.
  const std::vector<ModelSpec> specs{load_model_text(model_text, "mpi_check.yaml"),
                                     load_model_text(model_text, "mpi_check.yaml", {"release.interarrival=exp(90 s)"})};
  std::vector<Task> tasks;
  for (const auto& spec : specs)
    for (int rep = 0; rep < 3; ++rep)
      tasks.push_back({static_cast<int>(tasks.size()), &spec, rep});

  std::map<int, std::vector<std::string>> got; // task id -> fingerprints delivered
  bool finished = false;
  bool writer   = false;
  int workers   = 0;
  {
    auto backend = make_mpi_backend(0);
    writer       = backend->is_writer();
    workers      = backend->workers();
    // Like a --resume, the writer passes only the tasks still to do (not 0 and 3); the others the full list.
    std::vector<Task> todo;
    for (const auto& t : tasks)
      if (not writer or (t.id != 0 and t.id != 3))
        todo.push_back(t);
    finished = backend->run(todo, [&](const Task& t, RunResult&& r) {
      if (r.status != "ok")
        std::fprintf(stderr, "task %d: %s\n", t.id, r.status.c_str());
      got[t.id].push_back(r.status == "ok" ? fingerprint(std::move(r)) : std::string("not ok"));
    });
  } // MPI_Finalize: from here on only rank 0 continues with checks
  if (not writer) {
    if (not got.empty()) {
      std::fprintf(stderr, "FAIL: a worker rank received results\n");
      return 1;
    }
    return finished ? 0 : 1;
  }
  int errors = 0;
  if (not finished) {
    std::fprintf(stderr, "FAIL: run() returned false\n");
    ++errors;
  }
  // Reference: the same tasks one at a time in local child processes.
  std::map<int, std::string> local;
  TaskPool(1).run(tasks, [&](const Task& t, RunResult&& r) { local[t.id] = fingerprint(std::move(r)); });
  for (const auto& t : tasks) {
    const auto it          = got.find(t.id);
    const std::size_t n    = it == got.end() ? 0 : it->second.size();
    const std::size_t want = t.id == 0 or t.id == 3 ? 0 : 1;
    if (n != want) {
      std::fprintf(stderr, "FAIL: task %d delivered %zu times, expected %zu\n", t.id, n, want);
      ++errors;
    } else if (want == 0) {
      continue;
    } else if (it->second.front() != local.at(t.id)) {
      std::fprintf(stderr, "FAIL: task %d differs from the local run\n", t.id);
      ++errors;
    }
  }
  if (got.size() != tasks.size() - 2) {
    std::fprintf(stderr, "FAIL: %zu distinct task ids delivered, expected %zu\n", got.size(), tasks.size() - 2);
    ++errors;
  }
  if (errors == 0)
    std::printf("mpi backend: %zu of %zu tasks asked for, each delivered once over %d worker(s), identical to local "
                "runs\n", tasks.size() - 2, tasks.size(), workers);
  return errors == 0 ? 0 : 1;
}

} // namespace

int main()
{
  try {
    return check();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mpi_backend_check: %s\n", e.what());
    return 1;
  }
}
