// The kernel-timer loop between SimGrid and the event calendar.
#include "kernel/SimGridDriver.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Engine.hpp>

namespace greenfab {

void SimGridDriver::arm()
{
  if (calendar_.stopped() or calendar_.empty() or calendar_.next_time() >= end_)
    return;
  simgrid::kernel::timer::Timer::set(calendar_.next_time(), [this] {
    calendar_.fire_due(simgrid::s4u::Engine::get_clock());
    run_ahead();
    arm();
  });
}

void SimGridDriver::run_ahead()
{
  if (not run_ahead_)
    return;
  const auto* engine = simgrid::s4u::Engine::get_instance();
  while (not calendar_.stopped() and not calendar_.empty() and engine->get_actor_count() == 0) {
    // SimGrid's next own timer bounds what may run now (our timer was removed before its callback ran).
    double bound      = end_;
    const double next = simgrid::kernel::timer::Timer::next();
    if (next >= 0 and next < bound)
      bound = next;
    if (calendar_.next_time() >= bound)
      return;
    calendar_.fire_due(calendar_.next_time());
  }
}

void SimGridDriver::run_until(double end)
{
  end_ = end;
  arm();
  simgrid::s4u::Engine::get_instance()->run_until(end);
}

} // namespace greenfab
