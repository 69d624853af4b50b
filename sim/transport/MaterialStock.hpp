// A purchased material at the station that consumes it, replenished by a continuous-review (s, Q) policy or
// called off by a scheduled inbound milk run (InboundRun).
#pragma once
#include "core/RandomStream.hpp"
#include "core/Statistics.hpp"
#include "kernel/EventCalendar.hpp"
#include "model/TransportSpec.hpp"
#include "transport/TripLedger.hpp"

#include <algorithm>
#include <functional>
#include <map>

namespace greenfab {

/**
 * On hand, on order and the (s, Q) rule: after each consumption, while the inventory position (on hand +
 * on order) is at or below s, order Q; an order arrives one lead time later, carried from the supplier
 * (own fleet: an empty leg out and a laden leg back per vehicle load; bought: scope 3 upstream). A station
 * that cannot take material for its next cycle stops: its machines stay idle ("starved for material")
 * until an order arrives; that time is counted per station here (the machine state ledger shows it as
 * idle). Demand that waits is served on arrival, so the (s, Q) position never counts backorders.
 * Policy milk_run: no orders of its own; its InboundRun reviews inventory_position() at each departure,
 * call_off()s up to S and receive()s the goods at the end of the tour (the run books the transport).
 */
class MaterialStock final : public EventHandler {
public:
  MaterialStock(const PurchasedMaterial& material, const TransportSpec& spec, EventCalendar& calendar, TripLedger& ledger,
                SiteMeters* meters, std::function<void()> on_arrival, std::uint64_t seed, int replication,
                std::function<std::size_t()> waiting_parts = {});
  /** Enough on hand for a cycle of `parts` parts. */
  bool available(int parts) const { return on_hand_ >= m_.per_part * parts; }
  /** The station cannot start for want of this material: its starved time runs until an arrival. */
  void starve();
  /** Takes material for `parts` parts (available() must hold) and reorders by the policy. */
  void consume(int parts);
  void reset_statistics(double now);
  void on_event(int tag, std::uint64_t seq) override;

  /**
   * Demand waiting for this material [units]: while the station is starved for it, the parts queued there
   * x per_part (every one of them is demand that a stock-out holds back); 0 otherwise.
   */
  double backlog() const;
  /** On hand + on order - backlog [units]: what an order-up-to review compares with S. */
  double inventory_position() const { return on_hand_ + on_order_ - backlog(); }
  /** Milk run: `units` called off now (> 0); they are on order until receive(). */
  void call_off(double units);
  /** Milk run: `units` arrive now; the station is woken. */
  void receive(double units);

  const PurchasedMaterial& spec() const { return m_; }
  double on_hand() const { return on_hand_; }
  TimeWeighted level;        ///< units on hand
  TimeWeighted out_of_stock; ///< 1 while on hand < one part's need
  /** Time in the window the station waited for this material with work to do [s], up to `now`. */
  double starved_time(double now) const
  {
    return starved_s + (starved_since_ >= 0 ? now - std::max(starved_since_, window_start_) : 0.0);
  }
  std::uint64_t stockouts = 0, orders = 0, arrivals = 0;

private:
  void note_level(double now);
  const PurchasedMaterial& m_;
  const TransportSpec& t_;
  EventCalendar& calendar_;
  TripLedger& ledger_;
  SiteMeters* meters_;
  std::function<void()> on_arrival_;
  std::function<std::size_t()> waiting_parts_; ///< parts queued at the consuming station
  RandomStream rng_;
  double starved_s = 0;
  double on_hand_ = 0, on_order_ = 0;
  double starved_since_ = -1, window_start_ = 0;
};

} // namespace greenfab
