// SimGrid platform for a model, one replication per process, and the fork-based replication runner.
#include "kernel/Simulation.hpp"
#include "kernel/EventCalendar.hpp"
#include "kernel/SimGridDriver.hpp"
#include "production/Line.hpp"
#include "results/RunResultCodec.hpp"

#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <chrono>
#include <csignal>
#include <cstring>
#include <map>
#include <stdexcept>

namespace sg4 = simgrid::s4u;

namespace greenfab {

RunResult simulate(const ModelSpec& spec, int replication, Tracer* tracer, double until, const KernelOptions& options)
{
  const auto wall_start = std::chrono::steady_clock::now();
  // SimGrid parses its own options from argv; give it only a quiet log threshold.
  std::string arg0 = "greenfab", arg1 = "--log=root.thres:critical";
  char* argv[]     = {arg0.data(), arg1.data(), nullptr};
  int argc         = 2;
  sg4::Engine engine(&argc, argv);

  // The platform mirrors the factory: a host per station with one core per machine. The production
  // hot path runs on kernel timers, so hosts only give entities a place (energy plugs in here later).
  auto* zone = sg4::create_full_zone("factory");
  for (const auto& s : spec.stations)
    zone->create_host(s.name, 1.0)->set_core_count(s.machines);
  zone->seal();

  EventCalendar calendar;
  Line line(spec, replication, calendar, tracer);
  const double end = until >= 0 ? until : spec.run.warmup + spec.run.horizon;
  line.start(spec.run.warmup);
  SimGridDriver(calendar, options.run_ahead).run_until(end);

  RunResult r   = line.results(sg4::Engine::get_clock());
  r.replication = replication;
  r.seed        = spec.run.seed;
  r.events      = calendar.executed();
  r.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return r;
}

namespace {
struct Child {
  pid_t pid = -1;
  int fd    = -1;
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

Child spawn(const ModelSpec& spec, int replication, const KernelOptions& options)
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
    RunResult r;
    try {
      r = simulate(spec, replication, nullptr, -1, options);
    } catch (const std::exception& e) {
      r.replication = replication;
      r.seed        = spec.run.seed;
      r.status      = std::string("failed: ") + e.what();
    }
    write_all(fds[1], encode(r));
    ::close(fds[1]);
    _exit(0); // skip static destructors of the parent's image
  }
  ::close(fds[1]);
  return {pid, fds[0], {}};
}

RunResult collect(Child& c, const ModelSpec& spec, int replication)
{
  ::close(c.fd);
  int status = 0;
  while (::waitpid(c.pid, &status, 0) < 0 and errno == EINTR) {
  }
  if (WIFEXITED(status) and WEXITSTATUS(status) == 0) {
    try {
      return decode_run_result(c.bytes);
    } catch (const std::exception& e) {
      RunResult r;
      r.replication = replication;
      r.seed        = spec.run.seed;
      r.status      = std::string("failed: corrupt result: ") + e.what();
      return r;
    }
  }
  RunResult r;
  r.replication = replication;
  r.seed        = spec.run.seed;
  r.status      = WIFSIGNALED(status) ? "failed: replication process killed by signal " +
                                       std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")"
                                 : "failed: replication process exited with code " + std::to_string(WEXITSTATUS(status));
  return r;
}
} // namespace

std::vector<RunResult> run_replications(const ModelSpec& spec, int jobs, const ProgressCallback& progress,
                                        const KernelOptions& options)
{
  const int total = spec.run.replications;
  jobs            = std::max(1, std::min(jobs, total));
  std::vector<RunResult> results(static_cast<std::size_t>(total));
  std::map<int, Child> running; // by replication
  int next = 0, done = 0, reported = 0;
  std::vector<bool> finished(static_cast<std::size_t>(total), false);
  while (done < total) {
    while (next < total and static_cast<int>(running.size()) < jobs) {
      running.emplace(next, spawn(spec, next, options));
      ++next;
    }
    std::vector<pollfd> fds;
    std::vector<int> reps;
    for (auto& [rep, c] : running) {
      fds.push_back({c.fd, POLLIN, 0});
      reps.push_back(rep);
    }
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR)
        continue;
      throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (not(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      Child& c = running.at(reps[i]);
      char buf[65536];
      const ssize_t n = ::read(c.fd, buf, sizeof buf);
      if (n > 0) {
        c.bytes.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 and errno == EINTR)
        continue;
      results[static_cast<std::size_t>(reps[i])] = collect(c, spec, reps[i]);
      running.erase(reps[i]);
      finished[static_cast<std::size_t>(reps[i])] = true;
      ++done;
    }
    // Progress is reported in replication order so output does not depend on scheduling.
    while (reported < total and finished[static_cast<std::size_t>(reported)]) {
      if (progress)
        progress(results[static_cast<std::size_t>(reported)], reported + 1, total);
      ++reported;
    }
  }
  return results;
}

} // namespace greenfab
