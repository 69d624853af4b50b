// Error types that separate bad input (exit 2) from internal failures (exit 1).
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace greenfab {

/** A text fragment (quantity, distribution) that cannot be understood; the loader adds file and key. */
class UnitError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/** One problem in an input file, located as precisely as the parser allows (1-based line and column). */
struct Diagnostic {
  std::string file;
  int line   = 0;
  int column = 0;
  std::string key_path; ///< e.g. "stations[lathe].process.CR5"
  std::string message;  ///< what is wrong and what was expected
  /** "file:line:col: error: key: message", the format compilers use so editors can jump to it. */
  std::string format() const;
};

/** Bad input: every problem found in a file, reported together. Maps to exit code 2. */
class ModelError : public std::runtime_error {
public:
  explicit ModelError(std::vector<Diagnostic> diagnostics);
  explicit ModelError(const std::string& message); ///< a problem with no file position (e.g. a CLI value)
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

private:
  std::vector<Diagnostic> diagnostics_;
};

} // namespace greenfab
