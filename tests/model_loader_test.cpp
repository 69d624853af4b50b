// Model loader: valid files become the expected ModelSpec; every malformed file gives its documented error.
#include "core/Errors.hpp"
#include "model/Calendar.hpp"
#include "model/ModelLoader.hpp"
#include "model/Suggest.hpp"

#include "support/BadInputFiles.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace greenfab;

namespace {

const std::string three_station_line = R"yaml(name: three-station line
description: "saw, drill and pack"
run:
  start: 2025-01-08T12:30
  warmup: 1 d
  horizon: 4 w
  replications: 10
  seed: 42
products:
  - name: widget
    route: [saw, drill, pack]
    mix: 60 %
    lot_size: 5
  - name: gadget
    route: [saw, pack]
    mix: 40 %
release:
  policy: push
  interarrival: exp(5 min)
buffers:
  default: 8
stations:
  - name: saw
    machines: 2
    process: exp(4 min)
    setup: {gadget: 10 min}
    failures: {between: exp(8 h), repair: exp(30 min), clock: calendar}
    scrap: 1.5 %
    buffer: unlimited
  - name: drill
    process: "lognormal(3 min, 1 min)"
    batch: 4
    buffer: 4
  - name: pack
    process: {widget: 1 min, gadget: 90 s}
)yaml";

const std::string pump_assembly = R"yaml(name: pump assembly
products:
  - name: pump
    route: [assy, test]
    bom: {housing: 1, impeller: 2}
  - name: housing
    route: [cast, machining, assy]
  - name: impeller
    route: [assy]
stations:
  - {name: cast, process: 6 min}
  - {name: machining, process: 4 min}
  - {name: assy, process: 5 min}
  - {name: test, process: 3 min}
)yaml";

/** A one-product model with the given calendar section. */
std::string with_calendar(const std::string& calendar)
{
  return "name: c\nproducts: [{name: p, route: [s]}]\nstations: [{name: s, process: 1 min, buffer: 1}]\ncalendar:\n" +
         calendar;
}

/** The message of the ModelError thrown while loading, or "" if the model loads. */
std::string load_error(const std::string& text, const std::vector<std::string>& overrides = {})
{
  try {
    load_model_text(text, "m.yaml", overrides);
  } catch (const ModelError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& haystack, const std::string& needle)
{
  return haystack.find(needle) != std::string::npos;
}

using Interval = CalendarSpec::Interval;
bool same(const std::vector<Interval>& a, const std::vector<Interval>& b)
{
  return a.size() == b.size() and
         std::equal(a.begin(), a.end(), b.begin(), [](const Interval& x, const Interval& y) {
           return x.start == y.start and x.end == y.end;
         });
}

constexpr double h = 3600, d = 86400;

} // namespace

TEST_CASE("a valid model loads with every quantity converted to SI units", "[model_loader]")
{
  const ModelSpec m = load_model_text(three_station_line, "models/line.yaml");
  CHECK(m.name == "three-station line");
  CHECK(m.description == "saw, drill and pack");
  CHECK(m.source_file == "models/line.yaml");
  CHECK(m.source_text == three_station_line);

  CHECK(m.run.start == "2025-01-08T12:30");
  CHECK(m.run.start_week_offset == 2 * d + 12.5 * h); // a Wednesday
  CHECK(m.run.warmup == 1 * d);
  CHECK(m.run.horizon == 28 * d);
  CHECK(m.run.replications == 10);
  CHECK(m.run.seed == 42);

  REQUIRE(m.products.size() == 2);
  const ProductSpec& widget = m.products[0];
  CHECK(widget.route == std::vector<StationId>{0, 1, 2});
  CHECK(widget.mix == Approx(0.6));
  CHECK(widget.lot_size == 5);
  CHECK(widget.released);
  CHECK(widget.bom.empty());
  CHECK(m.products[1].route == std::vector<StationId>{0, 2});
  CHECK(m.products[1].lot_size == 1);

  CHECK(m.release.policy == ReleaseSpec::Policy::push);
  REQUIRE(m.release.interarrival);
  CHECK(m.release.interarrival->kind() == Distribution::Kind::exponential);
  CHECK(m.release.interarrival->mean() == 300);
  CHECK(m.calendar.always_on);

  REQUIRE(m.stations.size() == 3);
  const StationSpec& saw = m.stations[0];
  CHECK(saw.name == "saw");
  CHECK(saw.machines == 2);
  REQUIRE(saw.process.size() == 2);
  CHECK(saw.process[0]->mean() == 240);
  CHECK(saw.process[1]->mean() == 240);
  REQUIRE(saw.setup.size() == 2);
  CHECK_FALSE(saw.setup[0]);
  CHECK(saw.setup[1]->mean() == 600);
  REQUIRE(saw.failures);
  CHECK(saw.failures->between.mean() == 8 * h);
  CHECK(saw.failures->repair.mean() == 1800);
  CHECK(saw.failures->clock == FailureSpec::Clock::calendar);
  CHECK(saw.scrap == Approx(0.015));
  CHECK(std::isinf(saw.buffer_capacity));
  CHECK_FALSE(saw.is_assembly());

  const StationSpec& drill = m.stations[1];
  CHECK(drill.machines == 1);
  CHECK(drill.batch == 4);
  CHECK(drill.buffer_capacity == 4);
  CHECK(drill.process[0]->kind() == Distribution::Kind::lognormal);
  CHECK_FALSE(drill.process[1]); // gadget never visits the drill
  CHECK(drill.setup.empty());
  CHECK_FALSE(drill.failures);

  const StationSpec& pack = m.stations[2];
  CHECK(pack.buffer_capacity == 8); // buffers.default
  CHECK(pack.process[0]->mean() == 60);
  CHECK(pack.process[1]->mean() == 90);
}

