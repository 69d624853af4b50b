// Machine state machine. Every change of what the machine does goes through refresh_state(), which closes
// the previous state's time segment: the state ledger is exact by construction.
#include "production/Machine.hpp"
#include "core/Units.hpp"
#include "production/Line.hpp"
#include "production/Station.hpp"

namespace greenfab {

const char* to_string(MachineState s)
{
  switch (s) {
    case MachineState::processing: return "processing";
    case MachineState::setup: return "setup";
    case MachineState::idle: return "idle";
    case MachineState::blocked: return "blocked";
    case MachineState::down: return "down";
    case MachineState::off_shift: return "off_shift";
    case MachineState::standby: return "standby";
    case MachineState::warm_up: return "warm_up";
    case MachineState::off: return "off";
    case MachineState::starved_material: return "starved_material";
  }
  return "?";
}

Machine::Machine(Station& station, int index, RandomStream failure_rng)
    : station_(station)
    , name_(station.spec().machines > 1 ? station.name() + "#" + std::to_string(index + 1) : station.name())
    , failure_rng_(failure_rng)
{
  state_ = derive_state();
  if (SiteMeters* meters = station.line().meters()) { // the meters integrate changes from this level on
    meters->machine_power.change(0, power(state_));
    meters->air_flow.change(0, air(state_));
    if (station.id() < static_cast<StationId>(meters->process_heat.size()))
      meters->process_heat[static_cast<std::size_t>(station.id())].change(0, heat(state_));
  }
}

bool Machine::ready() const { return phase_ == Phase::free and not down_ and station_.line().on_shift(); }

bool Machine::may_run() const
{
  // "finish" completes a started part even after the shift has ended.
  return not down_ and (station_.line().on_shift() or pre_shift_ or
                        station_.line().spec().calendar.at_shift_end == CalendarSpec::AtShiftEnd::finish);
}

void Machine::trace(const std::string& what) const
{
  if (Tracer* t = station_.line().tracer())
    t->record(station_.line().now(), name_, what);
}

void Machine::load(std::span<const PartId> parts)
{
  load_.assign(parts.begin(), parts.end()); // keeps the vector's capacity: no allocation per cycle
  unloaded_ = 0;
  if (standby_) {
    // Leaving standby takes a warm-up, which delays the part: the trade-off is simulated, not assumed.
    standby_ = false;
    const double w = station_.spec().power.warm_up_time;
    if (w > 0) {
      trace("warms up (" + format_duration(w) + ")");
      begin_phase(Phase::warm_up, w);
      return;
    }
  }
  start_setup_or_processing();
}

void Machine::begin_warm_up()
{
  off_           = false;
  const double w = station_.spec().power.warm_up_time;
  trace(std::string(pre_shift_ ? "switches on ahead of the shift" : "switches on") +
        (w > 0 ? ", warming up (" + format_duration(w) + ")" : ""));
  if (w > 0) {
    begin_phase(Phase::warm_up, w);
    return;
  }
  pre_shift_ = false;
  refresh_state();
  station_.line().post_start_work(station_);
}

void Machine::warm_up_for_shift()
{
  if (not off_ or phase_ != Phase::free or down_ or station_.line().on_shift())
    return; // a machine holding a paused part was not switched off; a failed one warms up once repaired
  pre_shift_ = true;
  begin_warm_up();
}

void Machine::start_setup_or_processing()
{
  Line& line              = station_.line();
  const ProductId product = line.parts()[load_.front()].product;
  const auto& setups      = station_.spec().setup;
  if (last_product_ >= 0 and last_product_ != product and not setups.empty() and
      setups[static_cast<std::size_t>(product)] and not setups[static_cast<std::size_t>(product)]->is_zero()) {
    const double d = setups[static_cast<std::size_t>(product)]->sample(station_.setup_rng());
    if (line.tracer())
      trace("sets up for " + line.spec().products[static_cast<std::size_t>(product)].name + " (" +
            format_duration(d) + ")");
    begin_phase(Phase::setup, d);
    return;
  }
  start_processing();
}

void Machine::start_processing()
{
  Line& line              = station_.line();
  const ProductId product = line.parts()[load_.front()].product;
  last_product_           = product;
  const double d = station_.spec().process[static_cast<std::size_t>(product)]->sample(station_.process_rng());
  if (line.tracer()) {
    std::string what = "starts " + line.describe(load_.front());
    if (load_.size() > 1)
      what += " (batch of " + std::to_string(load_.size()) + ")";
    trace(what + ", processing " + format_duration(d));
  }
  begin_phase(Phase::processing, d);
}

void Machine::begin_phase(Phase phase, double duration)
{
  phase_          = phase;
  phase_duration_ = duration;
  remaining_      = duration;
  running_        = false;
  if (may_run())
    run_phase();
  refresh_state();
}

void Machine::run_phase()
{
  Line& line = station_.line();
  running_   = true;
  started_   = line.now();
  phase_seq_ = line.calendar().schedule(line.now() + remaining_, this, end_of_phase);
  const auto& f = station_.spec().failures;
  if (phase_ == Phase::processing and f and f->clock == FailureSpec::Clock::operating and
      not failure_pending_ and time_to_failure_ < remaining_)
    failure_seq_ = line.calendar().schedule(line.now() + time_to_failure_, this, failure);
}

void Machine::pause_phase()
{
  if (not running_)
    return;
  const double elapsed = station_.line().now() - started_;
  remaining_ -= elapsed;
  const auto& f = station_.spec().failures;
  if (phase_ == Phase::processing and f and f->clock == FailureSpec::Clock::operating) {
    time_to_failure_ -= elapsed;
    failure_seq_ = 0;
  }
  running_   = false;
  phase_seq_ = 0;
}

void Machine::on_event(int tag, std::uint64_t seq)
{
  switch (tag) {
    case end_of_phase:
      if (seq != phase_seq_)
        return; // cancelled by a failure or a shift end
      pause_phase();
      if (phase_ == Phase::warm_up) {
        pre_shift_ = false;
        if (load_.empty()) { // switched on without work: ready for the first part
          phase_ = Phase::free;
          refresh_state();
          station_.line().post_start_work(station_);
          return;
        }
        start_setup_or_processing();
      } else if (phase_ == Phase::setup) {
        ++station_.counters().setups;
        start_processing();
      } else if (failure_pending_) {
        // The failure waited for the end of the cycle. Down before the part leaves, so that the station
        // gives this machine no new work while it unloads.
        failure_pending_ = false;
        down_            = true;
        finish_processing();
        begin_repair("");
      } else {
        finish_processing();
      }
      return;
    case failure:
      if (seq != failure_seq_)
        return;
      failure_seq_ = 0;
      if (station_.spec().failures->preemption == FailureSpec::Preemption::finish and holds_work_in_process()) {
        failure_pending_ = true;
        trace("fails, finishing the part first");
        return;
      }
      fail();
      return;
    case end_of_repair: {
      down_ = false;
      trace("repaired");
      const auto& f = *station_.spec().failures;
      if (f.clock == FailureSpec::Clock::operating)
        time_to_failure_ = f.between.sample(failure_rng_);
      else
        failure_seq_ = station_.line().calendar().schedule(station_.line().now() + f.between.sample(failure_rng_),
                                                           this, failure);
      if (phase_ != Phase::free and phase_ != Phase::holding and may_run())
        run_phase();
      if (off_ and phase_ == Phase::free and station_.line().on_shift()) {
        begin_warm_up(); // was switched off over the shift end and repaired during the shift
        return;
      }
      refresh_state();
      if (phase_ == Phase::free)
        station_.line().post_start_work(station_);
      return;
    }
    case pre_shift_warm_up: warm_up_for_shift(); return;
    case standby_timer:
      if (seq != standby_seq_ or state_ != MachineState::idle)
        return; // work came, or the machine failed or went off shift, before the timer ran out
      standby_seq_ = 0;
      standby_     = true;
      trace("switches to standby");
      refresh_state();
      return;
    default: return;
  }
}

void Machine::fail()
{
  pause_phase();
  const bool restarts =
      station_.spec().failures->preemption == FailureSpec::Preemption::restart and holds_work_in_process();
  if (restarts)
    remaining_ = phase_duration_; // the work done on the part is lost
  down_ = true;
  begin_repair(restarts ? "; the part in process starts again after it" : "");
}

void Machine::begin_repair(const char* and_then)
{
  ++station_.counters().failures;
  const double repair = station_.spec().failures->repair.sample(failure_rng_);
  if (station_.line().tracer()) {
    std::string what = "fails (repair ";
    what += format_duration(repair);
    what += ")";
    what += and_then;
    trace(what);
  }
  station_.line().calendar().schedule(station_.line().now() + repair, this, end_of_repair);
  refresh_state();
}

void Machine::start()
{
  Line& line = station_.line();
  if (Tracer* t = line.tracer())
    t->state(line.now(), name_, to_string(state_)); // the initial state opens the state log
  if (station_.spec().power.auto_standby and state_ == MachineState::idle)
    standby_seq_ = line.calendar().schedule(line.now() + *station_.spec().power.auto_standby, this, standby_timer);
  const auto& f = station_.spec().failures;
  if (not f)
    return;
  if (f->clock == FailureSpec::Clock::operating)
    time_to_failure_ = f->between.sample(failure_rng_);
  else
    failure_seq_ = line.calendar().schedule(line.now() + f->between.sample(failure_rng_), this, failure);
}

void Machine::finish_processing()
{
  Line& line              = station_.line();
  auto& c                 = station_.counters();
  const ProductId product = line.parts()[load_.front()].product;
  ++c.cycles;
  if (line.tracer())
    trace("finishes " + line.describe(load_.front()) +
          (load_.size() > 1 ? " and " + std::to_string(load_.size() - 1) + " more of the batch" : ""));
  c.ideal_time += station_.spec().process[static_cast<std::size_t>(product)]->mean();
  const double scrap = station_.spec().scrap;
  // Scrap is decided per part, from the station's own stream; good parts stay in load_, in order.
  std::size_t kept = 0;
  for (PartId p : load_) {
    ++c.parts_processed;
    if (scrap > 0 and station_.scrap_rng().uniform01() < scrap) {
      ++c.parts_scrapped;
      if (line.tracer())
        trace("scraps " + line.describe(p));
      line.scrap(p);
    } else {
      ++c.parts_good;
      load_[kept++] = p;
    }
  }
  load_.resize(kept);
  unloaded_ = 0;
  phase_    = Phase::holding;
  unload();
}

void Machine::unload()
{
  Line& line = station_.line();
  while (unloaded_ < load_.size()) {
    const PartId p = load_[unloaded_];
    Buffer* next   = line.next_buffer(line.parts()[p]);
    if (next == nullptr) {
      line.complete(p);
    } else if (next->can_accept()) {
      line.move_on(p, *next);
    } else {
      if (state_ != MachineState::blocked and line.tracer())
        trace("is blocked: " + next->name() + " is full");
      next->wait_for_space(this);
      refresh_state();
      return;
    }
    ++unloaded_;
  }
  load_.clear();
  phase_ = Phase::free;
  if (station_.spec().power.off_outside_shifts and not line.on_shift() and not off_) {
    off_ = true; // finished its last part after the shift end
    trace("switches off until the next shift");
  }
  refresh_state();
  line.post_start_work(station_);
}

bool Machine::on_space(Buffer& buffer)
{
  Line& line = station_.line();
  while (unloaded_ < load_.size()) {
    const PartId p = load_[unloaded_];
    // Parts of a batch all go to the same kind of next buffer only if they share a route; check each.
    Buffer* next = line.next_buffer(line.parts()[p]);
    if (next != &buffer) {
      // A later part of the batch needs another buffer: go through the normal path.
      unload();
      return true;
    }
    if (not buffer.can_accept())
      return false;
    line.move_on(p, buffer);
    ++unloaded_;
  }
  unload(); // releases the machine
  return true;
}

void Machine::shift_ended()
{
  // Switch-off applies to a machine without work; one finishing its part is switched off when it is free.
  if (station_.spec().power.off_outside_shifts and not station_.line().on_shift() and phase_ == Phase::free and
      not off_) {
    off_     = true;
    standby_ = false;
    trace("switches off until the next shift");
  }
  if (station_.line().spec().calendar.at_shift_end == CalendarSpec::AtShiftEnd::finish) {
    refresh_state();
    return;
  }
  if (running_) {
    pause_phase();
    if (station_.line().spec().calendar.at_shift_end == CalendarSpec::AtShiftEnd::restart)
      remaining_ = phase_duration_; // the work done so far is lost
    trace(std::string(station_.line().spec().calendar.at_shift_end == CalendarSpec::AtShiftEnd::restart
                          ? "stops; the part restarts next shift"
                          : "pauses until the next shift"));
  }
  refresh_state();
}

void Machine::shift_started()
{
  if (phase_ != Phase::free and phase_ != Phase::holding and not running_ and may_run())
    run_phase();
  if (off_ and phase_ == Phase::free and not down_) {
    begin_warm_up(); // switched on at the shift start: production waits for the warm-up
    return;
  }
  refresh_state();
}

MachineState Machine::derive_state() const
{
  if (running_)
    return phase_ == Phase::setup     ? MachineState::setup
           : phase_ == Phase::warm_up ? MachineState::warm_up
                                      : MachineState::processing;
  // Off shift outranks down: a repair outside planned time is no availability loss (OEE convention).
  if (not station_.line().on_shift())
    return off_ ? MachineState::off : MachineState::off_shift;
  if (down_)
    return MachineState::down;
  if (off_)
    return MachineState::off; // on shift but not yet switched on: only while a failure delays it
  if (phase_ == Phase::holding)
    return MachineState::blocked;
  if (material_starved_ and phase_ == Phase::free)
    return MachineState::starved_material; // ranks above standby: the machine is waiting for a delivery
  return standby_ ? MachineState::standby : MachineState::idle;
}

double Machine::power(MachineState s) const
{
  const PowerSpec& p = station_.spec().power;
  switch (s) {
    case MachineState::processing:
      return p.processing_by_product.empty() or last_product_ < 0
                 ? p.processing
                 : p.processing_by_product[static_cast<std::size_t>(last_product_)];
    case MachineState::setup: return p.setup;
    case MachineState::idle: return p.idle;
    case MachineState::blocked: return p.idle; // holding a finished part, ready otherwise
    case MachineState::down: return p.down;
    case MachineState::off_shift: return p.off_shift;
    case MachineState::standby: return p.standby;
    case MachineState::warm_up: return p.warm_up;
    case MachineState::off: return p.off;
    case MachineState::starved_material: return p.idle; // ready to work, waiting for material
  }
  return 0;
}

double Machine::air(MachineState s) const { return rate(station_.spec().air, s); }

double Machine::heat(MachineState s) const { return rate(station_.spec().heat, s); }

double Machine::rate(const StateRates& a, MachineState s)
{
  switch (s) {
    case MachineState::processing: return a.processing;
    case MachineState::setup: return a.setup;
    case MachineState::idle: return a.idle;
    case MachineState::blocked: return a.idle;
    case MachineState::down: return a.down;
    case MachineState::off_shift: return a.off_shift;
    case MachineState::standby: return a.standby;
    case MachineState::warm_up: return a.warm_up;
    case MachineState::off: return a.off;
    case MachineState::starved_material: return a.idle;
  }
  return 0;
}

void Machine::refresh_state()
{
  const MachineState s = derive_state();
  if (s == state_)
    return;
  const double now = station_.line().now();
  time_in_[static_cast<std::size_t>(state_)] += now - since_;
  const double old_power = power(state_);
  energy_in_[static_cast<std::size_t>(state_)] += old_power * (now - since_);
  if (SiteMeters* meters = station_.line().meters()) {
    meters->machine_power.change(now, power(s) - old_power);
    meters->air_flow.change(now, air(s) - air(state_));
    if (station_.id() < static_cast<StationId>(meters->process_heat.size()))
      meters->process_heat[static_cast<std::size_t>(station_.id())].change(now, heat(s) - heat(state_));
  }
  state_ = s;
  since_ = now;
  if (Tracer* t = station_.line().tracer())
    t->state(now, name_, to_string(s));
  // Entering idle starts the auto-standby timer; it is checked when it fires (work may have come).
  if (s == MachineState::idle and station_.spec().power.auto_standby)
    standby_seq_ = station_.line().calendar().schedule(now + *station_.spec().power.auto_standby, this, standby_timer);
}

void Machine::set_material_starved(bool starved)
{
  if (starved == material_starved_)
    return;
  material_starved_ = starved;
  if (starved and phase_ == Phase::free)
    trace("is starved for material");
  refresh_state();
}

void Machine::reset_statistics(double now)
{
  time_in_.fill(0);
  energy_in_.fill(0);
  since_ = now;
}

double Machine::energy(double now) const
{
  double e = 0;
  for (double x : state_energy(now))
    e += x;
  return e;
}

std::array<double, machine_state_count> Machine::state_energy(double now) const
{
  auto e = energy_in_;
  e[static_cast<std::size_t>(state_)] += power(state_) * (now - since_);
  return e;
}

std::array<double, machine_state_count> Machine::state_times(double now) const
{
  auto t = time_in_;
  t[static_cast<std::size_t>(state_)] += now - since_;
  return t;
}

} // namespace greenfab
