// Shipped models (models/**/*.yaml): every file loads and validates, and its spec is coherent
// (every station visited, bills of materials consistent). No simulation: these tests are fast.
#include "core/Errors.hpp"
#include "model/ModelLoader.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

using namespace greenfab;
namespace fs = std::filesystem;

namespace {

/** Every model file under models/ (not the data and intervention files), sorted. */
std::vector<fs::path> shipped_models()
{
  const fs::path root = fs::path(GREENFAB_SOURCE_DIR) / "models";
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file() and entry.path().extension() == ".yaml" and
        entry.path().string().find("/models/data/") == std::string::npos and
        entry.path().string().find("/models/interventions/") == std::string::npos)
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string repo_path(const fs::path& file) { return fs::relative(file, GREENFAB_SOURCE_DIR).generic_string(); }

/** Loads a model; on a ModelError the test fails with the loader's file:line:column messages. */
ModelSpec load_or_fail(const fs::path& file)
{
  try {
    return load_model(file.string());
  } catch (const ModelError& e) {
    FAIL(repo_path(file) << " does not load:\n" << e.what());
  }
  return {};
}

} // namespace

TEST_CASE("the shipped model files are found", "[models]")
{
  const auto files = shipped_models();
  std::vector<std::string> names;
  for (const auto& f : files)
    names.push_back(repo_path(f));
  CAPTURE(names);
  for (const char* expected : {"models/teaching/mm1.yaml", "models/industrial/pump_factory.yaml",
                               "models/industrial/truck_parts_line.yaml"})
    CHECK(std::find(names.begin(), names.end(), expected) != names.end());
}

TEST_CASE("every shipped model loads without error", "[models]")
{
  for (const auto& file : shipped_models()) {
    INFO(repo_path(file));
    const ModelSpec spec = load_or_fail(file);
    CHECK_FALSE(spec.name.empty());
    CHECK_FALSE(spec.products.empty());
    CHECK_FALSE(spec.stations.empty());
    CHECK(spec.run.horizon > 0);
    CHECK(spec.run.replications >= 1);
  }
}

TEST_CASE("every station of every shipped model is visited and has what its visitors need", "[models]")
{
  for (const auto& file : shipped_models()) {
    INFO(repo_path(file));
    const ModelSpec spec = load_or_fail(file);
    const auto n_stations = static_cast<StationId>(spec.stations.size());

    // Visits per station, from the routes.
    std::vector<int> visits(spec.stations.size(), 0);
    for (const auto& p : spec.products) {
      INFO("product " << p.name);
      REQUIRE_FALSE(p.route.empty());
      for (StationId s : p.route) {
        REQUIRE(s >= 0);
        REQUIRE(s < n_stations);
        ++visits[static_cast<std::size_t>(s)];
      }
    }
    for (std::size_t s = 0; s < spec.stations.size(); ++s) {
      INFO("station " << spec.stations[s].name);
      CHECK(visits[s] > 0);
    }

    // Each product that a station processes (not a component only arriving at its assembly) has a time.
    for (std::size_t p = 0; p < spec.products.size(); ++p) {
      const ProductSpec& product = spec.products[p];
      for (std::size_t k = 0; k < product.route.size(); ++k) {
        const StationSpec& st = spec.stations[static_cast<std::size_t>(product.route[k])];
        const bool arrives_only = not product.released and k + 1 == product.route.size() and st.is_assembly();
        INFO("product " << product.name << " at station " << st.name);
        if (arrives_only)
          continue;
        REQUIRE(st.process.size() == spec.products.size());
        CHECK(st.process[p].has_value());
        // A batch station must be able to hold a full batch, or it can never start.
        CHECK(st.buffer_capacity >= st.batch);
      }
    }

    // Bills of materials: components end their route at their parent's assembly station.
    for (const auto& product : spec.products)
      for (const auto& line : product.bom) {
        INFO("bom of " << product.name);
        REQUIRE(line.component >= 0);
        const ProductSpec& component = spec.products[static_cast<std::size_t>(line.component)];
        CHECK_FALSE(component.released);
        CHECK(component.route.back() == product.route.front());
        CHECK(spec.stations[static_cast<std::size_t>(product.route.front())].assembles ==
              spec.product_id(product.name));
      }

    // The released products' mix is a distribution.
    double mix = 0;
    for (const auto& p : spec.products)
      if (p.released)
        mix += p.mix;
    CHECK(std::abs(mix - 1) < 1e-9);
  }
}
