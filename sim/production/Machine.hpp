// One machine of a station: the state machine of setup, processing, blocking, failures and shifts.
#pragma once
#include "core/RandomStream.hpp"
#include "kernel/EventCalendar.hpp"
#include "model/ModelSpec.hpp"
#include "production/Buffer.hpp"

#include <array>
#include <span>
#include <string>
#include <vector>

namespace greenfab {

class Station;

/** What a machine is doing; time in each state is the ledger that state shares, OEE (and energy) use. */
/// starved_material: free, with work waiting, but a purchased material for the cycle is out of stock
/// (transport.inbound). Last, so the earlier states keep their index and column order.
enum class MachineState { processing, setup, idle, blocked, down, off_shift, standby, warm_up, off, starved_material };
inline constexpr std::size_t machine_state_count = 10;
const char* to_string(MachineState s);

class Machine final : public EventHandler, public SpaceWaiter {
public:
  Machine(Station& station, int index, RandomStream failure_rng);

  /** Free, up and on shift: ready to load work. */
  bool ready() const;
  /** Loads parts (one, or a batch of one product) and starts a setup or the processing. */
  void load(std::span<const PartId> parts);
  void load(PartId part) { load(std::span<const PartId>(&part, 1)); }
  void on_event(int tag, std::uint64_t seq) override;
  bool on_space(Buffer& buffer) override;
  /** Called by the station when the shift calendar switches. */
  void shift_ended();
  void shift_started();
  /** Starts the failure process and the auto-standby timer (called once at time 0). */
  void start();

  void reset_statistics(double now);
  /** Time spent in each state since the last reset, closed at `now`. */
  std::array<double, machine_state_count> state_times(double now) const;
  /** Electric energy since the last reset [J], closed at `now`: power of each state x time in it. */
  double energy(double now) const;
  /** Electric energy per state since the last reset [J], closed at `now`. */
  std::array<double, machine_state_count> state_energy(double now) const;
  /** Starts the warm-up ahead of the shift (policy warm_up_before_shift); ignored unless switched off. */
  void warm_up_for_shift();
  const std::string& name() const { return name_; }
  /** The station found work for this free machine but no purchased material (or found it again). */
  void set_material_starved(bool starved);

private:
  enum Tag { end_of_phase, failure, end_of_repair, standby_timer };
  friend class Line; // schedules warm_up_for_shift() through on_event with this tag
  static constexpr int pre_shift_warm_up = 100;
  enum class Phase { free, warm_up, setup, processing, holding };

  void start_setup_or_processing();
  void start_processing();
  double power(MachineState s) const;
  double air(MachineState s) const;
  double heat(MachineState s) const; ///< process heat demand [W]
  /** A per-state rate (air, heat): blocked and starved for material draw the idle rate. */
  static double rate(const StateRates& r, MachineState s);
  void begin_warm_up();
  void begin_phase(Phase phase, double duration);
  void run_phase();
  void pause_phase();
  bool may_run() const;
  void finish_processing();
  void unload();
  void fail();
  /** Goes down for a repair: counts the failure, draws the repair time and schedules its end. */
  void begin_repair(const char* and_then);
  /** The part in process (setup or processing, running or paused) that a failure would preempt. */
  bool holds_work_in_process() const { return phase_ == Phase::setup or phase_ == Phase::processing; }
  void refresh_state();
  MachineState derive_state() const;
  void trace(const std::string& what) const;

  Station& station_;
  std::string name_;
  Phase phase_ = Phase::free;
  std::vector<PartId> load_;
  std::size_t unloaded_ = 0;     ///< parts of load_ already moved on (blocking may stop midway)
  ProductId last_product_ = -1;  ///< setup state of the machine
  bool running_ = false;         ///< the phase clock runs (false when paused by a failure or a shift end)
  double phase_duration_ = 0;    ///< full duration of the current phase (restart mode redoes it)
  double remaining_ = 0;         ///< phase time left when paused / at last start
  double started_ = 0;           ///< when the phase clock last started
  std::uint64_t phase_seq_ = 0;  ///< pending end-of-phase event (0: none)
  bool down_ = false;
  double time_to_failure_ = 0;   ///< operating clock: processing time left before the next failure
  std::uint64_t failure_seq_ = 0;
  bool failure_pending_ = false; ///< preemption finish: failed during the cycle, goes down at its end
  RandomStream failure_rng_;
  bool standby_ = false;          ///< switched to standby by the auto-standby policy: a warm-up precedes work
  std::uint64_t standby_seq_ = 0; ///< pending auto-standby timer (0: none)
  bool off_ = false;              ///< switched off outside shifts: a warm-up precedes work
  bool pre_shift_ = false;        ///< warming up ahead of the shift: the phase runs although off shift
  bool material_starved_ = false; ///< set by the station: work waits but its material is out of stock
  MachineState state_ = MachineState::idle;
  double since_ = 0;
  std::array<double, machine_state_count> time_in_{};
  std::array<double, machine_state_count> energy_in_{}; ///< [J] closed segments since the last reset
};

} // namespace greenfab
