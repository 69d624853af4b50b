// A minimal hand-written simulation of a saturated serial line: the speed baseline greenfab is measured against.
#pragma once
#include "core/RandomStream.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace greenfab::bench {

/** The line both simulators run: stations in series, one machine each, exponential processing. */
struct BareLineConfig {
  std::vector<std::string> station_names; ///< also the random-stream keys, as greenfab's Station uses them
  double mean_process_s = 1.0;            ///< mean of the exponential processing time at every station
  int buffer_capacity   = 5;              ///< waiting places in front of every station (>= 1)
  double warmup_s       = 0;              ///< cycles are counted from here on
  double end_s          = 0;              ///< events at or after this time are not run
  std::uint64_t seed    = 1;
  int replication       = 0;
};

struct BareLineResult {
  std::vector<std::uint64_t> cycles; ///< completed processing cycles per station in [warmup, end)
  std::uint64_t events = 0;          ///< calendar events executed
  double throughput_per_s = 0;       ///< parts leaving the last station per second of the window
};

/**
 * The fastest reasonable baseline: a binary heap of (time, seq, entity, kind) events, stations as plain
 * counters (parts are identical, so no part objects), zero-time reactions (a freed place unblocks the
 * upstream machine, which then takes its next part, ...) as a direct loop instead of an agenda.
 * Semantics match greenfab's Line: a saturated source keeps the first buffer full, blocking after
 * service, FIFO ties. It draws the k-th processing time of a station from the same stream greenfab's
 * Station does ((seed, replication, station name, "process")), so both follow the same sample path and
 * their cycle counts agree exactly, not only statistically.
 */
class BareLine {
public:
  explicit BareLine(const BareLineConfig& config);
  BareLineResult run();

private:
  enum Kind : std::uint32_t { end_of_service };
  struct Event {
    double time;
    std::uint64_t seq;
    std::uint32_t entity;
    std::uint32_t kind;
  };
  struct Station {
    RandomStream rng;
    int waiting   = 0;     ///< parts in the input buffer
    bool busy     = false; ///< processing a part
    bool blocked  = false; ///< holding a finished part, the next buffer is full
    std::uint64_t cycles = 0;
  };

  void schedule(double time, std::uint32_t entity, Kind kind);
  Event pop();
  void end_service(std::size_t s);
  void start_chain(std::size_t s);

  BareLineConfig config_;
  std::vector<Event> heap_;
  std::vector<Station> stations_;
  double now_ = 0;
  std::uint64_t next_seq_ = 0;
};

} // namespace greenfab::bench
