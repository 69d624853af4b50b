// shell_quote: the printed --resume command must survive being pasted into a POSIX shell.
#include "core/ShellQuote.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

using namespace greenfab;

namespace {
/** The words /bin/sh (popen) passes to `printf '%s\0' <command_words>`, as printf prints them. */
std::vector<std::string> words_seen_by_shell(const std::string& command_words)
{
  const std::string command = "printf '%s\\0' " + command_words;
  std::FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    out.append(buffer, n);
  REQUIRE(::pclose(pipe) == 0);
  std::vector<std::string> words;
  std::size_t start = 0;
  for (std::size_t end; (end = out.find('\0', start)) != std::string::npos; start = end + 1)
    words.push_back(out.substr(start, end - start));
  return words;
}
} // namespace

TEST_CASE("shell_quote leaves plain words alone", "[cli][shell]")
{
  for (const std::string w : {"greenfab", "sweep", "-o", "results/x.h5", "--set", "year_step=1", "a,b", "-j2", "1e-3"})
    CHECK(shell_quote(w) == w);
}

TEST_CASE("shell_quote quotes only what needs it, with single quotes", "[cli][shell]")
{
  CHECK(shell_quote("") == "''");
  CHECK(shell_quote("year_step=1 a") == "'year_step=1 a'");
  CHECK(shell_quote("it's") == "'it'\\''s'");
  CHECK(shell_quote("$HOME") == "'$HOME'");
}

TEST_CASE("shell_command gives a shell the exact words back, hostile ones included", "[cli][shell]")
{
  const std::vector<std::string> words{"greenfab", "sweep", "my experiment.yaml", "--set", "year_step=1 a",
                                       "it's", "\"double\"", "$HOME", "`id`", "$(id)", "a\nb", "tab\there",
                                       "back\\slash", "*", "~", "#comment", ";", "&&", "|", "", "'", "''",
                                       "\xc3\xa9t\xc3\xa9", "!bang", "{a,b}", "x>y", "-o", "out put.h5"};
  CHECK(words_seen_by_shell(shell_command(words)) == words);
}
