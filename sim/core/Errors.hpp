// Error types that separate bad input (exit 2) from internal failures (exit 1).
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace greenfab {

/** Input text is quoted into messages up to this many bytes: a message shows the offending value,
 *  never a whole file that happened to parse as one (a key file named by mistake). */
inline constexpr std::size_t max_quoted_bytes = 200;
/** The backstop for a message, whatever it quotes: with the file (max_quoted_bytes) and the key
 *  (max_quoted_bytes) an error line stays under 1000 bytes. */
inline constexpr std::size_t max_message_bytes = 520;

/** `text` in single quotes for a message: line breaks and control characters escaped, cut after
 *  max_quoted_bytes (at a character boundary) with the full length said. */
std::string quote_value(std::string_view text);

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

/**
 * `inner`, a problem in a file that another file names (a study's model:), reported at the naming key so
 * that the message says which file to look at first; inner's own place is kept in the message:
 * "study.yaml:3:8: error: model: site.x: unknown key 'x' (in models/m.yaml:12:3)".
 */
Diagnostic named_at(const Diagnostic& inner, const std::string& file, int line, int column, const std::string& key);

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
