// The bare line: a hand-written heap and the station logic of a saturated serial line with blocking.
#include "BareLine.hpp"

#include <cmath>
#include <stdexcept>

namespace greenfab::bench {
namespace {
/** Heap order: earlier time first, then scheduling order (FIFO ties, as greenfab's calendar). */
template <class E> bool before(const E& a, const E& b)
{
  return a.time < b.time or (a.time == b.time and a.seq < b.seq);
}
} // namespace

BareLine::BareLine(const BareLineConfig& config) : config_(config)
{
  if (config_.station_names.empty() or config_.buffer_capacity < 1)
    throw std::invalid_argument("BareLine: needs at least one station and one waiting place per buffer");
  stations_.reserve(config_.station_names.size());
  for (const auto& name : config_.station_names)
    stations_.push_back(
        Station{RandomStream(config_.seed, static_cast<std::uint64_t>(config_.replication), name, "process")});
  heap_.reserve(stations_.size() + 1); // at most one pending event per station: never reallocates
}

void BareLine::schedule(double time, std::uint32_t entity, Kind kind)
{
  // Sift up with a hole instead of swaps: one store per level.
  const Event e{time, next_seq_++, entity, kind};
  std::size_t hole = heap_.size();
  heap_.push_back(e);
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / 2;
    if (not before(e, heap_[parent]))
      break;
    heap_[hole] = heap_[parent];
    hole        = parent;
  }
  heap_[hole] = e;
}

BareLine::Event BareLine::pop()
{
  const Event top  = heap_.front();
  const Event last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n == 0)
    return top;
  std::size_t hole = 0;
  for (;;) {
    std::size_t child = 2 * hole + 1;
    if (child >= n)
      break;
    if (child + 1 < n and before(heap_[child + 1], heap_[child]))
      ++child;
    if (not before(heap_[child], last))
      break;
    heap_[hole] = heap_[child];
    hole        = child;
  }
  heap_[hole] = last;
  return top;
}

void BareLine::start_chain(std::size_t s)
{
  // Station s takes its next part if it can; the place that frees lets a blocked upstream machine
  // unload, which frees that machine to take its own next part, and so on up the line.
  for (;;) {
    Station& st = stations_[s];
    if (st.busy or st.blocked or st.waiting == 0)
      return;
    --st.waiting;
    st.busy = true;
    schedule(now_ - config_.mean_process_s * std::log(st.rng.uniform01()), static_cast<std::uint32_t>(s),
             end_of_service);
    if (s == 0) {
      ++st.waiting; // the saturated source refills the first buffer at once
      return;
    }
    Station& up = stations_[s - 1];
    if (not up.blocked)
      return;
    up.blocked = false;
    ++st.waiting;
    --s;
  }
}

void BareLine::end_service(std::size_t s)
{
  Station& st = stations_[s];
  st.busy     = false;
  if (now_ >= config_.warmup_s)
    ++st.cycles;
  if (s + 1 == stations_.size()) { // the part leaves the line
    start_chain(s);
    return;
  }
  Station& down = stations_[s + 1];
  if (down.waiting >= config_.buffer_capacity) {
    st.blocked = true; // blocking after service: keep the part until a place frees downstream
    return;
  }
  ++down.waiting;
  start_chain(s + 1); // an idle downstream machine takes the part at once
  start_chain(s);
}

BareLineResult BareLine::run()
{
  stations_.front().waiting = config_.buffer_capacity; // the saturated source fills the first buffer
  start_chain(0);
  BareLineResult r;
  while (not heap_.empty() and heap_.front().time < config_.end_s) {
    const Event e = pop();
    now_          = e.time;
    ++r.events;
    switch (e.kind) {
      case end_of_service: end_service(e.entity); break;
      default: break;
    }
  }
  for (const auto& st : stations_)
    r.cycles.push_back(st.cycles);
  const double span  = config_.end_s - config_.warmup_s;
  r.throughput_per_s = span > 0 ? static_cast<double>(r.cycles.back()) / span : 0;
  return r;
}

} // namespace greenfab::bench
