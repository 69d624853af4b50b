// Buffer admission, FIFO removal and the blocking queue.
#include "production/Buffer.hpp"
#include "production/Line.hpp"
#include "production/Station.hpp"

namespace greenfab {

Buffer::Buffer(Line& line, Station& consumer, std::string name, double capacity)
    : line_(line), consumer_(consumer), name_(std::move(name)), capacity_(capacity)
{
}

bool Buffer::can_accept() const
{
  // Parts in transit hold their place: they count as waiting.
  const auto waiting = static_cast<double>(parts_.size() + reserved_);
  return waiting < capacity_ or waiting < static_cast<double>(consumer_.immediate_takers(*this));
}

void Buffer::put(PartId part)
{
  line_.parts()[part].entered_buffer_at = line_.now();
  parts_.push_back(part);
  level_.set(static_cast<double>(parts_.size()), line_.now());
  line_.post_start_work(consumer_);
}

PartId Buffer::take(std::size_t index)
{
  const PartId part = parts_[index];
  if (index == 0)
    parts_.pop_front(); // the usual case; erase() is much slower on a deque
  else
    parts_.erase(parts_.begin() + static_cast<std::ptrdiff_t>(index));
  level_.set(static_cast<double>(parts_.size()), line_.now());
  waits_.add(line_.now() - line_.parts()[part].entered_buffer_at);
  if (not waiters_.empty())
    line_.post_serve(*this);
  return part;
}

void Buffer::serve_waiters()
{
  while (not waiters_.empty() and can_accept()) {
    SpaceWaiter* w = waiters_.front();
    waiters_.pop_front();
    if (not w->on_space(*this)) {
      waiters_.push_front(w); // still holding parts: keeps its turn
      break;
    }
  }
}

void Buffer::reset_statistics(double now)
{
  level_.reset(now);
  waits_ = Moments{};
}

} // namespace greenfab
