// read_text_file's text checks and the bounds on quoted input in messages (issue 15, hostile input). The
// FIFO, device and symlink-loop cases run through the binary in tests/cli/scripts/hostile_input.sh.
#include "core/Errors.hpp"
#include "core/TextFile.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace greenfab;
using namespace std::string_literals;

namespace {

/** A file holding exactly `bytes`, removed when the test ends. */
class TempFile {
public:
  explicit TempFile(const std::string& bytes)
      : path_((fs::temp_directory_path() / ("greenfab_input_" + std::to_string(::getpid()) + "_" +
                                            std::to_string(counter_++) + ".yaml"))
                  .string())
  {
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  TempFile(const TempFile&)            = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() { fs::remove(path_); }
  const std::string& path() const { return path_; }

private:
  static inline int counter_ = 0;
  std::string path_;
};

std::string read_error(const std::string& bytes)
{
  const TempFile f(bytes);
  try {
    read_text_file(f.path());
  } catch (const ModelError& e) {
    return std::string(e.what()).substr(f.path().size());
  }
  return "(read without error)";
}

} // namespace

TEST_CASE("read_text_file returns UTF-8 text as it is and drops a UTF-8 byte-order mark", "[input]")
{
  const std::string text = "name: Fr\xC3\xA4s \xE2\x82\xAC \xF0\x9F\x8F\xAD\n";
  const TempFile plain(text), bom("\xEF\xBB\xBF" + text);
  CHECK(read_text_file(plain.path()) == text);
  CHECK(read_text_file(bom.path()) == text);
}

TEST_CASE("read_text_file locates the first byte that is not UTF-8 by line, column and byte offset", "[input]")
{
  CHECK(read_error("a: 1\nb: x\xFFy\n") == ":2:5: error: invalid UTF-8 (byte 0xFF) at byte offset 9: input files must be UTF-8 text");
  CHECK(read_error("a: 1\nb: \0\n"s) == ":2:4: error: a NUL byte (a binary or UTF-16 file?) at byte offset 8: input files must be UTF-8 text");
  // overlong '/', a UTF-16 surrogate, a code point above U+10FFFF, a truncated sequence at the end
  CHECK_THAT(read_error("a: \xC0\xAF"), Catch::StartsWith(":1:4: error: invalid UTF-8 (byte 0xC0) at byte offset 3"));
  CHECK_THAT(read_error("a: \xED\xA0\x80"), Catch::StartsWith(":1:4: error: invalid UTF-8 (byte 0xED)"));
  CHECK_THAT(read_error("a: \xF4\x90\x80\x80"), Catch::StartsWith(":1:4: error: invalid UTF-8 (byte 0xF4)"));
  CHECK_THAT(read_error("a: \xE2\x82"), Catch::StartsWith(":1:4: error: invalid UTF-8 (byte 0xE2)"));
  // the offset counts the byte-order mark that was dropped
  CHECK_THAT(read_error("\xEF\xBB\xBFx\xFF"), Catch::Contains("at byte offset 4"));
}

TEST_CASE("read_text_file names UTF-16 and UTF-32 files by their byte-order mark", "[input]")
{
  CHECK_THAT(read_error("\xFF\xFEn\0a\0"s), Catch::StartsWith(":1:1: error: the file is UTF-16"));
  CHECK_THAT(read_error("\xFE\xFF\0n\0a"s), Catch::StartsWith(":1:1: error: the file is UTF-16"));
  CHECK_THAT(read_error("\xFF\xFE\0\0n\0\0\0"s), Catch::StartsWith(":1:1: error: the file is UTF-32"));
}

TEST_CASE("read_text_file refuses a directory and a missing file with the reason", "[input]")
{
  const std::string dir = fs::temp_directory_path().string();
  CHECK_THROWS_WITH(read_text_file(dir), dir + ": error: cannot read file: it is a directory, not a regular file");
  CHECK_THROWS_WITH(read_text_file(dir + "/greenfab_no_such_file.yaml"),
                    dir + "/greenfab_no_such_file.yaml: error: cannot read file: no such file");
}

TEST_CASE("a quoted value is cut at 200 bytes on a character boundary, with its line breaks escaped", "[input]")
{
  CHECK(quote_value("a\nb\tc") == "'a\\nb\\tc'");
  CHECK(quote_value(std::string(200, 'x')) == "'" + std::string(200, 'x') + "'");
  CHECK(quote_value(std::string(5000, 'x')) == "'" + std::string(200, 'x') + "'... (5000 bytes, cut)");
  // 199 ASCII bytes and a 2-byte character across the limit: the character is left out whole
  CHECK(quote_value(std::string(199, 'x') + "\xC3\xA4" + "yyy") == "'" + std::string(199, 'x') + "'... (204 bytes, cut)");
}

TEST_CASE("a diagnostic's message is cut at 520 bytes, whatever it quotes", "[input]")
{
  const Diagnostic d{"m.yaml", 3, 5, "name", std::string(3000, 'x')};
  CHECK(d.format() == "m.yaml:3:5: error: name: " + std::string(520, 'x') + "... (message cut at 520 of 3000 bytes)");
}

TEST_CASE("an error line stays one line under 1000 bytes, whatever its file, key and message hold", "[input]")
{
  // The file of a --set error is the assignment itself, which may hold line breaks and megabytes.
  const std::string set = "--set release.interarrival=exp(5 min)\n" + std::string(60000, 'A');
  const Diagnostic d{set, 0, 0, std::string(5000, 'k'), std::string(5000, 'm')};
  const std::string line = d.format();
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.size() < 1000);
  CHECK(line.starts_with("--set release.interarrival=exp(5 min)\\nAAA"));
}

TEST_CASE("a problem in a named file is reported at the key that names it, with its own place kept", "[input]")
{
  const Diagnostic inner{"models/m.yaml", 12, 3, "site.x", "unknown key 'x'"};
  CHECK(named_at(inner, "study.yaml", 3, 8, "model").format() ==
        "study.yaml:3:8: error: model: site.x: unknown key 'x' (in models/m.yaml:12:3)");
}
