// Receiver of the event-by-event narrative (`greenfab trace`); the kernel formats text only when one is set.
#pragma once
#include <string>

namespace greenfab {

class Tracer {
public:
  virtual ~Tracer() = default;
  /** One narrative line: simulated time [s], the entity ("lathe#2", "source"), what happened. */
  virtual void record(double time, const std::string& who, const std::string& what) = 0;
  /** A machine enters `state` (the names of docs/kpis.md) at `time` [s]: the state log that Gantt charts
   *  are drawn from. Called at start for the initial state, then on every change of the state ledger. */
  virtual void state(double /*time*/, const std::string& /*machine*/, const char* /*state*/) {}
};

} // namespace greenfab