TEST_CASE("defaults fill everything a minimal model leaves out", "[model_loader]")
{
  const ModelSpec m = load_model_text(
      "name: m\nproducts: [{name: p, route: [s, t]}]\nstations: [{name: s, process: 2 min, buffer: 3}, {name: t, "
      "process: 1 min}]",
      "m.yaml");
  CHECK(m.products[0].mix == 1); // the only released product needs no mix
  CHECK(m.run.start_week_offset == 0);
  CHECK(m.run.replications == 1);
  CHECK(m.release.policy == ReleaseSpec::Policy::push);
  CHECK_FALSE(m.release.interarrival); // saturated
  CHECK(m.calendar.always_on);
  CHECK(m.calendar.working.empty());
  CHECK(m.stations[0].buffer_capacity == 3);
  CHECK(std::isinf(m.stations[1].buffer_capacity)); // buffers.default is unlimited
  CHECK(m.stations[0].machines == 1);
  CHECK(m.stations[0].batch == 1);
  CHECK(m.stations[0].scrap == 0);
  CHECK_FALSE(m.stations[0].failures);
}

TEST_CASE("mix shares are normalised to sum exactly 1 within the 0.01 % tolerance", "[model_loader]")
{
  const ModelSpec m = load_model_text(R"yaml(name: m
products:
  - {name: a, route: [s], mix: 33.33 %}
  - {name: b, route: [s], mix: 33.33 %}
  - {name: c, route: [s], mix: 33.34 %}
stations: [{name: s, process: 1 min, buffer: 4}]
)yaml",
                                      "m.yaml");
  double sum = 0;
  for (const auto& p : m.products)
    sum += p.mix;
  CHECK(sum == Approx(1).epsilon(1e-12));
  CHECK(m.products[2].mix == Approx(0.3334));
}

TEST_CASE("release policies conwip and kanban load with their wip cap and finite buffers", "[model_loader]")
{
  const std::string base = "name: m\nproducts: [{name: p, route: [s, t]}]\n"
                           "stations: [{name: s, process: 1 min}, {name: t, process: 1 min, buffer: 2}]\n";
  const ModelSpec conwip = load_model_text(base + "release: {policy: conwip, wip: 12}\n", "m.yaml");
  CHECK(conwip.release.policy == ReleaseSpec::Policy::conwip);
  CHECK(conwip.release.wip_cap == 12);
  const ModelSpec kanban =
      load_model_text(base + "release: {policy: kanban, interarrival: saturated}\nbuffers: {default: 3}\n", "m.yaml");
  CHECK(kanban.release.policy == ReleaseSpec::Policy::kanban);
  CHECK_FALSE(kanban.release.interarrival);
  CHECK(kanban.stations[0].buffer_capacity == 3);
  CHECK(kanban.stations[1].buffer_capacity == 2);
}

TEST_CASE("two shifts on weekdays merge into one working interval per day", "[model_loader][calendar]")
{
  const ModelSpec m = load_model_text(
      with_calendar("  shifts: [\"Mon-Fri 06:00-14:00\", \"Mon-Fri 14:00-22:00\"]\n  at_shift_end: resume\n"), "m.yaml");
  CHECK_FALSE(m.calendar.always_on);
  CHECK(m.calendar.at_shift_end == CalendarSpec::AtShiftEnd::resume);
  std::vector<Interval> expected;
  for (int day = 0; day < 5; ++day)
    expected.push_back({day * d + 6 * h, day * d + 22 * h});
  CHECK(same(m.calendar.working, expected));
}

