// Sweep tasks over MPI ranks: rank 0 hands out task ids on demand and receives results; every rank forks a child per task.
#include "experiment/TaskBackend.hpp"
#include "kernel/Interrupt.hpp"

#include <stdexcept>

#ifndef GREENFAB_HAVE_MPI

namespace greenfab {

std::unique_ptr<TaskBackend> make_mpi_backend(double /*time_limit_s*/)
{
  throw std::runtime_error("greenfab was built without MPI: install libopenmpi-dev and rebuild");
}

} // namespace greenfab

#else

#include "results/RunResultCodec.hpp"

// The C API only: skip the C++ bindings (removed in MPI 3) that mpi.h would otherwise pull in and need linking.
#define OMPI_SKIP_MPICXX  1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <atomic>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <unordered_map>

namespace greenfab {
namespace {

/* Message tags. Workers speak only when they have something to say (ready, result, leaving); rank 0 answers
 * every ready/result with exactly one task or stop, so a worker never has more than one instruction queued. */
constexpr int tag_ready       = 1; ///< worker -> 0, empty: give me a task
constexpr int tag_result      = 2; ///< worker -> 0, int32 task id + encode(RunResult); also means "ready"
constexpr int tag_leaving     = 3; ///< worker -> 0, empty: signalled or failed, leaving now (no answer expected)
constexpr int tag_task        = 4; ///< 0 -> worker, one int: a task id
constexpr int tag_stop        = 5; ///< 0 -> worker, empty: no more tasks

/** After an interruption, how long rank 0 waits for busy workers to report before giving up on them (s).
 *  Under mpirun or a batch scheduler every rank gets the signal, so workers report within TaskPool's poll
 *  period; a worker that was not signalled finishes its task first, which may take much longer. */
constexpr double interrupt_grace_s = 3.0;

using Clock = std::chrono::steady_clock;


/** A received message: who sent it, which tag, its bytes. */
struct Message {
  int source = -1;
  int tag    = -1;
  std::string bytes;
};

/**
 * Rank 0 waits for the next worker message without blocking in MPI: MPI_Recv spins a core (OpenMPI
 * busy-polls) and cannot be interrupted, so we probe and sleep, which keeps rank 0 at ~0 % CPU on a machine
 * whose cores run the workers' simulations, and lets it notice signals and its deadline.
 * @return false if `keep_waiting()` said stop before a message arrived.
 */
template <class KeepWaiting>
bool receive_any(Message& m, KeepWaiting keep_waiting)
{
  auto pause = std::chrono::microseconds(50);
  for (;;) {
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
    if (flag != 0) {
      int count = 0;
      MPI_Get_count(&status, MPI_BYTE, &count);
      m.source = status.MPI_SOURCE;
      m.tag    = status.MPI_TAG;
      m.bytes.assign(static_cast<std::size_t>(count), '\0');
      MPI_Recv(m.bytes.data(), count, MPI_BYTE, m.source, m.tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      return true;
    }
    if (not keep_waiting())
      return false;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(10000));
  }
}

void send_empty(int dest, int tag) { MPI_Send(nullptr, 0, MPI_BYTE, dest, tag, MPI_COMM_WORLD); }

/**
 * One MPI process of a sweep. Owns MPI's lifetime: MPI_Init_thread when created, MPI_Finalize when
 * destroyed (once per process, as MPI allows). Tasks travel as Task::id: every rank builds the same task
 * list from the same experiment, but the writer may pass only the tasks still to do (--resume), so the other
 * ranks must pass the full list. Results travel as RunResultCodec bytes, bit-exact on a homogeneous cluster.
 */
class MpiBackend final : public TaskBackend {
public:
  explicit MpiBackend(double time_limit_s) : time_limit_s_(time_limit_s)
  {
    check_not_smpi();
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (finalized != 0)
      throw std::runtime_error("MPI was already finalized in this process (one MPI sweep per process)");
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (initialized == 0) {
      // Only this thread calls MPI; task children are forked processes that never touch MPI.
      int provided = 0;
      MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SINGLE, &provided);
      owns_mpi_ = true;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }

