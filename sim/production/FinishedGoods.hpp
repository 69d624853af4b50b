// Make to stock: the finished-goods store at the end of the line, its customer demand and its orders to
// the line (base stock or (s, S)), with backorders or lost sales.
#pragma once
#include "core/RandomStream.hpp"
#include "core/Statistics.hpp"
#include "kernel/EventCalendar.hpp"
#include "model/ModelSpec.hpp"
#include "results/RunResult.hpp"

#include <deque>
#include <vector>

namespace greenfab {

class Line;

class FinishedGoods final : public EventHandler {
public:
  FinishedGoods(Line& line, const ModelSpec& spec, std::uint64_t seed, int replication);
  /** Schedules the first demand (the store starts full: S on hand per product). */
  void start();
  /** A finished part of `product` arrives: it fills the oldest backorder, or goes on the shelf. */
  void receive(ProductId product);
  /** A part the store ordered was scrapped: it will not arrive, so the inventory position drops. */
  void lost_in_production(ProductId product);
  void on_event(int tag, std::uint64_t seq) override; ///< a customer demand
  void reset_statistics(double now);
  /** KPIs (fg_*) and the finished_goods table, one row per stocked product. */
  void add_results(RunResult& r, double now) const;

private:
  struct Backorder {
    double since = 0; ///< when the demand came [s]
    int units    = 0; ///< units still owed
  };
  /** One product's shelf, what is on order for it, and its statistics over the measured window. */
  struct Shelf {
    int on_hand = 0, in_production = 0, backordered = 0;
    std::deque<Backorder> backorders; ///< oldest first
    TimeWeighted on_hand_level, backorder_level;
    std::uint64_t demands = 0, demands_complete = 0, units_demanded = 0, units_from_stock = 0, units_lost = 0;
    std::uint64_t production_orders = 0, units_ordered = 0;
    Moments backorder_wait; ///< [s] demand to shipment, per backordered unit shipped in the window
    Moments customer_wait;  ///< [s] per unit shipped in the window, 0 when it came from stock
  };
  ProductId draw_product();
  /** Orders up to S when the inventory position is at or below s. */
  void review(ProductId product);
  void record_levels(Shelf& shelf);

  Line& line_;
  const ModelSpec& spec_;
  const FinishedGoodsSpec& fg_;
  RandomStream demand_rng_, mix_rng_;
  std::vector<Shelf> shelves_; ///< by ProductId (components have none: they are never demanded)
};

} // namespace greenfab