TEST_CASE("breaks are cut out of the shifts they fall in", "[model_loader][calendar]")
{
  const ModelSpec m = load_model_text(
      with_calendar("  shifts: [\"Mon,Wed 06:00-14:00\"]\n  breaks: [\"Mon-Fri 10:00-10:15\"]\n"), "m.yaml");
  const std::vector<Interval> expected{{6 * h, 10 * h},
                                       {10.25 * h, 14 * h},
                                       {2 * d + 6 * h, 2 * d + 10 * h},
                                       {2 * d + 10.25 * h, 2 * d + 14 * h}};
  CHECK(same(m.calendar.working, expected));
}

TEST_CASE("a night shift crosses midnight and Sunday night wraps to Monday morning", "[model_loader][calendar]")
{
  const ModelSpec m =
      load_model_text(with_calendar("  shifts: [\"Sun 22:00-06:00\", \"Fri 22:00-06:00\"]\n  at_shift_end: restart\n"),
                      "m.yaml");
  const std::vector<Interval> expected{{0, 6 * h}, {4 * d + 22 * h, 5 * d + 6 * h}, {6 * d + 22 * h, 7 * d}};
  CHECK(same(m.calendar.working, expected));
  CHECK(m.calendar.at_shift_end == CalendarSpec::AtShiftEnd::restart);
}

TEST_CASE("shift day sets accept daily, wrapping ranges, lists and 24:00 as an end", "[calendar]")
{
  CHECK(same(merge_intervals(parse_shift("daily 00:00-24:00")), {{0, seconds_per_week}}));
  CHECK(same(merge_intervals(parse_shift("daily 00:00-00:00")), {{0, seconds_per_week}}));
  CHECK(same(merge_intervals(parse_shift("sat-mon 08:00-12:00")),
             {{8 * h, 12 * h}, {5 * d + 8 * h, 5 * d + 12 * h}, {6 * d + 8 * h, 6 * d + 12 * h}}));
  CHECK(same(merge_intervals(parse_shift("Mon, Tue-Wed 20:00-24:00")),
             {{20 * h, 24 * h}, {d + 20 * h, d + 24 * h}, {2 * d + 20 * h, 2 * d + 24 * h}}));
  CHECK_THROWS_AS(parse_shift("Mon-Fri"), UnitError);
  CHECK_THROWS_AS(parse_shift("Mon 24:00-06:00"), UnitError);
  CHECK_THROWS_AS(parse_shift("Mon 6:00-14:61"), UnitError);
  CHECK_THROWS_WITH(parse_shift("Tues 06:00-14:00"), Catch::Contains("did you mean 'Tue'?"));
}

TEST_CASE("start dates give the offset from the Monday 00:00 of their week", "[calendar]")
{
  CHECK(week_offset("2025-01-06T06:00") == 6 * h); // a Monday
  CHECK(week_offset("2025-01-12T23:59:59") == 6 * d + 86399);
  CHECK(week_offset("2000-01-03T00:00") == 0); // a Monday
  CHECK(week_offset("2024-02-29T12:00") == 3 * d + 12 * h); // a leap-day Thursday
  CHECK(week_offset("1969-12-29T00:00") == 0);               // before the epoch: still a Monday
  CHECK_THROWS_WITH(week_offset("2023-02-29T12:00"), Catch::Contains("day 29 is not in 1..28"));
  CHECK_THROWS_AS(week_offset("2025-01-06"), UnitError);
  CHECK_THROWS_AS(week_offset("2025-13-06T06:00"), UnitError);
  CHECK_THROWS_AS(week_offset("2025-01-06T24:00"), UnitError);
}

