#include "core/DataDir.hpp"

#include <cstdlib>

namespace greenfab {

std::string data_dir()
{
  if (const char* env = std::getenv("GREENFAB_DATA_DIR"); env != nullptr and *env != '\0')
    return env;
  return GREENFAB_DATA_DIR;
}

} // namespace greenfab
