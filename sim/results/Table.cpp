// Column lookup and row concatenation for result tables.
#include "results/Table.hpp"

#include <stdexcept>

namespace greenfab {

std::size_t Table::rows() const
{
  if (not text.empty())
    return text.front().values.size();
  return numeric.empty() ? 0 : numeric.front().values.size();
}

const Column* Table::find(const std::string& column) const
{
  for (const auto& c : numeric)
    if (c.name == column)
      return &c;
  return nullptr;
}

Column* Table::find(const std::string& column)
{
  for (auto& c : numeric)
    if (c.name == column)
      return &c;
  return nullptr;
}

const TextColumn* Table::find_text(const std::string& column) const
{
  for (const auto& c : text)
    if (c.name == column)
      return &c;
  return nullptr;
}

void Table::append(const Table& other)
{
  if (other.text.size() != text.size() or other.numeric.size() != numeric.size())
    throw std::logic_error("Table::append: tables '" + name + "' and '" + other.name + "' differ in columns");
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i].name != other.text[i].name)
      throw std::logic_error("Table::append: column " + text[i].name + " vs " + other.text[i].name);
    text[i].values.insert(text[i].values.end(), other.text[i].values.begin(), other.text[i].values.end());
  }
  for (std::size_t i = 0; i < numeric.size(); ++i) {
    if (numeric[i].name != other.numeric[i].name)
      throw std::logic_error("Table::append: column " + numeric[i].name + " vs " + other.numeric[i].name);
    numeric[i].values.insert(numeric[i].values.end(), other.numeric[i].values.begin(),
                             other.numeric[i].values.end());
  }
}

} // namespace greenfab
