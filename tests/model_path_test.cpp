// Model paths: one rule for --set, experiment factors, interventions and pathway changes
// (docs/model-format.md#model-paths). Every user of paths must read a path the same way.
#include "core/Errors.hpp"
#include "experiment/ExperimentLoader.hpp"
#include "model/Intervention.hpp"
#include "model/ModelLoader.hpp"
#include "model/ModelPath.hpp"

#include "support/TempDir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

using namespace greenfab;

namespace {

/** Stations a and b both have buffer 5; c has 3. */
const std::string two_buffers_of_5 = R"Y(name: two buffers of 5
products:
  - {name: p, route: [a, b, c]}
release: {policy: push, interarrival: exp(5 min)}
stations:
  - {name: a, process: 1 min, buffer: 5}
  - {name: b, process: 1 min, buffer: 5}
  - {name: c, process: 1 min, buffer: 3}
)Y";

std::vector<int> machines(const ModelSpec& m)
{
  std::vector<int> out;
  for (const auto& s : m.stations)
    out.push_back(s.machines);
  return out;
}

std::string set_error(const std::string& model, const std::vector<std::string>& overrides)
{
  try {
    load_model_text(model, "two.yaml", overrides);
  } catch (const ModelError& e) {
    return e.what();
  }
  return "(loaded without error)";
}

/** The model after one intervention change {path, set: 3} on machines; throws its diagnostics. */
ModelSpec with_intervention(const std::string& model, const std::string& path, const std::string& op = "set: 3")
{
  const Intervention iv = load_intervention_text("id: t\ncategory: lean\ndescription: d\nchanges:\n  - {path: \"" + path +
                                                     "\", " + op + "}\nassumption: test\n",
                                                 "iv.yaml");
  std::vector<Diagnostic> d;
  YamlValue tree = parse_document(model, "two.yaml", "a model file", {}, d);
  apply_intervention(tree, iv, 1, d);
  if (not d.empty())
    throw ModelError(std::move(d));
  return load_model_tree(tree, "two.yaml", model);
}

std::string intervention_error(const std::string& model, const std::string& path, const std::string& op = "set: 3")
{
  try {
    with_intervention(model, path, op);
  } catch (const ModelError& e) {
    return e.what();
  }
  return "(applied without error)";
}

/** The scenario models of a one-factor experiment (levels [3]) on `model`, written to a fresh directory. */
std::vector<ModelSpec> factor_models(const std::string& model, const std::string& path)
{
  const test::TempDir dir("greenfab-model-path");
  std::ofstream(dir.file("two.yaml")) << model;
  const ExperimentSpec e = load_experiment_text("name: t\nmodel: two.yaml\nfactors:\n  - {name: m, path: \"" + path +
                                                    "\", levels: [3]}\n",
                                                dir.file("exp.yaml"), {});
  return build_scenario_models(e);
}

std::string factor_error(const std::string& model, const std::string& path)
{
  try {
    factor_models(model, path);
  } catch (const ModelError& e) {
    return e.what();
  }
  return "(built without error)";
}

/** The matches of `path` in `doc` (a walk that creates nothing), as concrete paths. */
std::vector<std::string> matches(const std::string& doc, const std::string& path, PathWalk* out = nullptr)
{
  std::vector<Diagnostic> d;
  YamlValue tree = parse_document(doc, "doc.yaml", "a document", {}, d);
  REQUIRE(d.empty());
  std::string problem;
  const auto parsed = parse_model_path(path, problem);
  INFO(problem);
  REQUIRE(parsed);
  const PathWalk walk = walk_model_path(tree, *parsed, PathCreate::nothing, {});
  std::vector<std::string> found;
  for (const auto& m : walk.matches)
    found.push_back(m.path);
  if (out != nullptr)
    *out = walk;
  return found;
}

} // namespace

TEST_CASE("paths parse into keys, named and key=value selectors and wildcards", "[model_path]")
{
  std::string problem;
  const auto p = parse_model_path("transport.fleets[*, type = diesel_truck].type", problem);
  REQUIRE(p);
  REQUIRE(p->steps.size() == 4);
  CHECK(p->steps[2].kind == PathStep::Kind::every_with);
  CHECK(p->steps[2].text == "type");
  CHECK(p->steps[2].value == "diesel_truck");
  CHECK(p->has_wildcard());
  const auto q = parse_model_path("stations[buffer=5].machines", problem);
  REQUIRE(q);
  CHECK(q->steps[1].kind == PathStep::Kind::element_with);
  CHECK_FALSE(q->has_wildcard());
  CHECK(parse_model_path("waste_handling.*.sold", problem)->steps[1].kind == PathStep::Kind::every_key);
  CHECK(parse_model_path("stations[*]", problem)->steps[1].kind == PathStep::Kind::every);
  CHECK(parse_model_path("calendar.shifts[0]", problem)->steps[2].kind == PathStep::Kind::element);
  for (const char* bad : {"", "[a].b", "a[", "a[]", "a[*, x]", "a[*x=1]", "a..b", "a.", "a[=x]", "a[x=]", "*.a", "a]b", "a[b]c"})
    CHECK_FALSE(parse_model_path(bad, problem));
  CHECK_THAT(set_error(two_buffers_of_5, {"stations[a]machines=2"}),
             Catch::Contains("--set stations[a]machines=2: error: bad model path 'stations[a]machines'"));
}

