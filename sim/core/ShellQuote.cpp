#include "core/ShellQuote.hpp"

namespace greenfab {

std::string shell_quote(const std::string& word)
{
  // A conservative allow-list: anything else ($, `, quotes, spaces, newlines, *, ~, #, non-ASCII...) quotes.
  static const std::string plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-./:=@_,%";
  if (not word.empty() and word.find_first_not_of(plain) == std::string::npos)
    return word;
  // Inside single quotes every byte is literal except ' itself, which ends the quote: close, escape, reopen.
  std::string out = "'";
  for (char c : word) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string shell_command(const std::vector<std::string>& words)
{
  std::string out;
  for (const auto& w : words) {
    if (not out.empty())
      out += ' ';
    out += shell_quote(w);
  }
  return out;
}

} // namespace greenfab
