// Station: buffers, work selection (FIFO, process batches, assembly kits) and random streams.
#include "production/Station.hpp"
#include "production/Line.hpp"

#include <algorithm>

namespace greenfab {

Station::Station(Line& line, const ModelSpec& spec, StationId id, std::uint64_t seed, int replication)
    : line_(line)
    , spec_(spec.stations[static_cast<std::size_t>(id)])
    , id_(id)
    , process_rng_(seed, static_cast<std::uint64_t>(replication), spec_.name, "process")
    , setup_rng_(seed, static_cast<std::uint64_t>(replication), spec_.name, "setup")
    , scrap_rng_(seed, static_cast<std::uint64_t>(replication), spec_.name, "scrap")
{
  if (spec_.is_assembly()) {
    component_inputs_.resize(spec.products.size());
    for (const auto& line_item : spec.products[static_cast<std::size_t>(spec_.assembles)].bom)
      component_inputs_[static_cast<std::size_t>(line_item.component)] = std::make_unique<Buffer>(
          line, *this, spec_.name + "/" + spec.products[static_cast<std::size_t>(line_item.component)].name,
          spec_.buffer_capacity);
  } else {
    input_ = std::make_unique<Buffer>(line, *this, spec_.name, spec_.buffer_capacity);
  }
  for (int m = 0; m < spec_.machines; ++m)
    machines_.push_back(std::make_unique<Machine>(
        *this, m,
        RandomStream(seed, static_cast<std::uint64_t>(replication), spec_.name + "#" + std::to_string(m + 1),
                     "failure")));
}

Buffer& Station::input_for(ProductId product, bool as_component)
{
  if (as_component and spec_.is_assembly())
    return *component_inputs_[static_cast<std::size_t>(product)];
  return *input_;
}

std::vector<Buffer*> Station::buffers()
{
  std::vector<Buffer*> out;
  if (input_)
    out.push_back(input_.get());
  for (auto& b : component_inputs_)
    if (b)
      out.push_back(b.get());
  return out;
}

void Station::add_order(PartId parent)
{
  orders_.push_back(parent);
  line_.post_start_work(*this);
}

std::size_t Station::immediate_takers(const Buffer& buffer) const
{
  if (&buffer != input_.get() or spec_.batch != 1)
    return 0;
  std::size_t n = 0;
  for (const auto& m : machines_)
    n += m->ready() ? 1 : 0;
  return n;
}

std::size_t Station::waiting_parts() const
{
  if (not spec_.is_assembly())
    return input_->size();
  std::size_t kits = orders_.size();
  for (const auto& item : line_.spec().products[static_cast<std::size_t>(spec_.assembles)].bom)
    kits = std::min(kits, component_inputs_[static_cast<std::size_t>(item.component)]->size() /
                              static_cast<std::size_t>(item.quantity));
  return kits;
}

void Station::start_work()
{
  bool material_short = false;
  for (auto& m : machines_)
    if (m->ready() and not load_next(*m, material_short))
      break;
  // Free machines are starved for material while work waits for a missing material, idle otherwise. All
  // machines share the flag (a busy one shows it once free), so only a change needs telling them.
  if (material_short != material_short_) {
    material_short_ = material_short;
    for (auto& m : machines_)
      m->set_material_starved(material_short);
  }
  // A machine left ready opens a place in front of it (even in a zero-capacity buffer): let waiters in.
  if (input_ and input_->has_waiters() and immediate_takers(*input_) > 0)
    line_.post_serve(*input_);
}

bool Station::load_next(Machine& machine, bool& material_short)
{
  if (spec_.is_assembly()) {
    if (orders_.empty())
      return false;
    const auto& bom = line_.spec().products[static_cast<std::size_t>(spec_.assembles)].bom;
    for (const auto& item : bom)
      if (component_inputs_[static_cast<std::size_t>(item.component)]->size() <
          static_cast<std::size_t>(item.quantity))
        return false;
    if (not line_.take_material(id_, 1)) {
      material_short = true;
      return false; // starved for purchased material: the line wakes the station when it arrives
    }
    for (const auto& item : bom)
      for (int k = 0; k < item.quantity; ++k)
        line_.consume_component(component_inputs_[static_cast<std::size_t>(item.component)]->take(0));
    const PartId parent = orders_.front();
    orders_.pop_front();
    machine.load(parent);
    return true;
  }
  Buffer& in = *input_;
  if (in.size() == 0)
    return false;
  if (spec_.batch == 1) {
    if (not line_.take_material(id_, 1)) {
      material_short = true;
      return false;
    }
    machine.load(in.take(0));
    return true;
  }
  // Process batch: the first product (in FIFO order) with a full batch waiting. One pass counts the parts of
  // each product; the first part whose product has a full batch is that product's first part.
  const auto& parts = line_.parts();
  std::vector<std::size_t>& waiting = batch_counts_;
  waiting.assign(line_.spec().products.size(), 0);
  for (std::size_t j = 0; j < in.size(); ++j)
    ++waiting[static_cast<std::size_t>(parts[in.at(j)].product)];
  for (std::size_t i = 0; i < in.size(); ++i) {
    const ProductId p = parts[in.at(i)].product;
    if (waiting[static_cast<std::size_t>(p)] < static_cast<std::size_t>(spec_.batch))
      continue;
    if (not line_.take_material(id_, spec_.batch)) {
      material_short = true;
      return false;
    }
    std::vector<PartId>& batch = batch_scratch_;
    batch.clear();
    for (std::size_t j = i; j < in.size() and batch.size() < static_cast<std::size_t>(spec_.batch);)
      if (parts[in.at(j)].product == p)
        batch.push_back(in.take(j));
      else
        ++j;
    machine.load(batch);
    return true;
  }
  return false;
}

void Station::reset_statistics(double now)
{
  counters_ = StationCounters{};
  for (auto& m : machines_)
    m->reset_statistics(now);
  for (Buffer* b : buffers())
    b->reset_statistics(now);
}

} // namespace greenfab