TEST_CASE("two stations of buffer 5: --set, a factor and an intervention all refuse [buffer=5] and name the count",
          "[model_path]")
{
  const std::string set = set_error(two_buffers_of_5, {"stations[buffer=5].machines=3"});
  CHECK_THAT(set, Catch::Contains("--set stations[buffer=5].machines=3: error: 'stations[buffer=5]' matches 2 elements "
                                  "(stations[a], stations[b]): write stations[*, buffer=5] to change every one, or "
                                  "select one, e.g. stations[name=a]"));
  // The factor's error is located at its path in the experiment file (line 4), with the same words.
  const std::string factor = factor_error(two_buffers_of_5, "stations[buffer=5].machines");
  CHECK_THAT(factor, Catch::Contains("exp.yaml:4:") and Catch::Contains("'stations[buffer=5]' matches 2 elements") and
                         Catch::Contains("stations[*, buffer=5]"));
  // An intervention is located at its change (line 5 of iv.yaml).
  const std::string iv = intervention_error(two_buffers_of_5, "stations[buffer=5].machines");
  CHECK_THAT(iv, Catch::Contains("iv.yaml:5:") and Catch::Contains("intervention 't'") and
                     Catch::Contains("'stations[buffer=5]' matches 2 elements"));
}

TEST_CASE("two stations of buffer 5: [*, buffer=5] changes both via --set, a factor and an intervention", "[model_path]")
{
  const std::vector<int> both{3, 3, 1};
  CHECK(machines(load_model_text(two_buffers_of_5, "two.yaml", {"stations[*, buffer=5].machines=3"})) == both);
  REQUIRE(factor_models(two_buffers_of_5, "stations[*, buffer=5].machines").size() == 1);
  CHECK(machines(factor_models(two_buffers_of_5, "stations[*, buffer=5].machines")[0]) == both);
  CHECK(machines(with_intervention(two_buffers_of_5, "stations[*, buffer=5].machines")) == both);
  // A selector that matches one element is the same one element for all three.
  const std::vector<int> only_c{1, 1, 3};
  CHECK(machines(load_model_text(two_buffers_of_5, "two.yaml", {"stations[buffer=3].machines=3"})) == only_c);
  CHECK(machines(factor_models(two_buffers_of_5, "stations[buffer=3].machines")[0]) == only_c);
  CHECK(machines(with_intervention(two_buffers_of_5, "stations[buffer=3].machines")) == only_c);
}

TEST_CASE("a star [*] changes every element, [name] and [name=...] select by name, [index] by position", "[model_path]")
{
  CHECK(machines(load_model_text(two_buffers_of_5, "two.yaml", {"stations[*].machines=2"})) == std::vector<int>{2, 2, 2});
  for (const auto& s : with_intervention(two_buffers_of_5, "stations[*].process", "multiply: 4").stations)
    CHECK(s.process[0]->mean() == 240);
  CHECK(machines(load_model_text(two_buffers_of_5, "two.yaml", {"stations[b].machines=2"})) == std::vector<int>{1, 2, 1});
  CHECK(machines(load_model_text(two_buffers_of_5, "two.yaml", {"stations[name=b].machines=2"})) == std::vector<int>{1, 2, 1});
  CHECK(machines(load_model_text(two_buffers_of_5, "two.yaml", {"stations[2].machines=2"})) == std::vector<int>{1, 1, 2});
  CHECK(machines(with_intervention(two_buffers_of_5, "stations[b].machines")) == std::vector<int>{1, 3, 1});
  // [*] on --set creates the key in every element, as a single --set creates it in one.
  const ModelSpec standby = load_model_text(two_buffers_of_5, "two.yaml", {"stations[*].policies.auto_standby=10 min"});
  for (const auto& s : standby.stations)
    CHECK(s.power.auto_standby == 600);
}

