// The root attributes and embedded input texts every greenfab HDF5 file carries (run, sweep, pathway):
// written by one function, so the three kinds of file cannot drift apart.
#pragma once
#include <hdf5.h>

#include <string>
#include <vector>

namespace greenfab {

/** Root attribute `format` of each kind of file, and its `format_version`: the minor number grows
 *  when things are added, the major when readers must change (docs/hdf5-schema.md). */
inline constexpr const char* results_format         = "greenfab-results";
inline constexpr const char* results_format_version = "1.2";
inline constexpr const char* sweep_format           = "greenfab-sweep";
inline constexpr const char* sweep_format_version   = "1.1";
inline constexpr const char* pathway_format         = "greenfab-pathway";
inline constexpr const char* pathway_format_version = "1.0";

/** An input file's text, stored byte for byte as a scalar vlen UTF-8 string dataset. */
struct EmbeddedText {
  std::string path; ///< dataset path in the file, e.g. "model/source_yaml" (parent groups are created)
  std::string text;
};

/** Where a file came from. */
struct Provenance {
  std::string kind;           ///< "run", "sweep" or "pathway"
  std::string format;         ///< results_format, sweep_format or pathway_format
  std::string format_version; ///< the matching *_format_version
  std::string command_line;   ///< the command that produced the file
  std::vector<EmbeddedText> inputs;
};

/**
 * Writes the root attributes `format`, `format_version`, `kind`, `software` ("greenfab"),
 * `software_version`, `git_describe`, `created_utc` (now, ISO 8601 UTC) and `command_line` on `file`,
 * and every input text as a dataset. Attributes a writer adds itself (model_name, seed, ...) are
 * its own business.
 * @throws h5::Error if HDF5 fails or a text holds a NUL byte; std::invalid_argument for an empty path.
 */
void write_provenance(hid_t file, const Provenance& p);

} // namespace greenfab
