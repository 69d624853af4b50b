// Length-prefixed little-endian encoding (same process image on both sides, so no portability concern).
#include "results/RunResultCodec.hpp"

#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace greenfab {
namespace {
/** "GFRR" + layout 2 (named tables): a journal written by an older layout is refused, not misread. */
constexpr std::uint64_t codec_tag = 0x0000000252524647;

class Writer {
public:
  void u64(std::uint64_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void f64(double v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void str(const std::string& s)
  {
    u64(s.size());
    out_ += s;
  }
  void table(const Table& t)
  {
    str(t.name);
    str(t.row_is);
    u64(t.summarise ? 1 : 0);
    u64(t.index.size());
    for (const auto& i : t.index)
      str(i);
    u64(t.text.size());
    for (const auto& c : t.text) {
      str(c.name);
      u64(c.values.size());
      for (const auto& v : c.values)
        str(v);
    }
    u64(t.numeric.size());
    for (const auto& c : t.numeric) {
      str(c.name);
      str(c.unit);
      str(c.description);
      u64(c.values.size());
      for (double v : c.values)
        f64(v);
    }
  }
  std::string out_;
};

class Reader {
public:
  explicit Reader(const std::string& in) : in_(in) {}
  std::uint64_t u64()
  {
    std::uint64_t v;
    take(&v, sizeof v);
    return v;
  }
  double f64()
  {
    double v;
    take(&v, sizeof v);
    return v;
  }
  std::string str()
  {
    const auto n = u64();
    if (n > in_.size() - pos_)
      throw std::runtime_error("truncated run result");
    std::string s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  Table table()
  {
    Table t;
    t.name      = str();
    t.row_is    = str();
    t.summarise = u64() != 0;
    for (auto n = u64(); n > 0; --n)
      t.index.push_back(str());
    for (auto n = u64(); n > 0; --n) {
      TextColumn c{str(), {}};
      for (auto m = u64(); m > 0; --m)
        c.values.push_back(str());
      t.text.push_back(std::move(c));
    }
    for (auto n = u64(); n > 0; --n) {
      Column c;
      c.name        = str();
      c.unit        = str();
      c.description = str();
      for (auto m = u64(); m > 0; --m)
        c.values.push_back(f64());
      t.numeric.push_back(std::move(c));
    }
    return t;
  }
  bool done() const { return pos_ == in_.size(); }

private:
  void take(void* dst, std::size_t n)
  {
    if (n > in_.size() - pos_)
      throw std::runtime_error("truncated run result");
    std::memcpy(dst, in_.data() + pos_, n);
    pos_ += n;
  }
  const std::string& in_;
  std::size_t pos_ = 0;
};
} // namespace

std::string encode(const RunResult& r)
{
  Writer w;
  w.u64(codec_tag);
  w.u64(static_cast<std::uint64_t>(r.replication));
  w.u64(r.seed);
  w.str(r.status);
  w.f64(r.wall_time_s);
  w.u64(r.events);
  w.u64(r.kpis.size());
  for (const auto& k : r.kpis) {
    w.str(k.name);
    w.str(k.unit);
    w.str(k.description);
    w.f64(k.value);
  }
  w.u64(r.tables.size());
  for (const auto& t : r.tables)
    w.table(t);
  return w.out_;
}

RunResult decode_run_result(const std::string& bytes)
{
  Reader rd(bytes);
  if (rd.u64() != codec_tag)
    throw std::runtime_error("run result encoded by another greenfab version (finish or delete its journal "
                             "with the version that wrote it)");
  RunResult r;
  r.replication = static_cast<int>(rd.u64());
  r.seed        = rd.u64();
  r.status      = rd.str();
  r.wall_time_s = rd.f64();
  r.events      = rd.u64();
  for (auto n = rd.u64(); n > 0; --n) {
    Kpi k;
    k.name        = rd.str();
    k.unit        = rd.str();
    k.description = rd.str();
    k.value       = rd.f64();
    r.kpis.push_back(std::move(k));
  }
  for (auto n = rd.u64(); n > 0; --n) {
    Table t = rd.table();
    if (r.find_table(t.name))
      throw std::runtime_error("malformed run result: two tables named '" + t.name + "'");
    r.tables.push_back(std::move(t));
  }
  if (not rd.done())
    throw std::runtime_error("trailing bytes after run result");
  return r;
}

} // namespace greenfab
