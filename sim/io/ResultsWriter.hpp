// Writes one `greenfab run` (provenance, model text, per-run and summary tables) to one HDF5 file.
#pragma once
#include "io/Provenance.hpp" // results_format, results_format_version
#include "results/RunResult.hpp"

#include <string>

namespace greenfab {

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
