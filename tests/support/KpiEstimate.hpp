// The mean of one KPI over a run's replications with its 95 % half-width, for validation tests.
#pragma once
#include "results/Summary.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace greenfab::testing {

/** Mean of a KPI over replications that must all have succeeded, and its 95 % half-width. */
inline Estimate kpi_estimate(const std::vector<RunResult>& runs, const std::string& kpi)
{
  std::vector<double> xs;
  for (const auto& r : runs) {
    REQUIRE(r.status == "ok");
    xs.push_back(r.kpi(kpi));
  }
  return estimate(xs);
}

} // namespace greenfab::testing
