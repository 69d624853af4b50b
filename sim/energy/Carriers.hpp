// Energy carriers (electricity, gas, district heating, fuels): emission factors per J and prices per J.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace greenfab {

/**
 * One energy carrier, in SI: kg CO2e per J of delivered energy (lower heating value for fuels), and
 * currency per J. Scope 1 is burnt on site; scope 2 is bought as energy (district heating: the network's
 * factor; electricity: 0 here, its factor comes from a GridFactors zone or the market-based section);
 * upstream is well-to-tank (scope 3, category 3).
 */
struct Carrier {
  std::string name;
  double scope1_kg_per_J   = 0;
  double scope2_kg_per_J   = 0;
  double upstream_kg_per_J = 0;
  bool upstream_given      = false; ///< false: the reference gives no upstream figure (0 is not a measurement)
  double biogenic_co2_kg_per_J = 0; ///< reported outside the scopes (GHG Protocol), not in scope1
  double price_per_J = 0;
  std::string currency;
  std::string source;
  std::string note;
};

/** Values a model replaces for one carrier; unset fields keep the table's value. */
struct CarrierOverride {
  std::optional<double> scope1_kg_per_J, scope2_kg_per_J, upstream_kg_per_J, price_per_J;
  std::optional<std::string> currency;
};

/** A district-heating network's supplier factor (kg CO2e per J of heat delivered). */
struct HeatNetwork {
  std::string name;
  double kg_per_J;
  std::string source;
};

/** A market-based electricity factor: a contract type, or a country's residual mix. */
struct MarketFactor {
  std::string name;
  double kg_per_J;
  std::string source; ///< or the assumption, when no figure was found
};

/** The carriers file (models/data/carriers.yaml): carriers, district-heating networks, market-based electricity. */
class CarrierTable {
public:
  /** @throws ModelError naming file, line and key of every problem. */
  static CarrierTable load(const std::string& path);

  /** @throws ModelError "unknown energy carrier 'x' (did you mean 'y'?)". */
  const Carrier& at(const std::string& name) const;
  const std::vector<Carrier>& carriers() const { return carriers_; }
  /** Replaces a carrier's factors or price from a model (e.g. a supplier's declared factor). @throws as at(). */
  void override_carrier(const std::string& name, const CarrierOverride& values);

  /** A named district-heating network's factor (kg/J). @throws ModelError with did-you-mean. */
  double district_heating_network(const std::string& name) const;
  const std::vector<HeatNetwork>& district_heating_networks() const { return networks_; }
  /** Market-based electricity: a contract's factor (kg/J), e.g. guarantees_of_origin = 0. */
  double contract_kg_per_J(const std::string& contract) const;
  /** Market-based electricity without a contract: the country's residual mix (kg/J), country "SE", "DK", "DE". */
  double residual_mix_kg_per_J(const std::string& country) const;
  const std::vector<MarketFactor>& contracts() const { return contracts_; }
  const std::vector<MarketFactor>& residual_mixes() const { return residual_mixes_; }

private:
  friend class CarrierFileReader;
  std::string file_;
  std::vector<Carrier> carriers_;
  std::vector<HeatNetwork> networks_;
  std::vector<MarketFactor> contracts_, residual_mixes_;
};

} // namespace greenfab
