// The site's energy system as validated from a model's `site:` section (docs/model-format.md#site).
#pragma once
#include "core/CivilTime.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace greenfab {

class Climate;
class GridFactors;
class CarrierTable;

/** A load that depends only on whether the site is on shift (base load, lighting) [W]. */
struct ShiftLoad {
  double on_shift = 0, off_shift = 0;
};

/** Compressors: stations' air demand -> electricity; leaks and recoverable heat. */
struct CompressedAirSpec {
  double specific_energy = 0;  ///< [J/m3] electricity per m3 of free air delivered
  double leaks           = 0;  ///< share of compressor output lost to leaks while air is used
  double heat_recovery   = 0;  ///< share of compressor electricity recovered as useful heat
};

/** Space heating: a heat-loss coefficient against the outdoor temperature, and what supplies the heat. */
struct HeatingSpec {
  enum class Supply { district_heating, boiler, heat_pump };
  double heat_loss_W_per_K = 0;
  ShiftLoad set_point_C{20, 20};          ///< indoor set-point on and off shift [C]
  Supply supply = Supply::district_heating;
  std::string boiler_carrier = "natural_gas";
  double boiler_efficiency   = 0.9;
  double heat_pump_carnot_efficiency = 0.45; ///< COP = eta x T_supply / (T_supply - T_out), in kelvin
  double heat_pump_supply_C  = 45;
  double heat_pump_max_cop   = 6;
  double machine_heat_recovery = 0;         ///< share of machine electricity and process-heat input recovered as useful heat
  bool export_surplus_heat     = false;     ///< recovered heat not needed on site goes to the district-heating network
};

struct PvSpec {
  double peak_W = 0, tilt_deg = 35, azimuth_deg = 180, losses = 0.14;
};

struct BatterySpec {
  enum class Dispatch { self_consumption, carbon_aware };
  double capacity_J = 0, power_W = 0, round_trip_efficiency = 0.9, initial_share = 0.5;
  Dispatch dispatch = Dispatch::self_consumption;
};

/**
 * How one station's process heat is delivered (docs/energy-system.md#process-heat). The demand per
 * machine state is on the station (StationSpec::heat); this is the supply side, which the site's balance
 * needs: heat delivered / efficiency is the carrier's input, and a share of that input is waste heat the
 * site recovers for other stations' `from: recovered` demand, then space heating, then export.
 */
struct ProcessHeatSupply {
  std::string station;         ///< empty: the station draws no process heat
  std::string carrier;         ///< delivers the heat; with from_recovered, the part recovered heat does not cover
  double efficiency   = 1;     ///< heat delivered / carrier energy (a heat pump's constant COP, > 1)
  bool from_recovered = false; ///< draws other stations' waste heat first
  double waste_heat   = 0;     ///< share of the carrier energy recovered as heat for others [1]
  bool used() const { return not station.empty(); }
};

/** A site's energy system. Absent (`ModelSpec::site` empty): only machine energy is reported. */
struct SiteSpec {
  std::string location;                     ///< climate name or file, as given
  std::string grid_zone;                    ///< zone name or profile file, as given
  std::string country;                      ///< for the residual mix ("SE", "DK", "DE", ...)
  std::shared_ptr<const Climate> climate;
  std::shared_ptr<const GridFactors> grid;
  /** Multiplies the zone's hourly factors and the residual mix: a sensitivity or uncertainty lever for how
   *  fast the grid decarbonises (1: the data as published). */
  double grid_scale = 1;
  std::shared_ptr<const CarrierTable> carriers; ///< with the model's overrides applied
  std::string currency = "EUR";
  double electricity_price_per_J = 0;       ///< in `currency`, after exchange
  double export_price_per_J      = 0;       ///< paid for exported electricity
  double heat_export_price_per_J = 0;       ///< paid for heat exported to the network
  std::map<std::string, double> carrier_price_per_J; ///< every carrier's price in `currency`
  /** `site.carbon_price` [currency per kg CO2e]: the default CO2 tax on every carrier's scope 1. */
  double carbon_price_per_kg = 0;
  /** CO2 tax per carrier [currency per kg CO2e of scope 1]: `site.carriers.<c>.co2_tax` where given, else
   *  carbon_price_per_kg. Scope 1 only: the Swedish CO2 tax is levied on fossil fuels burnt, and the carbon
   *  cost of bought electricity and heat is already in their prices (docs/energy-system.md#carbon-price). */
  std::map<std::string, double> co2_tax_per_kg;
  double co2_tax(const std::string& carrier) const
  {
    const auto it = co2_tax_per_kg.find(carrier);
    return it != co2_tax_per_kg.end() ? it->second : carbon_price_per_kg;
  }
  double green_electricity_share = 0;       ///< market-based: share covered by the contract
  double contract_factor_kg_per_J = 0;      ///< market-based factor of the covered share
  double residual_factor_kg_per_J = 0;      ///< market-based factor of the rest
  ShiftLoad base_load, lighting;
  std::optional<CompressedAirSpec> compressed_air;
  std::optional<HeatingSpec> heating;
  std::optional<PvSpec> pv;
  std::optional<BatterySpec> battery;
  /** Process heat supply per station, indexed by StationId (filled by the model loader from the stations'
   *  `heat` keys; unused entries for stations without process heat). */
  std::vector<ProcessHeatSupply> process_heat;
  bool hourly_series = true;                ///< write the hourly table (switch off for big sweeps)
};

} // namespace greenfab
