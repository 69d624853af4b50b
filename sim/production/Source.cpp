// Order arrivals, product mix with lots, and the release policies (push, CONWIP, kanban).
#include "production/Source.hpp"
#include "production/Line.hpp"

namespace greenfab {

Source::Source(Line& line, const ModelSpec& spec, std::uint64_t seed, int replication)
    : line_(line)
    , spec_(spec)
    , arrival_rng_(seed, static_cast<std::uint64_t>(replication), "source", "arrivals")
    , mix_rng_(seed, static_cast<std::uint64_t>(replication), "source", "mix")
{
}

void Source::start()
{
  if (spec_.release.interarrival)
    line_.calendar().schedule(line_.now() + spec_.release.interarrival->sample(arrival_rng_), this, 0);
  line_.post_release();
}

ProductId Source::draw_product()
{
  if (lot_left_ > 0) {
    --lot_left_;
    return lot_product_;
  }
  const double u   = mix_rng_.uniform01();
  double cumulated = 0;
  ProductId chosen = -1;
  for (std::size_t p = 0; p < spec_.products.size(); ++p) {
    if (not spec_.products[p].released)
      continue;
    chosen = static_cast<ProductId>(p);
    cumulated += spec_.products[p].mix;
    if (u < cumulated)
      break;
  }
  lot_product_ = chosen;
  lot_left_    = spec_.products[static_cast<std::size_t>(chosen)].lot_size - 1;
  return chosen;
}

void Source::on_event(int, std::uint64_t)
{
  backlog_.push_back({draw_product(), -1});
  line_.check_wip();
  line_.calendar().schedule(line_.now() + spec_.release.interarrival->sample(arrival_rng_), this, 0);
  release();
  // An order released at once shows as its release; only a waiting one is worth a line of its own.
  if (line_.tracer() and not backlog_.empty())
    line_.tracer()->record(line_.now(), "source",
                           "order for " + spec_.products[static_cast<std::size_t>(backlog_.back().product)].name +
                               " waits for release (" + std::to_string(backlog_.size()) + " waiting)");
}

void Source::release()
{
  for (;;) {
    if (waiting_for_space_)
      return;
    if (spec_.release.policy == ReleaseSpec::Policy::conwip and
        line_.wip() >= static_cast<std::size_t>(spec_.release.wip_cap))
      return;
    Pending next;
    if (spec_.release.has_arrivals()) {
      if (backlog_.empty())
        return;
      next = backlog_.front();
    } else {
      if (next_saturated_ < 0)
        next_saturated_ = draw_product();
      next = {next_saturated_, -1};
    }
    if (not release_one(next))
      return;
    if (spec_.release.has_arrivals())
      backlog_.pop_front();
    else
      next_saturated_ = -1;
  }
}

void Source::add_order(ProductId product, int quantity, std::int32_t order)
{
  for (int k = 0; k < quantity; ++k)
    backlog_.push_back({product, order});
  line_.check_wip();
  release();
  if (line_.tracer() and not backlog_.empty())
    line_.tracer()->record(line_.now(), "source",
                           std::to_string(backlog_.size()) + " ordered parts wait for release");
}

void Source::replace(ProductId product, std::int32_t order)
{
  // The order ships complete, so a scrapped part is made again before later orders are started.
  backlog_.push_front({product, order});
  line_.post_release();
}

bool Source::release_one(Pending next)
{
  const ProductId product = next.product;
  const ProductSpec& p    = spec_.products[static_cast<std::size_t>(product)];
  if (p.bom.empty()) {
    // A plain part enters its first buffer now, or the source waits (blocked) for a place.
    Buffer& first = line_.entry_buffer(product);
    if (not first.can_accept()) {
      waiting_for_space_ = true;
      first.wait_for_space(this);
      return false;
    }
  }
  line_.release(product, next.order);
  return true;
}

bool Source::on_space(Buffer&)
{
  waiting_for_space_ = false;
  release();
  return true;
}

void EntryQueue::push(PartId part)
{
  if (parts_.empty() and buffer_.can_accept()) {
    buffer_.put(part);
    return;
  }
  if (parts_.empty())
    buffer_.wait_for_space(this);
  parts_.push_back(part);
}

bool EntryQueue::on_space(Buffer& buffer)
{
  while (not parts_.empty() and buffer.can_accept()) {
    buffer.put(parts_.front());
    parts_.pop_front();
  }
  return parts_.empty();
}

} // namespace greenfab
