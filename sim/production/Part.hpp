// A part (or an assembly order) flowing through the line. Parts live in a pool and are named by index.
#pragma once
#include "model/ModelSpec.hpp"

#include <cstdint>
#include <vector>

namespace greenfab {

using PartId = std::int32_t;

struct Part {
  ProductId product  = -1;
  int step           = 0;   ///< index in the product's route of the station it is at or heading to
  double released_at = 0;   ///< [s] entry into the line: lead time runs from here
  double entered_buffer_at = 0; ///< [s] for buffer waiting times
  std::int64_t serial = 0;  ///< release number, for traces
  std::int32_t order  = -1; ///< the customer order it is made for (make to order), or -1
};

/** Parts are recycled: a run holds only the parts in the line, so memory does not grow with the horizon. */
class PartPool {
public:
  PartId create(const Part& p)
  {
    if (free_.empty()) {
      parts_.push_back(p);
      return static_cast<PartId>(parts_.size() - 1);
    }
    const PartId id = free_.back();
    free_.pop_back();
    parts_[static_cast<std::size_t>(id)] = p;
    return id;
  }
  void destroy(PartId id) { free_.push_back(id); }
  /** Parts created and not destroyed. */
  std::size_t live() const { return parts_.size() - free_.size(); }
  Part& operator[](PartId id) { return parts_[static_cast<std::size_t>(id)]; }
  const Part& operator[](PartId id) const { return parts_[static_cast<std::size_t>(id)]; }

private:
  std::vector<Part> parts_;
  std::vector<PartId> free_;
};

} // namespace greenfab
