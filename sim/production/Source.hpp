// Releases parts into the line: arrival process or saturated, product mix and lots, push/CONWIP/kanban.
#pragma once
#include "core/RandomStream.hpp"
#include "kernel/EventCalendar.hpp"
#include "production/Buffer.hpp"

#include <deque>

namespace greenfab {

class Line;

class Source final : public EventHandler, public SpaceWaiter {
public:
  Source(Line& line, const ModelSpec& spec, std::uint64_t seed, int replication);
  /** Schedules the first arrival (arrival mode) and releases what the policy allows. */
  void start();
  /** Releases orders while the policy and the first buffers allow (run from the line's agenda). */
  void release();
  /** Make to order: `quantity` parts of `product` for customer order `order` join the backlog now. */
  void add_order(ProductId product, int quantity, std::int32_t order);
  /** Make to order: a scrapped part of `order` is made again, ahead of the backlog. */
  void replace(ProductId product, std::int32_t order);
  void on_event(int tag, std::uint64_t seq) override;
  bool on_space(Buffer& buffer) override;
  std::size_t backlog() const { return backlog_.size(); }

private:
  /** A part waiting for release: its product and, made to order, its customer order. */
  struct Pending {
    ProductId product = -1;
    std::int32_t order = -1;
  };
  ProductId draw_product();
  bool release_one(Pending next);

  Line& line_;
  const ModelSpec& spec_;
  RandomStream arrival_rng_, mix_rng_;
  std::deque<Pending> backlog_;    ///< orders (or ordered parts) that arrived and wait for release
  ProductId next_saturated_ = -1;  ///< saturated mode: the order next in line
  ProductId lot_product_ = -1;
  int lot_left_ = 0;
  bool waiting_for_space_ = false;
};

/** Parts released but not yet in their first buffer (components of an assembly order, replacements). */
class EntryQueue final : public SpaceWaiter {
public:
  explicit EntryQueue(Buffer& buffer) : buffer_(buffer) {}
  void push(PartId part);
  bool on_space(Buffer& buffer) override;

private:
  Buffer& buffer_;
  std::deque<PartId> parts_;
};

} // namespace greenfab
