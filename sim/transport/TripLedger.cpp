// Booking of vehicle legs into kilometres, tonne-km, energy and emissions (see TripLedger.hpp).
#include "transport/TripLedger.hpp"

namespace greenfab {

void TripLedger::reset()
{
  vehicle_m = laden_m = empty_m = kg_m = capacity_kg_m = 0;
  own_scope1_kg = own_upstream_kg = bought_upstream_kg = bought_downstream_kg = 0;
  energy_by_carrier_J.clear();
  trips = 0;
  log       = Table{};
  log.name  = "shipments";
  log.index = {"leg"};
  log.text  = {{"fleet", {}}, {"direction", {}}, {"from", {}}, {"to", {}}};
  log.numeric = {{"leg", "", "leg number in the measured window", {}},
                 {"depart_s", "s", "departure time (simulated time)", {}},
                 {"arrive_s", "s", "arrival time", {}},
                 {"distance_m", "m", "leg distance", {}},
                 {"load_kg", "kg", "payload carried on the leg", {}},
                 {"pallets", "", "pallet places used", {}},
                 {"orders", "", "orders on board", {}},
                 {"energy_J", "J", "energy at the vehicle (own fleet; 0 for bought transport)", {}},
                 {"emissions_kg", "kg", "kg CO2e: own fleet scope 1 + upstream, or bought scope 3", {}}};
}

double TripLedger::book(const Leg& leg, SiteMeters* meters)
{
  const FleetSpec& f     = *leg.fleet;
  const VehicleTypeSpec& type = f.type;
  const bool laden       = leg.load_kg > 0;
  double energy = 0, emissions = 0;
  if (f.bought) {
    if (not laden)
      return 0; // the carrier's return trip is in its intensity, not ours to count
    emissions = leg.load_kg * leg.distance_m * type.intensity_kg_per_kg_m.value_or(0);
    (leg.direction == Direction::inbound ? bought_upstream_kg : bought_downstream_kg) += emissions;
    if (meters)
      (leg.direction == Direction::inbound ? meters->bought_transport_upstream_kg
                                           : meters->bought_transport_downstream_kg) += emissions;
  } else {
    energy = leg.distance_m * type.energy_J_per_m(leg.load_kg);
    energy_by_carrier_J[type.carrier] += energy;
    const double s1 = energy * type.scope1_kg_per_J, up = energy * type.upstream_kg_per_J;
    own_scope1_kg += s1;
    own_upstream_kg += up;
    emissions = s1 + up;
    // Electricity goes to the site through vehicle charging (the fleet's owner draws it); fuel is booked here.
    if (meters and not type.electric())
      meters->book_fuel(type.carrier, f.name, energy);
  }
  ++trips;
  vehicle_m += leg.distance_m;
  (laden ? laden_m : empty_m) += leg.distance_m;
  kg_m += leg.load_kg * leg.distance_m;
  if (laden)
    capacity_kg_m += type.payload_kg * leg.distance_m;
  if (log_) {
    const auto site = [&](SiteId s) { return spec_.sites[static_cast<std::size_t>(s)].name; };
    log.text[0].values.push_back(f.name);
    log.text[1].values.push_back(leg.direction == Direction::inbound ? "inbound" : "outbound");
    log.text[2].values.push_back(site(leg.from));
    log.text[3].values.push_back(site(leg.to));
    const double row[] = {static_cast<double>(log.numeric[0].values.size()), leg.depart_s, leg.arrive_s,
                          leg.distance_m, leg.load_kg, leg.pallets, static_cast<double>(leg.orders), energy, emissions};
    for (std::size_t c = 0; c < log.numeric.size(); ++c)
      log.numeric[c].values.push_back(row[c]);
  }
  return energy;
}

} // namespace greenfab
