// Every vehicle leg of a run, summed: kilometres, tonne-km, energy by carrier and emissions by scope.
#pragma once
#include "energy/RateMeter.hpp"
#include "model/TransportSpec.hpp"
#include "results/TableBuilder.hpp"

#include <map>
#include <string>

namespace greenfab {

/** Which scope-3 category bought transport falls in (GHG Protocol: cat. 4 upstream, cat. 9 downstream). */
enum class Direction { inbound, outbound };

/** One leg of one vehicle: a distance with a (possibly zero) load. */
struct Leg {
  const FleetSpec* fleet = nullptr;
  Direction direction    = Direction::outbound;
  SiteId from = -1, to = -1;
  double depart_s = 0, arrive_s = 0;
  double distance_m = 0;
  double load_kg    = 0;
  double pallets    = 0;
  int orders        = 0; ///< customer orders (outbound) or purchase orders (inbound) on board
};

/**
 * The transport ledger. Own fleet: energy = distance x e(load) (linear in load, GLEC / ISO 14083), fuel
 * booked into the site meters, scope 1 = energy x the carrier's combustion factor, upstream = energy x its
 * well-to-tank factor; electricity is drawn through the site meters and its emissions are the site's
 * (hourly grid factor). Bought: only laden legs are ours, scope 3 = tonne-km x the intensity (which
 * includes the carrier's empty running).
 */
class TripLedger {
public:
  explicit TripLedger(const TransportSpec& spec, bool keep_log) : spec_(spec), log_(keep_log) { reset(); }

  /** Books a leg; returns the energy used at the vehicle [J] (0 for bought transport). */
  double book(const Leg& leg, SiteMeters* meters);
  void reset();

  double vehicle_m = 0, laden_m = 0, empty_m = 0;
  double kg_m = 0;                ///< payload x distance [kg m]
  double capacity_kg_m = 0;       ///< payload capacity x laden distance [kg m]
  double own_scope1_kg = 0, own_upstream_kg = 0;
  double bought_upstream_kg = 0, bought_downstream_kg = 0;
  std::map<std::string, double> energy_by_carrier_J;
  double trips = 0;
  TableBuilder log{"shipments", "leg"}; ///< one row per leg when the spec asks for a shipment log

private:
  const TransportSpec& spec_;
  bool log_;
};

} // namespace greenfab