  /** MPI_Finalize waits for every rank, so no rank may leave others waiting for it (see State). */
  ~MpiBackend() override
  {
    if (size_ > 1 and state_ != State::done) {
      if (rank_ != 0) {
        send_empty(0, tag_leaving); // this rank failed before or during run(): rank 0 must not wait for it
      } else if (state_ == State::fresh) {
        for (int r = 1; r < size_; ++r) // rank 0 failed before run(): release the workers that wait for tasks
          send_empty(r, tag_stop);
      } else {
        // Workers still hold tasks and would block sending us their results, and MPI_Finalize would wait for
        // them. Ending the job is what kill -9 would do, which the sweep output survives by design.
        std::fprintf(stderr, "greenfab: %s; ending the MPI job\n", abort_reason_.c_str());
        std::fflush(nullptr);
        MPI_Abort(MPI_COMM_WORLD, abort_code_);
      }
    }
    if (owns_mpi_)
      MPI_Finalize();
  }

  MpiBackend(const MpiBackend&)            = delete;
  MpiBackend& operator=(const MpiBackend&) = delete;

  bool is_writer() const override { return rank_ == 0; }
  int workers() const override { return size_ > 1 ? size_ - 1 : 1; }

  bool run(const std::vector<Task>& tasks, const std::function<void(const Task&, RunResult&&)>& on_done) override
  {
    if (size_ == 1)
      return TaskPool(1, time_limit_s_).run(tasks, on_done); // mpirun -n 1: nobody to dispatch to
    if (state_ != State::fresh)
      throw std::logic_error("MpiBackend::run: one run per process (the workers have been stopped)");
    if (tasks.size() > static_cast<std::size_t>(INT_MAX))
      throw std::runtime_error("too many tasks for one MPI sweep");
    state_ = State::running;
    InterruptScope interrupt_scope;
    return rank_ == 0 ? dispatch(tasks, on_done) : work(tasks); // each sets state_ = done when it may
  }

private:
  /** libsimgrid.so defines MPI_* too (SMPI, which aborts outside smpirun): make sure the program calls the real
   *  MPI, i.e. that the MPI library precedes SimGrid on the link line (see CMakeLists.txt). MPI allows this call
   *  before MPI_Init. */
  static void check_not_smpi()
  {
    char version[MPI_MAX_LIBRARY_VERSION_STRING] = {};
    int length                                  = 0;
    MPI_Get_library_version(version, &length);
    if (std::strstr(version, "SMPI") != nullptr)
      throw std::runtime_error("greenfab is linked so that MPI calls go to SimGrid's SMPI (" + std::string(version) +
                               "): link the MPI library before SimGrid");
  }

  /** Rank 0: answer each worker message with the next task or stop; deliver results as they arrive. */
  bool dispatch(const std::vector<Task>& tasks, const std::function<void(const Task&, RunResult&&)>& on_done)
  {
    abort_reason_ = "the writer (rank 0) failed";
    abort_code_   = 1;
    try {
      std::vector<int> holding(static_cast<std::size_t>(size_), -1); // task index each worker runs, or -1
      int active       = size_ - 1;                                  // workers not yet stopped
      std::size_t next = 0;
      std::vector<int> again;     // tasks of workers that left without a result, to give to others
      std::size_t delivered = 0;
      bool interrupted = false;
      Clock::time_point give_up;
      Message m;
      while (active > 0) {
        if (not interrupted and InterruptScope::signal() != 0) {
          interrupted = true;
          give_up     = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(interrupt_grace_s));
        }
        const bool got = receive_any(m, [&] {
          if (interrupted)
            return Clock::now() < give_up;
          return InterruptScope::signal() == 0;
        });
        if (not got) {
          if (interrupted) {
            abort_reason_ = "interrupted while " + std::to_string(active) + " MPI worker(s) still run a task";
            abort_code_   = 130; // `greenfab sweep`'s exit code for an interrupted sweep, whichever signal
            return false;         // state_ stays `running`: the destructor ends the job
          }
          continue; // signal: switch to the interrupted state above
        }
        auto& held = holding.at(static_cast<std::size_t>(m.source));
        if (m.tag == tag_result) {
          deliver(tasks, m, held, on_done);
          held = -1;
          ++delivered;
        } else if (m.tag == tag_leaving) {
          if (held >= 0)
            again.push_back(held);
          held = -1;
          --active; // it stops on its own and expects no answer
          continue;
        } else if (m.tag != tag_ready) {
          throw std::runtime_error("unexpected MPI message tag " + std::to_string(m.tag) + " from rank " +
                                   std::to_string(m.source));
        }
        if (not interrupted and InterruptScope::signal() == 0 and (not again.empty() or next < tasks.size())) {
          if (not again.empty()) {
            held = again.back();
            again.pop_back();
          } else {
            held = static_cast<int>(next++);
          }
          int id = tasks[static_cast<std::size_t>(held)].id;
          MPI_Send(&id, 1, MPI_INT, m.source, tag_task, MPI_COMM_WORLD);
        } else {
          send_empty(m.source, tag_stop);
          --active;
        }
      }
      // Every worker is stopped now, so MPI_Finalize is safe even if we throw.
      state_ = State::done;
      if (interrupted or InterruptScope::signal() != 0)
        return false;
      if (delivered != tasks.size())
        throw std::runtime_error("every MPI worker left with " + std::to_string(tasks.size() - delivered) +
                                 " task(s) not done");
      return true;
    } catch (const std::exception& e) {
      abort_reason_ = std::string("rank 0: ") + e.what();
      throw;
    }
  }

