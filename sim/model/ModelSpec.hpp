// The validated model: plain immutable data in SI units. Nothing downstream of the loader parses text.
#pragma once
#include "core/Distribution.hpp"
#include "model/SiteSpec.hpp"
#include "model/TransportSpec.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace greenfab {

/** Index into ModelSpec::products / stations. Indices, not names, flow into the kernel. */
using ProductId = int;
using StationId = int;

/** Time between failures and repair time of one machine; each parallel machine fails independently. */
struct FailureSpec {
  /** operating: the time between failures counts only while the machine processes (operation-dependent
   *  failures); calendar: it counts all the time, busy, idle, blocked or off shift (time-dependent). */
  enum class Clock { operating, calendar };
  /** What a failure does to the part in process (setup or processing): resume pauses it and goes on with
   *  the remaining work after the repair; restart loses the work done, which is redone in full (same
   *  duration) after the repair; finish lets the machine end the cycle first, then it goes down. */
  enum class Preemption { resume, restart, finish };
  Distribution between; ///< up time between the end of a repair and the next failure [s]
  Distribution repair;  ///< repair time [s]
  Clock clock           = Clock::operating;
  Preemption preemption = Preemption::resume;
};

/** A rate one machine draws in each of its states: electric power [W] or compressed air [m3/s]. */
struct StateRates {
  double standby = 0, idle = 0, setup = 0, processing = 0, down = 0, off_shift = 0, off = 0, warm_up = 0;
};

/** Electric power of one machine in each state [W], and the energy-saving policies (green kaizen). */
struct PowerSpec : StateRates {
  /** Processing power per product [W], indexed by ProductId; empty: `processing` for every product. */
  std::vector<double> processing_by_product;
  double warm_up_time = 0; ///< [s] to leave standby or off before work can start (the warm-up delays production)
  /** [s] idle time after which the machine switches to standby; nullopt: it never does. */
  std::optional<double> auto_standby;
  /** Switched off (`off` power) outside shifts; it warms up before its first work of the next shift. */
  bool off_outside_shifts = false;
  /** [s] with off_outside_shifts: the warm-up starts this long before the shift (nullopt: at shift start). */
  std::optional<double> warm_up_before_shift;
};

/** Mass of one material in one part of a product [kg] (the product's own material, components excluded). */
struct MaterialUse {
  int material = -1; ///< index into ResourceSpec::materials
  double mass  = 0;  ///< [kg] per part
};

/** Process waste of one type per part processed at a station [kg] (chips, offcuts, spent coolant). */
struct WasteUse {
  int waste_type = -1; ///< index into ResourceSpec::waste_types
  double mass    = 0;  ///< [kg] per part processed
};

/** Water drawn by a station: per part processed [m3], and per machine state [m3/s] (rinsing, cooling). */
struct WaterSpec {
  double per_part = 0;  ///< [m3] per part processed
  StateRates by_state;  ///< [m3/s] per machine of the station in each state (blocked draws the idle rate)
};

/** One input of an assembly station's bill of materials. */
struct BomLine {
  ProductId component = -1;
  int quantity        = 1;
};

/** A product type: the entity that flows, its route and its share of releases. */
struct ProductSpec {
  std::string name;
  double mix = 1;                 ///< share of releases, normalised to sum 1 over released products
  std::vector<StationId> route;   ///< stations visited in order
  std::vector<BomLine> bom;       ///< components assembled at route.front() (empty: not assembled)
  int lot_size = 1;               ///< consecutive releases of this product (setups are amortised over a lot)
  bool released = true;           ///< false for components, which are released through their parent's BOM
  std::vector<MaterialUse> materials; ///< material in one part, excluding its components (they count through the BOM)
  /** [kg] mass of one finished good part, for the per-tonne KPIs; NaN when not given (a component's is not
   *  used: it leaves the line inside its parent). */
  double mass = std::numeric_limits<double>::quiet_NaN();
};

