// Name lookups on the validated model.
#include "model/ModelSpec.hpp"

namespace greenfab {

ProductId ModelSpec::product_id(const std::string& n) const
{
  for (std::size_t i = 0; i < products.size(); ++i)
    if (products[i].name == n)
      return static_cast<ProductId>(i);
  return -1;
}

StationId ModelSpec::station_id(const std::string& n) const
{
  for (std::size_t i = 0; i < stations.size(); ++i)
    if (stations[i].name == n)
      return static_cast<StationId>(i);
  return -1;
}

} // namespace greenfab
