// Column-named table building. A column's fill count is its state: in an open row it holds rows_ values
// when set and rows_ - 1 when not, so no per-row bookkeeping is needed and a row costs nothing extra.
#include "results/TableBuilder.hpp"

#include <stdexcept>

namespace greenfab {

TableBuilder::TableBuilder(std::string name, std::string row_is)
{
  table_.name   = std::move(name);
  table_.row_is = std::move(row_is);
}

void TableBuilder::fail(const std::string& what) const
{
  std::string m = "table '";
  m += table_.name;
  m += "': ";
  m += what;
  throw std::logic_error(m);
}

void TableBuilder::declare(const std::string& name, bool is_text)
{
  if (rows_ > 0)
    fail("column '" + name + "' declared after the first row");
  if (name.empty() or slots_.count(name) > 0)
    fail("column '" + name + "' is empty or declared twice");
  if (is_text) {
    slots_.emplace(name, Slot{true, table_.text.size()});
    table_.text.push_back({name, {}});
  } else {
    slots_.emplace(name, Slot{false, table_.numeric.size()});
  }
  declared_.push_back(name);
}

TableBuilder& TableBuilder::key(const std::string& name)
{
  declare(name, true);
  table_.index.push_back(name);
  return *this;
}

TableBuilder& TableBuilder::text(const std::string& name)
{
  declare(name, true);
  return *this;
}

TableBuilder& TableBuilder::column(const std::string& name, const std::string& unit, const std::string& description)
{
  declare(name, false);
  table_.numeric.push_back({name, unit, description, {}});
  return *this;
}

TableBuilder& TableBuilder::key_column(const std::string& name, const std::string& unit,
                                       const std::string& description)
{
  column(name, unit, description);
  table_.index.push_back(name);
  return *this;
}

TableBuilder& TableBuilder::no_summary()
{
  table_.summarise = false;
  return *this;
}

TableBuilder::Slot& TableBuilder::slot(std::string_view column)
{
  const auto it = slots_.find(column);
  if (it == slots_.end())
    fail("no column '" + std::string(column) + "' (declare it before the first row)");
  if (rows_ == 0)
    fail("value for column '" + std::string(column) + "' before row()");
  return it->second;
}

void TableBuilder::check_row_complete() const
{
  std::string missing;
  for (const auto& name : declared_) {
    const Slot& s        = slots_.find(name)->second;
    const std::size_t n  = s.is_text ? table_.text[s.index].values.size() : table_.numeric[s.index].values.size();
    if (n != rows_) {
      missing += missing.empty() ? "" : ", ";
      missing += name;
    }
  }
  if (not missing.empty())
    fail("row " + std::to_string(rows_ - 1) + " has no value for column(s) " + missing);
}

TableBuilder::Row TableBuilder::row()
{
  check_row_complete();
  ++rows_;
  return Row(*this);
}

void TableBuilder::clear_rows()
{
  for (auto& c : table_.text)
    c.values.clear();
  for (auto& c : table_.numeric)
    c.values.clear();
  rows_ = 0;
}

Table TableBuilder::take()
{
  check_row_complete();
  Table out = std::move(table_);
  table_    = Table{};
  table_.name      = out.name;
  table_.row_is    = out.row_is;
  table_.summarise = out.summarise;
  table_.index     = out.index;
  for (const auto& c : out.text)
    table_.text.push_back({c.name, {}});
  for (const auto& c : out.numeric)
    table_.numeric.push_back({c.name, c.unit, c.description, {}});
  rows_ = 0;
  return out;
}

Table TableBuilder::table() const
{
  check_row_complete();
  return table_;
}

TableBuilder::Row& TableBuilder::Row::set(std::string_view column, const std::string& value)
{
  const Slot& s = b_.slot(column);
  if (not s.is_text)
    b_.fail("column '" + std::string(column) + "' is numeric, got the text '" + value + "'");
  auto& values = b_.table_.text[s.index].values;
  if (values.size() == b_.rows_)
    b_.fail("column '" + std::string(column) + "' set twice in row " + std::to_string(b_.rows_ - 1));
  values.push_back(value);
  return *this;
}

TableBuilder::Row& TableBuilder::Row::set_number(std::string_view column, double value)
{
  const Slot& s = b_.slot(column);
  if (s.is_text)
    b_.fail("column '" + std::string(column) + "' is text, got a number");
  auto& values = b_.table_.numeric[s.index].values;
  if (values.size() == b_.rows_)
    b_.fail("column '" + std::string(column) + "' set twice in row " + std::to_string(b_.rows_ - 1));
  values.push_back(value);
  return *this;
}

} // namespace greenfab
