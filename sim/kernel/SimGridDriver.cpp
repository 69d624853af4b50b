// The kernel-timer loop between SimGrid and the event calendar.
#include "kernel/SimGridDriver.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Engine.hpp>

namespace greenfab {

void SimGridDriver::arm()
{
  if (calendar_.empty() or calendar_.next_time() >= end_)
    return;
  simgrid::kernel::timer::Timer::set(calendar_.next_time(), [this] {
    calendar_.fire_due(simgrid::s4u::Engine::get_clock());
    arm();
  });
}

void SimGridDriver::run_until(double end)
{
  end_ = end;
  arm();
  simgrid::s4u::Engine::get_instance()->run_until(end);
}

} // namespace greenfab
