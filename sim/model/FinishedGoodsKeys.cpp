// Make to stock: the finished-goods store's demand, stock policy and what a shortage does.
#include "model/FinishedGoodsKeys.hpp"
#include "core/Units.hpp"
#include "model/YamlChecker.hpp"

namespace greenfab {
namespace {

const Names keys{"demand", "quantity", "base_stock", "reorder_point", "order_up_to", "shortage"};

class FinishedGoodsReader : public YamlChecker {
public:
  FinishedGoodsReader(std::vector<Diagnostic>& diagnostics, ModelSpec& spec) : YamlChecker(diagnostics), spec_(spec) {}

  void read(const YamlValue& root, const YamlValue& v)
  {
    const std::string path = "finished_goods";
    if (not expect_map(v, path,
                       "a map with the demand and the stock policy, e.g. {demand: exp(10 min), base_stock: 5}"))
      return;
    check_keys(v, path, keys);
    FinishedGoodsSpec fg;
    bool ok = true;
    if (const YamlValue* d = require(v, "demand", path, "the time between customer demands, e.g. 'exp(10 min)'")) {
      auto dist = distribution(*d, join_path(path, "demand"), Dimension::time);
      if (dist and dist->mean() <= 0) {
        error(d->where, join_path(path, "demand"), "the mean time between demands must be > 0");
        dist.reset();
      }
      ok = ok and dist.has_value();
      if (dist)
        fg.demand = *dist;
    } else {
      ok = false;
    }
    if (const YamlValue* q = v.find("quantity")) {
      const auto n = integer(*q, join_path(path, "quantity"), 1, 1'000'000);
      ok           = ok and n.has_value();
      fg.demand_quantity = static_cast<int>(n.value_or(1));
    }
    ok = read_policy(v, path, fg) and ok;
    if (const YamlValue* s = v.find("shortage")) {
      const auto c = choice(*s, join_path(path, "shortage"), {"backorder", "lost_sale"});
      ok           = ok and c.has_value();
      fg.shortage  = c == 1u ? FinishedGoodsSpec::Shortage::lost_sale : FinishedGoodsSpec::Shortage::backorder;
    }
    ok = fits_the_line(root, v) and ok;
    if (ok)
      spec_.finished_goods = fg; // release.to_stock was set by the loader, before the release checks

  }

private:
  bool read_policy(const YamlValue& v, const std::string& path, FinishedGoodsSpec& fg)
  {
    const YamlValue* base = v.find("base_stock");
    const YamlValue* s    = v.find("reorder_point");
    const YamlValue* big_s = v.find("order_up_to");
    if (base != nullptr and (s != nullptr or big_s != nullptr)) {
      error(base->where, join_path(path, "base_stock"),
            "give either base_stock (order one unit per unit demanded) or reorder_point and order_up_to, not both");
      return false;
    }
    if (base != nullptr) {
      const auto n = integer(*base, join_path(path, "base_stock"), 1, 1'000'000);
      if (not n)
        return false;
      fg.order_up_to   = static_cast<int>(*n);
      fg.reorder_point = fg.order_up_to - 1;
      return true;
    }
    if (s == nullptr and big_s == nullptr) {
      error(v.where, path,
            "missing the stock policy: give base_stock (e.g. 'base_stock: 5') or reorder_point and order_up_to "
            "(e.g. 'reorder_point: 2, order_up_to: 8')");
      return false;
    }
    if (s == nullptr or big_s == nullptr) {
      const YamlValue* given = s != nullptr ? s : big_s;
      error(given->where, join_path(path, s != nullptr ? "reorder_point" : "order_up_to"),
            std::string("an (s, S) policy needs both reorder_point and order_up_to: add ") +
                (s != nullptr ? "order_up_to" : "reorder_point"));
      return false;
    }
    const auto low  = integer(*s, join_path(path, "reorder_point"), 0, 1'000'000);
    const auto high = integer(*big_s, join_path(path, "order_up_to"), 1, 1'000'000);
    if (not low or not high)
      return false;
    if (*high <= *low) {
      error(big_s->where, join_path(path, "order_up_to"),
            "must be above reorder_point (" + std::to_string(*low) + "), got " + std::to_string(*high));
      return false;
    }
    fg.reorder_point = static_cast<int>(*low);
    fg.order_up_to   = static_cast<int>(*high);
    return true;
  }

  /** The store's orders release the parts: no other release process, and no shipping to customers yet. */
  bool fits_the_line(const YamlValue& root, const YamlValue& v)
  {
    bool ok = true;
    const YamlValue* release = root.find("release");
    const YamlValue* ia = release != nullptr and release->is_map() ? release->find("interarrival") : nullptr;
    if (ia != nullptr and not(ia->is_scalar() and ia->scalar == "saturated")) {
      error(ia->where, "release.interarrival",
            "a make-to-stock line releases parts when finished_goods orders them: remove release.interarrival "
            "(customer demand is finished_goods.demand)");
      ok = false;
    }
    const YamlValue* t = root.find("transport");
    if (t != nullptr and t->is_map())
      if (const YamlValue* o = t->find("outbound")) {
        error(o->where, "transport.outbound",
              "finished_goods and outbound shipping cannot be combined yet (shipments from stock are not "
              "modelled): remove one of them");
        ok = false;
      }
    if (spec_.release.policy == ReleaseSpec::Policy::kanban) {
      error(v.where, "finished_goods",
            "release.policy kanban already pulls parts through the line; with finished_goods use push or conwip");
      ok = false;
    }
    return ok;
  }

  ModelSpec& spec_;
};

} // namespace

void read_finished_goods(const YamlValue& root, ModelSpec& spec, std::vector<Diagnostic>& diagnostics)
{
  if (const YamlValue* v = root.find("finished_goods"))
    FinishedGoodsReader(diagnostics, spec).read(root, *v);
}

} // namespace greenfab
