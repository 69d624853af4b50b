// The `transport:` section of a model file -> TransportSpec (with vehicle defaults from models/data/vehicles.yaml).
#pragma once
#include "model/ModelSpec.hpp"
#include "model/YamlValue.hpp"

#include <string>
#include <vector>

namespace greenfab {

/** Every key the transport section accepts at its top level (for the model's did-you-mean). */
extern const std::vector<std::string> transport_keys;

/**
 * Validates `node` (the value of the model's `transport:` key) against the already-read products and
 * stations of `spec`, resolving vehicle types from vehicles.yaml and fuel factors from carriers.yaml in
 * the data directory: `transport.data` (relative to the model file), else models/data under the working
 * directory or above the model file, else the source tree's models/data. Problems go to `diagnostics`,
 * each naming file:line, key and what was expected.
 */
TransportSpec read_transport(const YamlValue& node, const ModelSpec& spec, std::vector<Diagnostic>& diagnostics);

} // namespace greenfab