TEST_CASE("selectors nest: each selector without * must pick one element where it is applied", "[model_path]")
{
  const std::string doc = R"Y(lines:
  - name: north
    cells: [{name: n1, buffer: 5}, {name: n2, buffer: 3}]
  - name: south
    cells: [{name: s1, buffer: 5}, {name: s2, buffer: 5}]
)Y";
  CHECK(matches(doc, "lines[north].cells[buffer=5].name") == std::vector<std::string>{"lines[north].cells[n1].name"});
  CHECK(matches(doc, "lines[*].cells[buffer=3]") == std::vector<std::string>{"lines[north].cells[n2]"});
  CHECK(matches(doc, "lines[*].cells[*, buffer=5]") ==
        std::vector<std::string>{"lines[north].cells[n1]", "lines[south].cells[s1]", "lines[south].cells[s2]"});
  PathWalk walk;
  matches(doc, "lines[*].cells[buffer=5]", &walk);
  REQUIRE(walk.ambiguous.size() == 1); // south has two; north's one alone does not make the path valid
  CHECK_THAT(walk.ambiguous[0], Catch::StartsWith("'lines[south].cells[buffer=5]' matches 2 elements"));
  CHECK(matches(doc, "lines[south].cells[1].buffer") == std::vector<std::string>{"lines[south].cells[s2].buffer"});
  CHECK(matches(doc, "lines.*", &walk).empty()); // lines is a list: .* is for maps
  CHECK_THAT(walk.misses.at(0), Catch::Contains("'lines' is a list, not a map"));
}

TEST_CASE("key=value compares the text as written: 5 matches 5 and \"5\", not 5.0 or 5 parts", "[model_path]")
{
  const std::string doc = R"Y(items:
  - {name: plain, n: 5}
  - {name: quoted, n: "5"}
  - {name: decimal, n: 5.0}
  - {name: unit, n: 5 parts}
)Y";
  CHECK(matches(doc, "items[*, n=5]") == std::vector<std::string>{"items[plain]", "items[quoted]"});
  CHECK(matches(doc, "items[n=5.0]") == std::vector<std::string>{"items[decimal]"});
  CHECK(matches(doc, "items[n=5 parts]") == std::vector<std::string>{"items[unit]"});
  PathWalk walk;
  CHECK(matches(doc, "items[n=5.00]", &walk).empty());
  REQUIRE(walk.misses.size() == 1);
  CHECK_THAT(walk.misses[0], Catch::Contains("no items element has n=5.00 (did you mean '5.0'?) (n is '5', '5.0' or '5 parts' here)") and
                                 Catch::Contains("values are compared as written, so '5' does not match '5.00'"));
}

TEST_CASE("a path that reaches nothing: --set and factors refuse it, an optional intervention change skips it",
          "[model_path]")
{
  CHECK_THAT(set_error(two_buffers_of_5, {"stations[buffer=9].machines=2"}),
             Catch::Contains("--set stations[buffer=9].machines=2: error: no stations element has buffer=9 (buffer is '5' or '3' here)"));
  CHECK_THAT(set_error(two_buffers_of_5, {"stations[99999999999999999999999].machines=2"}),
             Catch::Contains("no stations element 99999999999999999999999 (the list has 3 elements, numbered from 0)"));
  CHECK_THAT(factor_error(two_buffers_of_5, "stations[d].machines"),
             Catch::Contains("exp.yaml:4:") and Catch::Contains("no stations element named 'd'"));
  CHECK_THAT(intervention_error(two_buffers_of_5, "stations[d].machines"),
             Catch::Contains("path 'stations[d].machines' does not exist in the model: no stations element named 'd'"));
  // [*] below which one element cannot take the path: --set refuses, an intervention skips that element.
  const std::string mixed = R"Y(name: only c has setups
products:
  - {name: p, route: [a, b, c]}
release: {policy: push, interarrival: exp(5 min)}
stations:
  - {name: a, process: 1 min}
  - {name: b, process: 1 min}
  - {name: c, process: {p: 1 min}, setup: {p: 2 min}}
)Y";
  CHECK_THAT(set_error(mixed, {"stations[*].process.p=2 min"}),
             Catch::Contains("'stations[a].process' is '1 min', not a map, so it has no key 'p' (and 1 more)"));
  CHECK(with_intervention(mixed, "stations[*].setup.p", "multiply: 0.5").stations[2].setup[0]->mean() == 60);
  CHECK_THAT(intervention_error(two_buffers_of_5, "stations[*].setup", "multiply: 0.5"),
             Catch::Contains("does not exist in the model: 'stations[a]' has no key 'setup'"));
}
