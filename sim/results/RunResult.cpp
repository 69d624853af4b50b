// KPI lookup on a run's results.
#include "results/RunResult.hpp"

#include <stdexcept>

namespace greenfab {

const Kpi* RunResult::find(const std::string& name) const
{
  for (const auto& k : kpis)
    if (k.name == name)
      return &k;
  return nullptr;
}

const Table& RunResult::table(const std::string& name) const
{
  for (const auto& t : tables)
    if (t.name == name)
      return t;
  throw std::out_of_range("no table named '" + name + "'");
}

double RunResult::kpi(const std::string& name) const
{
  if (const Kpi* k = find(name))
    return k->value;
  throw std::out_of_range("no KPI named '" + name + "'");
}

} // namespace greenfab
