// Receiver of the event-by-event narrative (`greenfab trace`); the kernel formats text only when one is set.
#pragma once
#include <string>

namespace greenfab {

class Tracer {
public:
  virtual ~Tracer() = default;
  /** One narrative line: simulated time [s], the entity ("lathe#2", "source"), what happened. */
  virtual void record(double time, const std::string& who, const std::string& what) = 0;
};

} // namespace greenfab
