// Where the shipped data files (models/data: climate, grid zones, carriers) are found.
#pragma once
#include <string>

namespace greenfab {

/**
 * $GREENFAB_DATA_DIR if set, else the source tree's models/data (compiled in), so a model that names
 * "umea" or "SE1" runs from any working directory.
 */
std::string data_dir();

} // namespace greenfab