TEST_CASE("a bill of materials wires components into the assembly station", "[model_loader][assembly]")
{
  const ModelSpec m = load_model_text(pump_assembly, "m.yaml");
  const ProductId pump = m.product_id("pump"), housing = m.product_id("housing"), impeller = m.product_id("impeller");
  const StationId assy = m.station_id("assy");
  REQUIRE(m.products[static_cast<std::size_t>(pump)].bom.size() == 2);
  CHECK(m.products[static_cast<std::size_t>(pump)].bom[0].component == housing);
  CHECK(m.products[static_cast<std::size_t>(pump)].bom[0].quantity == 1);
  CHECK(m.products[static_cast<std::size_t>(pump)].bom[1].component == impeller);
  CHECK(m.products[static_cast<std::size_t>(pump)].bom[1].quantity == 2);
  CHECK(m.products[static_cast<std::size_t>(pump)].released);
  CHECK(m.products[static_cast<std::size_t>(pump)].mix == 1);
  CHECK_FALSE(m.products[static_cast<std::size_t>(housing)].released);
  CHECK_FALSE(m.products[static_cast<std::size_t>(impeller)].released);
  CHECK(m.products[static_cast<std::size_t>(housing)].mix == 0);

  const StationSpec& station = m.stations[static_cast<std::size_t>(assy)];
  CHECK(station.is_assembly());
  CHECK(station.assembles == pump);
  CHECK(station.process[static_cast<std::size_t>(pump)]->mean() == 300);
  // Components only arrive at the assembly station: they are not processed there.
  CHECK_FALSE(station.process[static_cast<std::size_t>(housing)]);
  CHECK_FALSE(station.process[static_cast<std::size_t>(impeller)]);
  CHECK(m.stations[static_cast<std::size_t>(m.station_id("cast"))].process[static_cast<std::size_t>(housing)]);
  CHECK_FALSE(m.stations[static_cast<std::size_t>(m.station_id("test"))].is_assembly());
}

TEST_CASE("a process time for a component at its assembly station is rejected", "[model_loader][assembly]")
{
  std::string text = pump_assembly;
  text.replace(text.find("{name: assy, process: 5 min}"), 28, "{name: assy, process: {pump: 5 min, impeller: 1 min}}");
  CHECK(contains(load_error(text), "stations[assy].process.impeller: component 'impeller' is not processed at "
                                   "assembly station 'assy'"));
}

TEST_CASE("overrides replace values, select list elements by name or index and create sections",
          "[model_loader][override]")
{
  const ModelSpec m = load_model_text(three_station_line, "m.yaml",
                                      {"run.replications=3", "run.horizon=2 w", "stations[drill].machines=3",
                                       "stations[2].process={widget: 2 min, gadget: 3 min}",
                                       "products[gadget].route=[saw, drill, pack]", "release={policy: conwip, wip: 7}"});
  CHECK(m.run.replications == 3);
  CHECK(m.run.horizon == 14 * d);
  CHECK(m.run.seed == 42); // untouched
  CHECK(m.stations[1].machines == 3);
  CHECK(m.stations[2].process[0]->mean() == 120);
  CHECK(m.products[1].route == std::vector<StationId>{0, 1, 2});
  CHECK(m.stations[1].process[1]->kind() == Distribution::Kind::lognormal);
  CHECK(m.release.policy == ReleaseSpec::Policy::conwip);
  CHECK(m.release.wip_cap == 7);
  CHECK(m.source_text == three_station_line); // the file as written; overrides are recorded by the caller

  const ModelSpec minimal =
      load_model_text("name: m\nproducts: [{name: p, route: [s]}]\nstations: [{name: s, process: 1 min}]", "m.yaml",
                      {"run.seed=9", "calendar.shifts=[\"daily 06:00-14:00\"]", "buffers.default=5"});
  CHECK(minimal.run.seed == 9);
  CHECK(minimal.calendar.working.size() == 7);

  // [key=value] selects an element by another key than its name (lists such as customers have none).
  const ModelSpec by_key = load_model_text(three_station_line, "line.yaml", {"stations[buffer=4].machines=4"});
  CHECK(by_key.stations[1].machines == 4); // the drill, the one station with buffer: 4
  CHECK(contains(load_error(three_station_line, {"stations[machines=9].machines=2"}),
                 "no stations element has machines=9 (machines is '2' here)"));
}

TEST_CASE("overrides get the same checks as the file and are named in the message", "[model_loader][override]")
{
  CHECK(contains(load_error(three_station_line, {"run.horizon=0 s"}),
                 "--set run.horizon=0 s: error: run.horizon: must be a duration > 0"));
  CHECK(contains(load_error(three_station_line, {"stations[saw].proces=1 min"}),
                 "stations[saw].proces: unknown key 'proces' (did you mean 'process'?)"));
  CHECK(contains(load_error(three_station_line, {"runn.seed=2"}), "runn: unknown key 'runn' (did you mean 'run'?)"));
  CHECK(contains(load_error(three_station_line, {"stations[sawx].machines=2"}),
                 "no stations element named 'sawx' (did you mean 'saw'?)"));
  CHECK(contains(load_error(three_station_line, {"stations[7].machines=2"}), "no stations element 7"));
  CHECK(contains(load_error(three_station_line, {"run.replications=two"}),
                 "run.replications: expected an integer >= 1, got 'two'"));
  CHECK(contains(load_error(three_station_line, {"run.seed"}), "--set expects key.path=value"));
  CHECK(contains(load_error(three_station_line, {"run.seed=[1"}), "the value is not valid YAML"));
}

