// Model key for make to stock (`finished_goods`), read apart from the rest of the loader: it needs the
// products, the release section and the transport section to check that they fit together.
#pragma once
#include "core/Errors.hpp"
#include "model/ModelSpec.hpp"
#include "model/YamlValue.hpp"

#include <vector>

namespace greenfab {

/** Top-level key this module reads (the loader accepts it and leaves it to read_finished_goods). */
inline constexpr const char* finished_goods_top_keys[] = {"finished_goods"};

/**
 * Reads `finished_goods` into ModelSpec::finished_goods (the loader sets release.to_stock). Runs after products,
 * release and transport are read; every problem goes to `diagnostics` with its location.
 */
void read_finished_goods(const YamlValue& root, ModelSpec& spec, std::vector<Diagnostic>& diagnostics);

} // namespace greenfab
