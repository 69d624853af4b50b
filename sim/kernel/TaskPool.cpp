// Fork-per-task execution with pipes, time limits and clean interruption.
#include "kernel/TaskPool.hpp"
#include "kernel/Interrupt.hpp"
#include "results/RunResultCodec.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <stdexcept>

namespace greenfab {
namespace {
using Clock = std::chrono::steady_clock;

struct Child {
  pid_t pid = -1;
  int fd    = -1;
  Clock::time_point started;
  std::string bytes;
};

void write_all(int fd, const std::string& s)
{
  std::size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n < 0 and errno == EINTR)
      continue;
    if (n <= 0)
      _exit(3);
    off += static_cast<std::size_t>(n);
  }
}

Child spawn(const Task& task, const KernelOptions& options)
{
  // Unflushed stdio buffers would otherwise be written once more by every child.
  std::fflush(nullptr);
  int fds[2];
  if (::pipe(fds) != 0)
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0)
    throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(fds[0]);
    // The parent decides about interruption; a child just dies with the default action.
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    RunResult r;
    try {
      if (task.spec != nullptr) {
        r = simulate(*task.spec, task.replication, nullptr, -1, options);
      } else {
        const ModelSpec built = task.build();
        r = simulate(built, task.replication, nullptr, -1, options);
      }
    } catch (const RunLimitError& e) {
      r.replication = task.replication;
      r.seed        = task.model_seed();
      r.status      = std::string(run_limit_status) + e.what();
    } catch (const std::exception& e) {
      r.replication = task.replication;
      r.seed        = task.model_seed();
      r.status      = std::string("failed: ") + e.what();
    }
    if (task.kpis_only) {
      RunResult numbers;
      numbers.replication = r.replication;
      numbers.seed        = r.seed;
      numbers.status      = std::move(r.status);
      numbers.wall_time_s = r.wall_time_s;
      numbers.events      = r.events;
      numbers.kpis        = std::move(r.kpis);
      r                   = std::move(numbers);
    }
    write_all(fds[1], encode(r));
    ::close(fds[1]);
    _exit(0); // skip static destructors of the parent's image
  }
  ::close(fds[1]);
  return {pid, fds[0], Clock::now(), {}};
}


RunResult collect(Child& c, const Task& task)
{
  ::close(c.fd);
  int status = 0;
  while (::waitpid(c.pid, &status, 0) < 0 and errno == EINTR) {
  }
  if (WIFEXITED(status) and WEXITSTATUS(status) == 0) {
    try {
      return decode_run_result(c.bytes);
    } catch (const std::exception& e) {
      return failed_result(task, std::string("corrupt result: ") + e.what());
    }
  }
  if (WIFSIGNALED(status))
    return failed_result(task, "task process killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
                            strsignal(WTERMSIG(status)) + ")");
  return failed_result(task, "task process exited with code " + std::to_string(WEXITSTATUS(status)));
}

void kill_and_reap(Child& c)
{
  ::kill(c.pid, SIGKILL);
  ::close(c.fd);
  while (::waitpid(c.pid, nullptr, 0) < 0 and errno == EINTR) {
  }
}
} // namespace

RunResult failed_result(const Task& task, const std::string& why)
{
  RunResult r;
  r.replication = task.replication;
  r.seed        = task.model_seed();
  r.status      = "failed: " + why;
  return r;
}

TaskPool::TaskPool(int jobs, double time_limit_s, KernelOptions options)
    : jobs_(std::max(1, jobs)), time_limit_s_(time_limit_s), options_(options)
{
}

bool TaskPool::run(const std::vector<Task>& tasks, const std::function<void(const Task&, RunResult&&)>& on_done)
{
  InterruptScope interrupt_scope;
  std::map<std::size_t, Child> running; // by index in `tasks`
  std::size_t next = 0;
  while (next < tasks.size() or not running.empty()) {
    if (InterruptScope::signal() != 0) {
      for (auto& [i, c] : running)
        kill_and_reap(c);
      return false;
    }
    while (next < tasks.size() and static_cast<int>(running.size()) < jobs_) {
      running.emplace(next, spawn(tasks[next], options_));
      ++next;
    }
    std::vector<pollfd> fds;
    std::vector<std::size_t> index;
    for (auto& [i, c] : running) {
      fds.push_back({c.fd, POLLIN, 0});
      index.push_back(i);
    }
    // Wake up now and then to notice signals and time limits.
    if (::poll(fds.data(), fds.size(), 200) < 0 and errno != EINTR)
      throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
    for (std::size_t k = 0; k < fds.size(); ++k) {
      Child& c          = running.at(index[k]);
      const Task& task  = tasks[index[k]];
      bool done         = false;
      RunResult result;
      if (fds[k].revents & (POLLIN | POLLHUP | POLLERR)) {
        char buf[65536];
        const ssize_t n = ::read(c.fd, buf, sizeof buf);
        if (n > 0)
          c.bytes.append(buf, static_cast<std::size_t>(n));
        else if (n == 0 or errno != EINTR) {
          result = collect(c, task);
          done   = true;
        }
      }
      if (not done and time_limit_s_ > 0 and
          std::chrono::duration<double>(Clock::now() - c.started).count() > time_limit_s_) {
        kill_and_reap(c);
        result = failed_result(task, "time limit of " + std::to_string(time_limit_s_) + " s exceeded");
        done   = true;
      }
      if (done) {
        running.erase(index[k]);
        on_done(task, std::move(result));
      }
    }
  }
  return true;
}

} // namespace greenfab
