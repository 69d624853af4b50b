// Checks the run limits: the event calendar stops exactly at its event limit or when stopped, watches
// run on their period, and a replication past a limit ends with RunLimitError naming the limit.
#include "kernel/EventCalendar.hpp"
#include "kernel/Simulation.hpp"
#include "model/ModelLoader.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

using namespace greenfab;

namespace {

/** Reschedules itself `delay` later, forever: with delay 0 (a mean time of 1e-300 s rounds to it) time
 *  stands still and only a limit ends the loop. */
struct Ticker final : EventHandler {
  EventCalendar& calendar;
  double delay;
  std::uint64_t fired = 0;
  Ticker(EventCalendar& c, double d) : calendar(c), delay(d) {}
  void on_event(int, std::uint64_t) override
  {
    ++fired;
    calendar.schedule(calendar.now() + delay, this, 0);
  }
};

const std::string mm1 = GREENFAB_SOURCE_DIR "/models/teaching/mm1.yaml";

/** The message of the RunLimitError simulate() throws for mm1 with `overrides`, or "" if none. */
std::string limit_error(const std::vector<std::string>& overrides)
{
  const ModelSpec spec = load_model(mm1, overrides);
  try {
    simulate(spec, 0);
  } catch (const RunLimitError& e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("the event calendar fires exactly run.limits.events events and then stays stopped", "[limits]")
{
  EventCalendar calendar;
  Ticker ticker(calendar, 0);
  calendar.schedule(0, &ticker, 0);
  calendar.limit_events(1000);
  calendar.fire_due(0); // without the limit this never returns
  CHECK(ticker.fired == 1000);
  CHECK(calendar.executed() == 1000);
  CHECK(calendar.stopped());
  calendar.fire_due(0);
  CHECK(ticker.fired == 1000);
}

TEST_CASE("a watch runs after every period-th event and can stop the calendar", "[limits]")
{
  EventCalendar calendar;
  Ticker ticker(calendar, 0);
  calendar.schedule(0, &ticker, 0);
  std::vector<std::uint64_t> seen;
  calendar.watch(10, [&] {
    seen.push_back(calendar.executed());
    if (seen.size() == 3)
      calendar.stop();
  });
  calendar.fire_due(0);
  CHECK(seen == std::vector<std::uint64_t>{10, 20, 30});
  CHECK(ticker.fired == 30);
  CHECK(calendar.stopped());
}

TEST_CASE("an unstopped calendar is not stopped and runs all due events", "[limits]")
{
  EventCalendar calendar;
  Ticker ticker(calendar, 1);
  calendar.schedule(0, &ticker, 0);
  while (calendar.next_time() <= 99.5) // as a driver does: one date after the other
    calendar.fire_due(calendar.next_time());
  CHECK(ticker.fired == 100); // t = 0, 1, ..., 99
  CHECK_FALSE(calendar.stopped());
}

TEST_CASE("a replication past run.limits.events ends with RunLimitError naming the limit", "[limits]")
{
  // 14 h of arrivals every 75 s: ~670 arrivals, each with an end of service, so more than 1000 events.
  const std::string msg =
      limit_error({"run.warmup=0 s", "run.horizon=14 h", "run.limits.events=1000", "run.replications=1"});
  CHECK_THAT(msg, Catch::Contains("error: run.limits.events: replication 0 stopped after 1000 events"));
  CHECK_THAT(msg, Catch::Contains("--set run.limits.events=10000"));
}

TEST_CASE("a run needing exactly run.limits.events events completes with unchanged results", "[limits]")
{
  ModelSpec spec = load_model(mm1, {"run.warmup=0 s", "run.horizon=14 h", "run.replications=1"});
  const RunResult unlimited = run_replications(spec).at(0);
  REQUIRE(unlimited.status == "ok");
  spec.run.limits.events = unlimited.events;
  const RunResult exact = run_replications(spec).at(0);
  CHECK(exact.status == "ok");
  CHECK(exact.events == unlimited.events);
  CHECK(exact.kpi("output_parts") == unlimited.kpi("output_parts"));
  CHECK(exact.kpi("wip_mean") == unlimited.kpi("wip_mean"));
  // One event fewer and the run cannot finish.
  spec.run.limits.events = unlimited.events - 1;
  CHECK_THROWS_AS(run_replications(spec), RunLimitError);
}

TEST_CASE("a line whose queue grows past run.limits.wip ends with RunLimitError naming the limit", "[limits]")
{
  // Arrivals every 30 s on average for a 60 s server: the queue grows by about one part a minute.
  const std::string msg = limit_error({"release.interarrival=exp(30 s)", "run.limits.wip=100"});
  CHECK_THAT(msg, Catch::Contains("error: run.limits.wip: replication 0 stopped at simulated time"));
  // Checked wherever a part or an order is added, so the run stops at the first part over the limit.
  CHECK_THAT(msg, Catch::Contains("with 101 parts in the system"));
  CHECK_THAT(msg, Catch::Contains("--set run.limits.wip=1000"));
}
