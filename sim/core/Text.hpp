// Small text helpers shared by the parsers of quantities, distributions, calendars and overrides.
#pragma once
#include <cctype>
#include <string_view>

namespace greenfab {

/** `s` without leading and trailing whitespace (a view into the same characters). */
inline std::string_view trim(std::string_view s)
{
  while (not s.empty() and std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (not s.empty() and std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

/** Letters, digits and underscores only, at least one: a name usable as an id or a column. */
inline bool is_word(std::string_view s)
{
  if (s.empty())
    return false;
  for (char c : s)
    if (not(std::isalnum(static_cast<unsigned char>(c)) or c == '_'))
      return false;
  return true;
}

} // namespace greenfab