TEST_CASE("split_override splits at the first '=' outside brackets", "[model_loader][override]")
{
  CHECK(split_override("run.horizon = 2 w") == std::vector<std::string>{"run.horizon", "2 w"});
  CHECK(split_override("stations[a=b].machines=2") == std::vector<std::string>{"stations[a=b].machines", "2"});
  CHECK(split_override("description=x=y") == std::vector<std::string>{"description", "x=y"});
  CHECK_THROWS_AS(split_override("run.seed"), ModelError);
  CHECK_THROWS_AS(split_override("=1"), ModelError);
}

TEST_CASE("every problem in a file is reported together, in file order", "[model_loader]")
{
  try {
    load_model_text(R"yaml(name: m
products:
  - {name: p, route: [s, t], mix: 100 %}
stations:
  - {name: s, process: 3 parsecs, machines: 0}
  - {name: t, process: 1 min, scrap: 2}
buffers: {default: 2}
)yaml",
                    "m.yaml");
    FAIL("no ModelError");
  } catch (const ModelError& e) {
    const auto& ds = e.diagnostics();
    REQUIRE(ds.size() == 3);
    CHECK(ds[0].key_path == "stations[s].process");
    CHECK(ds[0].line == 5);
    CHECK(ds[0].column == 24);
    CHECK(ds[1].key_path == "stations[s].machines");
    CHECK(ds[2].key_path == "stations[t].scrap");
    CHECK(contains(ds[2].message, "has no unit"));
    CHECK(std::string(e.what()) == ds[0].format() + "\n" + ds[1].format() + "\n" + ds[2].format());
  }
}

TEST_CASE("a saturated push source needs a finite first buffer, unless the policy is conwip", "[model_loader]")
{
  const std::string line = "name: m\nproducts: [{name: p, route: [s]}]\nstations: [{name: s, process: 1 min}]\n";
  CHECK(contains(load_error(line), "m.yaml:2:30: error: products[p].route: a saturated source"));
  CHECK(load_error(line + "release: {policy: conwip, wip: 3}").empty());
  CHECK(load_error(line + "release: {interarrival: exp(2 min)}").empty());
  CHECK(load_error(line, {"stations[s].buffer=0"}).empty());
}

TEST_CASE("a list element without a name is reported by position, not as a syntax error", "[model_loader]")
{
  const std::string message = load_error(
      "name: m\nproducts: [{route: [a]}]\nstations: [{process: 1 s}, {name: a, process: 1 s, buffer: 1}]\n");
  CHECK(contains(message, "m.yaml:2:12: error: products[0]: missing required key 'name'"));
  CHECK(contains(message, "m.yaml:3:12: error: stations[0]: missing required key 'name'"));
  CHECK_FALSE(contains(message, "syntax"));
}

TEST_CASE("a missing file is a ModelError saying it cannot be read", "[model_loader]")
{
  CHECK_THROWS_WITH(load_model("no/such/model.yaml"), Catch::Contains("no/such/model.yaml: error: cannot read file"));
}

TEST_CASE("suggestions come from a case-insensitive match or an edit distance of at most 2", "[suggest]")
{
  CHECK(edit_distance("proces", "process") == 1);
  CHECK(edit_distance("porcess", "process") == 1); // a transposition is one edit
  CHECK(edit_distance("", "abc") == 3);
  CHECK(suggest("Stations", {"stations", "products"}) == "stations");
  CHECK(suggest("horizn", {"warmup", "horizon"}) == "horizon");
  CHECK(suggest("xyz", {"warmup", "horizon"}).empty());
  CHECK(did_you_mean("sed", {"seed"}) == " (did you mean 'seed'?)");
}

TEST_CASE("every malformed model in tests/bad_models fails with the error its first line expects", "[model_loader]")
{
  greenfab::testing::check_bad_input_files(std::filesystem::path(GREENFAB_SOURCE_DIR) / "tests" / "bad_models", 22,
                                           [](const std::string& path) { load_model(path); });
}
