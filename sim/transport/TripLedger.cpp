// Booking of vehicle legs into kilometres, tonne-km, energy and emissions (see TripLedger.hpp).
#include "transport/TripLedger.hpp"

namespace greenfab {

void TripLedger::reset()
{
  vehicle_m = laden_m = empty_m = kg_m = capacity_kg_m = 0;
  own_scope1_kg = own_upstream_kg = bought_upstream_kg = bought_downstream_kg = 0;
  energy_by_carrier_J.clear();
  trips = 0;
  log = TableBuilder("shipments", "leg");
  log.no_summary() // a log: the n-th leg of one replication is not the n-th of another
      .key_column("leg", "", "leg number in the measured window")
      .text("fleet")
      .text("direction")
      .text("from")
      .text("to")
      .column("depart_s", "s", "departure time (simulated time)")
      .column("arrive_s", "s", "arrival time")
      .column("distance_m", "m", "leg distance")
      .column("load_kg", "kg", "payload carried on the leg")
      .column("pallets", "", "pallet places used")
      .column("orders", "", "orders on board")
      .column("energy_J", "J", "energy at the vehicle (own fleet; 0 for bought transport)")
      .column("emissions_kg", "kg", "kg CO2e: own fleet scope 1 + upstream, or bought scope 3");
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
    const std::size_t leg_number = log.rows();
    log.row()
        .set("leg", leg_number)
        .set("fleet", f.name)
        .set("direction", leg.direction == Direction::inbound ? "inbound" : "outbound")
        .set("from", site(leg.from))
        .set("to", site(leg.to))
        .set("depart_s", leg.depart_s)
        .set("arrive_s", leg.arrive_s)
        .set("distance_m", leg.distance_m)
        .set("load_kg", leg.load_kg)
        .set("pallets", leg.pallets)
        .set("orders", leg.orders)
        .set("energy_J", energy)
        .set("emissions_kg", emissions);
  }
  return energy;
}

} // namespace greenfab
