// Small shared pieces of the energy data readers.
#include "energy/DataFile.hpp"
#include "core/Errors.hpp"

#include <cctype>
#include <charconv>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace greenfab {

std::optional<double> parse_plain_number(std::string_view text)
{
  while (not text.empty() and std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (not text.empty() and std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  if (not text.empty() and text.front() == '+')
    text.remove_prefix(1);
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() or ec != std::errc() or ptr != text.data() + text.size())
    return std::nullopt;
  return value;
}

double parse_ratio(std::string_view text, Dimension numerator, Dimension denominator)
{
  const std::string expected = "a ratio such as '2.51 kg/l' or '42.84 MJ/kg' (" + describe(numerator) + " per unit of " +
                               describe(denominator) + ")";
  const auto slash = text.rfind('/');
  if (slash == std::string_view::npos or slash + 1 == text.size())
    throw UnitError("'" + std::string(text) + "': expected " + expected);
  const std::string per = "1 " + std::string(text.substr(slash + 1));
  double top = 0, bottom = 0;
  try {
    top    = parse_quantity(text.substr(0, slash), numerator);
    bottom = parse_quantity(per, denominator);
  } catch (const UnitError&) {
    throw UnitError("'" + std::string(text) + "': expected " + expected);
  }
  return top / bottom;
}

} // namespace greenfab
