// Shared check for directories of malformed input files whose first line states the expected error.
#pragma once
#include "core/Errors.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace greenfab::testing {

/**
 * Loads every *.yaml file in `dir` with `load` and checks that it throws a ModelError one of whose lines
 * matches the extended regex on the file's first line, "# expect: <regex>" (as grep -E does in the CLI
 * tests). At least `min_files` files must be there, so an emptied directory cannot pass.
 */
inline void check_bad_input_files(const std::filesystem::path& dir, std::size_t min_files,
                                  const std::function<void(const std::string& path)>& load)
{
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".yaml")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  CHECK(files.size() >= min_files);
  for (const auto& file : files) {
    INFO("input file: " << file.string());
    std::ifstream in(file);
    std::string first_line;
    std::getline(in, first_line);
    const std::string prefix = "# expect: ";
    REQUIRE(first_line.rfind(prefix, 0) == 0);
    const std::regex expected(first_line.substr(prefix.size()), std::regex::extended);
    std::string message = "(loaded without error)";
    try {
      load(file.string());
    } catch (const ModelError& e) {
      message = e.what();
    }
    INFO("message: " << message);
    std::istringstream lines(message);
    bool matched = false;
    for (std::string line; std::getline(lines, line);)
      matched = matched or std::regex_search(line, expected);
    CHECK(matched);
  }
}

} // namespace greenfab::testing