/** A workstation: `machines` identical parallel machines fed by one FIFO input buffer per input stream. */
struct StationSpec {
  std::string name;
  int machines = 1;
  /** Processing time per product, indexed by ProductId; unset for products that never visit. */
  std::vector<std::optional<Distribution>> process;
  /** Setup time when a machine changes product, indexed by the product switched to; empty: no setups. */
  std::vector<std::optional<Distribution>> setup;
  int batch = 1;                  ///< parts of one product loaded and processed together in one cycle
  std::optional<FailureSpec> failures;
  double scrap = 0;               ///< probability that a processed part is scrapped here
  PowerSpec power;                ///< all zero when the model gives no power: energy is then 0
  StateRates air;                 ///< compressed air (free air delivered) per machine state [m3/s]
  /** Process heat delivered to the station per machine state [W] (ovens, furnaces, washers); its carrier,
   *  efficiency and waste heat are in SiteSpec::process_heat. All zero: no process heat. */
  StateRates heat;
  WaterSpec water;                ///< all zero when the model gives no water
  std::vector<WasteUse> waste;    ///< process waste per part processed, by type
  /** Capacity of the input buffer in waiting places (see docs/model-format.md#buffers); infinity if
   *  unlimited. For an assembly station this applies to each component's input buffer. */
  double buffer_capacity = std::numeric_limits<double>::infinity();
  bool is_assembly() const { return assembles >= 0; }
  ProductId assembles = -1;       ///< the product built here from its BOM, or -1
};

/**
 * A material of the `materials:` catalogue: its recycled content, price, cradle-to-gate footprint and the
 * waste type its scrap becomes. When the model selects a `variant`, the variant's values are already in
 * place here (the loader resolves it), so nothing downstream needs to know about variants.
 */
struct MaterialSpec {
  std::string name;
  double recycled = 0;   ///< share of secondary (recycled) material in what is bought [1]; the rest is primary
  double price    = 0;   ///< [currency/kg] 0 when not given
  int waste_type  = -1;  ///< index into ResourceSpec::waste_types: what a scrapped part's mass of it becomes
  /** [kg CO2e per kg] cradle-to-gate footprint of the material as bought (scope 3 category 1); NaN when
   *  the model gives none (its purchased-goods emissions are then unknown, not zero). */
  double cradle_to_gate = std::numeric_limits<double>::quiet_NaN();
  std::string source;    ///< where cradle_to_gate comes from, or the assumption ("" without a factor)
  std::string variant;   ///< the variant bought (e.g. "fossil_free"); "" for the catalogue's base entry
};

/** A waste type (scrap of a material, or process waste named by a station) and where it goes. */
struct WasteTypeSpec {
  std::string name;
  double reused = 0;        ///< share reused (on site or by a symbiosis partner, for free) [1]
  double sold   = 0;        ///< share sold on [1]; reused + sold <= 1, the rest is disposed of
  double sale_price    = 0; ///< [currency/kg] received for the sold share
  double disposal_cost = 0; ///< [currency/kg] paid for the disposed share
};

/** Materials, water and waste of the model: the catalogue and the site's waste handling (symbiosis). */
struct ResourceSpec {
  std::vector<MaterialSpec> materials;
  std::vector<WasteTypeSpec> waste_types; ///< every type produced: material scrap types, then station process waste
  std::string currency;                   ///< of every resource price ("" when none is given)
  bool any() const { return not materials.empty() or not waste_types.empty(); }
};

/** A weekly shift pattern: intervals [start, end) in seconds since Monday 00:00, sorted, merged, breaks removed. */
struct CalendarSpec {
  struct Interval {
    double start = 0, end = 0;
  };
  std::vector<Interval> working;  ///< empty with always_on: machines never stop for the calendar
  bool always_on = true;
  /** What happens to a part in process when a shift ends. */
  enum class AtShiftEnd { finish, resume, restart };
  AtShiftEnd at_shift_end = AtShiftEnd::finish;
};