  /** Rank 0: decode one result message and hand it to the writer, checking it answers the task given out
   *  (`held`: its index in `tasks`, -1 if none). */
  static void deliver(const std::vector<Task>& tasks, const Message& m, int held,
                      const std::function<void(const Task&, RunResult&&)>& on_done)
  {
    std::int32_t id = -1;
    if (m.bytes.size() >= sizeof id)
      std::memcpy(&id, m.bytes.data(), sizeof id);
    if (held < 0 or id != tasks[static_cast<std::size_t>(held)].id)
      throw std::runtime_error("MPI rank " + std::to_string(m.source) + " returned task " + std::to_string(id) +
                               (held < 0 ? std::string(" but held none")
                                         : " but was given " + std::to_string(tasks[static_cast<std::size_t>(held)].id)));
    const Task& task = tasks[static_cast<std::size_t>(held)];
    RunResult r;
    try {
      r = decode_run_result(m.bytes.substr(sizeof id));
    } catch (const std::exception& e) {
      r = failed_result(task, "corrupt result from MPI rank " + std::to_string(m.source) + ": " + e.what());
    }
    on_done(task, std::move(r));
  }

  /** Ranks > 0: ask for a task, run it in a forked child, send the result back, until told to stop. */
  bool work(const std::vector<Task>& tasks)
  {
    std::unordered_map<int, std::size_t> by_id;
    for (std::size_t i = 0; i < tasks.size(); ++i)
      by_id.emplace(tasks[i].id, i);
    send_empty(0, tag_ready);
    for (;;) {
      int id = -1;
      MPI_Status status;
      // Rank 0 answers at once, so this wait is short; if rank 0 dies, MPI ends this process.
      MPI_Recv(&id, 1, MPI_INT, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
      if (status.MPI_TAG == tag_stop) {
        state_ = State::done;
        return InterruptScope::signal() == 0;
      }
      const auto it = by_id.find(id);
      if (status.MPI_TAG != tag_task or it == by_id.end())
        throw std::runtime_error("unexpected MPI message from rank 0 (tag " + std::to_string(status.MPI_TAG) +
                                 ", task " + std::to_string(id) + " of " + std::to_string(tasks.size()) +
                                 "): every rank must build the same task list");
      const Task& task = tasks[it->second];
      RunResult result = failed_result(task, "no result from the task process");
      const bool ok    = InterruptScope::signal() == 0 and
                      TaskPool(1, time_limit_s_).run({task}, [&](const Task&, RunResult&& r) { result = std::move(r); });
      if (not ok or InterruptScope::signal() != 0) {
        send_empty(0, tag_leaving);
        state_ = State::done;
        return false;
      }
      const std::int32_t i32 = id; // the wire format is 32 bits whatever int is
      std::string bytes(sizeof i32, '\0');
      std::memcpy(bytes.data(), &i32, sizeof i32);
      bytes += encode(result);
      if (bytes.size() > static_cast<std::size_t>(INT_MAX))
        throw std::runtime_error("result of task " + std::to_string(task.id) + " is too large for one MPI message");
      MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, 0, tag_result, MPI_COMM_WORLD);
    }
  }

  double time_limit_s_;
  int rank_       = 0;
  int size_       = 1;
  bool owns_mpi_  = false;
  /** fresh: run() not called; running: in run(), or rank 0 left it with workers still holding tasks (then
   *  the destructor ends the job); done: this rank's part of the protocol is over, MPI_Finalize is safe. */
  enum class State { fresh, running, done };
  State state_    = State::fresh;
  std::string abort_reason_;
  int abort_code_ = 1;
};

} // namespace

std::unique_ptr<TaskBackend> make_mpi_backend(double time_limit_s)
{
  return std::make_unique<MpiBackend>(time_limit_s);
}

} // namespace greenfab

#endif
