// Writes one `greenfab run` (provenance, model text, per-run and summary tables) to one HDF5 file.
#pragma once
#include "results/RunResult.hpp"

#include <string>

namespace greenfab {

/** Value of the root attribute `format`, which tells readers this is a greenfab results file. */
inline constexpr const char* results_format = "greenfab-results";
/** Value of the root attribute `format_version`: bump the minor for additions, the major for changes
 *  that break readers (docs/hdf5-schema.md). */
inline constexpr const char* results_format_version = "1.1";

/**
 * Writes `results` to the HDF5 file `path` in the layout of docs/hdf5-schema.md. Atomic: the file is
 * built as `path + ".tmp-<pid>"` in the same directory, flushed to disk, then renamed onto `path`, so
 * `path` is either the previous file or the complete new one, never a partial write. An existing file
 * at `path` is replaced.
 * @throws std::runtime_error naming `path` and the cause (missing directory, permission, HDF5 failure,
 *         malformed table); the temporary file is removed first.
 */
void write_results(const std::string& path, const ResultsFile& results);

} // namespace greenfab