/** How parts enter the line. */
struct ReleaseSpec {
  enum class Policy { push, conwip, kanban };
  Policy policy = Policy::push;
  /** Arrivals (release orders); nullopt: saturated, a new part is ready whenever the line takes one. */
  std::optional<Distribution> interarrival;
  int wip_cap = 0;                ///< CONWIP: maximum parts in the line (released, not yet finished or scrapped)
  /** Customers' orders release the parts (transport.outbound.customers[].orders), not an arrival process. */
  bool to_order = false;
  /** The finished-goods store's replenishment orders release the parts (make to stock, finished_goods). */
  bool to_stock = false;
  /** Arrivals of some kind (an arrival process or orders); false: saturated. */
  bool has_arrivals() const { return interarrival.has_value() or to_order or to_stock; }
};

/**
 * Make to stock (docs/model-format.md, "Finished goods"): a store at the end of the line serves customer
 * demand from stock and orders production when its inventory position (on hand + in production -
 * backordered) falls to the reorder point s, enough to bring it back to S. Base stock S is s = S - 1:
 * every unit demanded is a unit ordered. The store starts full (S on hand per product).
 */
struct FinishedGoodsSpec {
  enum class Shortage { backorder, lost_sale };
  Distribution demand;       ///< time between customer demands [s]; each demand's product follows the mix
  int demand_quantity = 1;   ///< units per demand (a partial shipment when the stock has fewer)
  int reorder_point   = 0;   ///< s
  int order_up_to     = 1;   ///< S
  Shortage shortage   = Shortage::backorder;
};

/** Run control: every value can also be set on the command line. */
/**
 * Bounds on one replication (run.limits), so a model that cannot finish (arrivals faster than service,
 * a mean time of 1e-300 s) stops with a message saying which limit it reached instead of running for
 * days or dying of bad_alloc. The defaults are far above what any shipped model needs (docs/model-format.md#limits).
 */
struct RunLimits {
  std::uint64_t events = 1'000'000'000; ///< events fired in the replication (warm-up included)
  std::uint64_t wip    = 1'000'000;     ///< parts in the system: released and unfinished, plus orders
                                        ///< waiting for release
  double memory        = 4e9;           ///< [bytes] resident memory of the replication's process
};

/** The most tasks (replications, or scenarios x replications in a sweep) one command runs: task ids and
 *  their counts stay far inside int, and a typo such as 2147483647 replications is refused at load. */
inline constexpr long long max_tasks = 10'000'000;
/** Largest run.limits.events / run.limits.wip accepted (a whole number exactly representable as double). */
inline constexpr double max_limit_count = 1e15;
/** Smallest run.limits.memory accepted: below it the process would stop before its first event. */
inline constexpr double min_limit_memory = 64e6;

struct RunSpec {
  std::string start = "2025-01-06T00:00"; ///< ISO date-time of simulated time 0 (a Monday by default)
  double start_week_offset = 0;  ///< seconds from the Monday 00:00 before `start` to `start` (from the loader)
  double warmup  = 0;            ///< [s] statistics are reset at this time
  double horizon = 7 * 86400.0;  ///< [s] length of the measured window after warm-up
  int replications = 1;
  std::uint64_t seed = 1;
  RunLimits limits;
};

/** A whole factory model, validated. */
struct ModelSpec {
  std::string name;
  std::string description;
  std::string source_file;       ///< path as given by the user
  std::string source_text;       ///< exact file text, embedded in results so a run can be rebuilt
  std::vector<ProductSpec> products;
  std::vector<StationSpec> stations;
  CalendarSpec calendar;
  ReleaseSpec release;
  RunSpec run;
  std::optional<SiteSpec> site;  ///< the site's energy system; absent: machine energy only
  ResourceSpec resources;
  TransportSpec transport;       ///< sites, fleets, shipping, internal moves, purchased materials (docs/transport.md)
  std::optional<FinishedGoodsSpec> finished_goods; ///< make to stock; absent: parts leave the line as made

  ProductId product_id(const std::string& n) const;  ///< -1 if absent
  StationId station_id(const std::string& n) const;  ///< -1 if absent
};

} // namespace greenfab
