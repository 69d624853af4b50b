// The production line of one run: owns every entity, routes parts, keeps line-level statistics.
#pragma once
#include "core/Statistics.hpp"
#include "energy/RateMeter.hpp"
#include "kernel/EventCalendar.hpp"
#include "production/Part.hpp"
#include "production/Source.hpp"
#include "production/Station.hpp"
#include "production/Tracer.hpp"
#include "results/RunResult.hpp"

#include <deque>
#include <map>
#include <memory>
#include <vector>

namespace greenfab {

struct ResourceCounts; // production/ResourceAccount.hpp
class Transport;
class FinishedGoods;

/**
 * Built from a validated ModelSpec for one replication. Entities react to calendar events; follow-up
 * work at the same instant (a freed place lets a blocked machine unload, an arrival wakes a station)
 * goes through a FIFO agenda instead of nested calls, so chains of zero-time reactions run in a
 * defined order without deep recursion.
 */
class Line final : public EventHandler {
public:
  /** `meters` (optional) receive every change of machine power and air demand, for the site's energy. */
  Line(const ModelSpec& spec, int replication, EventCalendar& calendar, Tracer* tracer = nullptr,
       SiteMeters* meters = nullptr);
  ~Line();
  Line(const Line&) = delete;
  Line& operator=(const Line&) = delete;

  /** Schedules the first events; `warmup` [s] is when statistics are reset. */
  void start(double warmup);
  RunResult results(double now) const;

  // Services for the entities.
  const ModelSpec& spec() const { return spec_; }
  EventCalendar& calendar() { return calendar_; }
  double now() const { return calendar_.now(); }
  PartPool& parts() { return parts_; }
  Tracer* tracer() const { return tracer_; }
  bool on_shift() const { return on_shift_; }
  SiteMeters* meters() const { return meters_; }
  Station& station(StationId id) { return *stations_[static_cast<std::size_t>(id)]; }

  void post_start_work(Station& s) { post({Action::start_work, &s}); }
  void post_serve(Buffer& b) { post({Action::serve, &b}); }
  void post_release() { post({Action::release, nullptr}); }

  /** Creates a part of `product` released now and sends it to its first buffer (queueing outside if full). */
  PartId release(ProductId product, std::int32_t order = -1);
  /** Where the part goes after finishing route step part.step: a buffer, or nullptr when it leaves. */
  Buffer* next_buffer(const Part& part);
  /**
   * Puts a finished part into its next buffer (which must accept it) and advances its route step; with
   * internal transport the place is reserved and the part enters it when the fleet has moved it.
   */
  void move_on(PartId part, Buffer& next);
  /** A finished part of a released product leaves the line. */
  void complete(PartId part);
  /** Make to stock: the finished-goods store orders `quantity` parts of `product` (released in order). */
  void order_production(ProductId product, int quantity);
  /** A part scrapped at a station leaves the line (a component is replaced by a new release). */
  void scrap(PartId part);
  /** The components of an assembly order were consumed: they are no longer in the line. */
  void consume_component(PartId part) { parts_.destroy(part); }
  /** Purchased material for a cycle of `parts` parts at `station` (transport.inbound): false while out of stock. */
  bool take_material(StationId station, int parts);
  Buffer& entry_buffer(ProductId product);
  std::size_t wip() const { return wip_count_; }
  /** Everything the run holds per part (run.limits.wip): parts in the line, components and replacements
   *  included, plus orders waiting for release. */
  std::size_t parts_in_system() const;
  /** Stops the run (the calendar) once parts_in_system() exceeds run.limits.wip; called wherever parts or
   *  waiting orders are added, so the run stops at exactly limit + 1. */
  void check_wip();
  /** The parts in the system when check_wip() stopped the run, or 0. */
  std::size_t wip_limit_reached() const { return wip_limit_reached_; }
  std::string describe(PartId part) const;

  void on_event(int tag, std::uint64_t seq) override;

private:
  struct Action {
    enum Kind { start_work, serve, release } kind;
    void* target;
  };
  void post(Action a);
  void perform(const Action& a);
  void schedule_next_shift_change();
  void schedule_pre_shift_warm_ups();
  void reset_statistics();
  ResourceCounts resource_counts(double now, double good_parts, double machine_energy) const;

  const ModelSpec& spec_;
  EventCalendar& calendar_;
  Tracer* tracer_;
  SiteMeters* meters_;
  PartPool parts_;
  std::vector<std::unique_ptr<Station>> stations_;
  std::unique_ptr<Source> source_;
  std::unique_ptr<Transport> transport_; ///< nullptr without a transport section
  std::unique_ptr<FinishedGoods> finished_goods_; ///< nullptr unless made to stock
  std::map<Buffer*, std::unique_ptr<EntryQueue>> entry_queues_;
  std::deque<Action> agenda_;
  bool draining_ = false;
  bool on_shift_ = true;
  std::int64_t serial_ = 0;
  std::size_t wip_limit_reached_ = 0;

  // Line statistics over the measured window.
  std::size_t wip_count_ = 0;
  TimeWeighted wip_;
  Moments lead_times_;
  QuantileHistogram lead_time_quantiles_;
  std::vector<Moments> lead_times_by_product_;
  std::vector<std::uint64_t> scrapped_by_product_, released_by_product_;
  std::vector<std::uint64_t> made_by_product_; ///< every release, components included (material input)
  std::uint64_t released_ = 0, scrapped_ = 0;
  double window_start_ = 0;
};

} // namespace greenfab
