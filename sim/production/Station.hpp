// A workstation: parallel identical machines, its input buffer(s), and the rule that picks the next work.
#pragma once
#include "core/RandomStream.hpp"
#include "production/Buffer.hpp"
#include "production/Machine.hpp"

#include <deque>
#include <memory>
#include <vector>

namespace greenfab {

class Line;

/** Per-station counters over the measured window. */
struct StationCounters {
  std::uint64_t cycles = 0, parts_processed = 0, parts_good = 0, parts_scrapped = 0, setups = 0, failures = 0;
  double ideal_time = 0; ///< [s] sum of the mean processing time of every completed cycle (for OEE)
};

class Station {
public:
  Station(Line& line, const ModelSpec& spec, StationId id, std::uint64_t seed, int replication);
  Station(const Station&) = delete;
  Station& operator=(const Station&) = delete;

  const StationSpec& spec() const { return spec_; }
  StationId id() const { return id_; }
  const std::string& name() const { return spec_.name; }
  Line& line() { return line_; }

  /** The buffer a part of `product` enters here: the input buffer, or an assembly's component buffer. */
  Buffer& input_for(ProductId product, bool as_component);
  /** An assembly order (the parent part) waits here until its components are in. */
  void add_order(PartId parent);
  /** Gives work to every ready machine while there is work (run from the line's agenda). */
  void start_work();
  /** Free machines that would take a part arriving in `buffer` at once (for zero-capacity passing). */
  std::size_t immediate_takers(const Buffer& buffer) const;
  /**
   * Parts ready to be processed here but not started: the input buffer's parts, or an assembly's orders
   * whose components are all in. A starved station's demand for its purchased material (inbound milk runs).
   */
  std::size_t waiting_parts() const;

  RandomStream& process_rng() { return process_rng_; }
  RandomStream& setup_rng() { return setup_rng_; }
  RandomStream& scrap_rng() { return scrap_rng_; }
  StationCounters& counters() { return counters_; }
  const StationCounters& counters() const { return counters_; }
  std::vector<std::unique_ptr<Machine>>& machines() { return machines_; }
  const std::vector<std::unique_ptr<Machine>>& machines() const { return machines_; }
  std::vector<Buffer*> buffers();

  void reset_statistics(double now);

private:
  /** Loads work onto `machine`; sets `material_short` when work waits but purchased material is missing. */
  bool load_next(Machine& machine, bool& material_short);
  bool material_short_ = false; ///< the last start_work found work waiting for purchased material

  Line& line_;
  const StationSpec& spec_;
  StationId id_;
  std::unique_ptr<Buffer> input_;                          ///< null for an assembly station
  std::vector<std::unique_ptr<Buffer>> component_inputs_;  ///< by ProductId (null if not a component)
  std::deque<PartId> orders_;                              ///< assembly orders, oldest first
  std::vector<std::unique_ptr<Machine>> machines_;
  RandomStream process_rng_, setup_rng_, scrap_rng_;
  StationCounters counters_;
  std::vector<PartId> batch_scratch_;     ///< reused while picking a process batch
  std::vector<std::size_t> batch_counts_; ///< parts waiting per product, likewise
};

} // namespace greenfab
