// Reading `greenfab pathway` files back for `greenfab report` (docs/hdf5-schema.md, "Pathway files"). Kept
// apart from ResultsReader (run and sweep files) on purpose: the two file families have different roots
// (`kind = "pathway"` vs `format`), and this reader needs only the answer and one table.
#pragma once
#include "results/Table.hpp"

#include <map>
#include <string>

namespace greenfab {

/** The greenfab file families `greenfab report` reads, told apart by their root attributes. */
enum class StoredFileKind {
  results, ///< `greenfab run`: format = "greenfab-results"
  sweep,   ///< `greenfab sweep`: format = "greenfab-sweep"
  pathway, ///< `greenfab pathway`: kind = "pathway"
};

/**
 * Which greenfab file `path` is.
 * @throws ModelError (bad input, exit 2) naming the file if it does not exist, is not HDF5, or is an HDF5
 *         file none of greenfab's commands wrote (saying which root attributes were looked for).
 */
StoredFileKind stored_file_kind(const std::string& path);

/** What `greenfab report` prints of a pathway file. */
struct StoredPathway {
  std::string path;
  std::map<std::string, std::string> text;  ///< string root attributes (name, currency, ...)
  std::map<std::string, double> numbers;    ///< numeric root attributes (target_year, replications, ...)
  std::string answer;                       ///< the `answer` dataset: the terminal answer of `greenfab pathway`
  Table roadmaps;                           ///< /roadmaps, every column with its units
};

/**
 * Reads a pathway file's root attributes, `answer` and /roadmaps.
 * @throws ModelError if `path` is not a pathway file or lacks /roadmaps or `answer`; h5::Error if damaged.
 */
StoredPathway read_stored_pathway(const std::string& path);

} // namespace greenfab
