// Result tables: the column-named builder refuses misplaced values; RunResult's named tables survive the codec.
#include "results/RunResult.hpp"
#include "results/RunResultCodec.hpp"
#include "results/TableBuilder.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

using namespace greenfab;

namespace {
/** The declaration every case below starts from: a key, a text and two numeric columns. */
TableBuilder machines()
{
  TableBuilder b("machines", "machine");
  b.key("machine").text("hall").column("power_W", "W", "mean power").column("parts", "", "parts made");
  return b;
}
} // namespace

TEST_CASE("table builder: values land in the columns they name, whatever order they are set in", "[results][table]")
{
  TableBuilder b = machines();
  b.row().set("parts", 7).set("machine", "lathe").set("power_W", 1500.5).set("hall", "A");
  b.row().set("hall", std::string("B")).set("power_W", 0.25).set("machine", "saw").set("parts", std::uint64_t{3});
  const Table t = b.take();
  CHECK(t.name == "machines");
  CHECK(t.row_is == "machine");
  CHECK(t.summarise);
  CHECK(t.index == std::vector<std::string>{"machine"});
  REQUIRE(t.rows() == 2);
  CHECK(t.find_text("machine")->values == std::vector<std::string>{"lathe", "saw"});
  CHECK(t.find_text("hall")->values == std::vector<std::string>{"A", "B"});
  CHECK(t.find("power_W")->values == std::vector<double>{1500.5, 0.25});
  CHECK(t.find("power_W")->unit == "W");
  CHECK(t.find("power_W")->description == "mean power");
  CHECK(t.find("parts")->values == std::vector<double>{7, 3});
  // Declaration order within text and within numeric columns is the table's column order.
  REQUIRE(t.numeric.size() == 2);
  CHECK(t.numeric[0].name == "power_W");
  CHECK(t.numeric[1].name == "parts");
}

TEST_CASE("table builder: an unknown column is refused at the first row", "[results][table]")
{
  TableBuilder b = machines();
  auto row       = b.row();
  row.set("machine", "lathe");
  CHECK_THROWS_WITH(row.set("power_kW", 1.5), Catch::Contains("table 'machines': no column 'power_kW'"));
}

TEST_CASE("table builder: a row missing a column is refused when the next row starts or the table is taken",
          "[results][table]")
{
  {
    TableBuilder b = machines();
    b.row().set("machine", "lathe").set("hall", "A").set("power_W", 1.0); // no parts
    CHECK_THROWS_WITH(b.row(), Catch::Contains("row 0") && Catch::Contains("parts"));
  }
  {
    TableBuilder b = machines();
    b.row().set("machine", "lathe").set("parts", 1); // no hall, no power_W
    CHECK_THROWS_WITH(b.take(), Catch::Contains("hall, power_W"));
  }
}

TEST_CASE("table builder: a column set twice, or text in a numeric column, is refused", "[results][table]")
{
  TableBuilder b = machines();
  auto row       = b.row();
  row.set("power_W", 1.0);
  CHECK_THROWS_WITH(row.set("power_W", 2.0), Catch::Contains("set twice"));
  CHECK_THROWS_WITH(row.set("parts", "seven"), Catch::Contains("numeric"));
  CHECK_THROWS_WITH(row.set("hall", 3), Catch::Contains("text"));
}

TEST_CASE("table builder: columns are declared once, before the first row", "[results][table]")
{
  TableBuilder b = machines();
  CHECK_THROWS_AS(b.column("parts", "", "again"), std::logic_error);
  CHECK_THROWS_AS(b.text("machine"), std::logic_error);
  b.row().set("machine", "m").set("hall", "h").set("power_W", 1).set("parts", 1);
  CHECK_THROWS_WITH(b.column("late", "", ""), Catch::Contains("after the first row"));
}

TEST_CASE("table builder: clear_rows restarts a series with the same columns and take leaves them declared",
          "[results][table]")
{
  TableBuilder b("series", "hour");
  b.key_column("start_s", "s", "period start").column("x", "", "").no_summary();
  b.row().set("start_s", 0).set("x", 1);
  b.clear_rows();
  b.row().set("start_s", 3600).set("x", 2);
  const Table t = b.take();
  CHECK(t.index == std::vector<std::string>{"start_s"});
  CHECK_FALSE(t.summarise);
  CHECK(t.find("start_s")->values == std::vector<double>{3600});
  CHECK(t.find("x")->values == std::vector<double>{2});
  CHECK(b.rows() == 0);
  b.row().set("start_s", 7200).set("x", 3);
  CHECK(b.take().find("x")->values == std::vector<double>{3});
}

TEST_CASE("run result: tables are found by name and names are unique HDF5 link names", "[results][table]")
{
  RunResult r;
  TableBuilder b = machines();
  r.add_table(b.take());
  CHECK(r.find_table("machines") != nullptr);
  CHECK(r.find_table("stations") == nullptr);
  CHECK_THROWS_AS(r.table("stations"), std::out_of_range);
  CHECK_THROWS_AS(r.stations(), std::out_of_range);
  CHECK_THROWS_WITH(r.add_table(machines().take()), Catch::Contains("second table named 'machines'"));
  Table bad;
  bad.name = "a/b";
  CHECK_THROWS_AS(r.add_table(bad), std::logic_error);
  bad.name = "";
  CHECK_THROWS_AS(r.add_table(bad), std::logic_error);
}

TEST_CASE("run result codec: several named tables round-trip bit for bit, in order", "[results][table]")
{
  RunResult r;
  r.replication = 3;
  r.seed        = 0xfedcba9876543210ULL;
  r.status      = "ok";
  r.wall_time_s = 1.0 / 3.0;
  r.events      = 123456789012ULL;
  r.kpis        = {{"throughput_per_h", "1/h", "parts per hour", 0.1 + 0.2}};
  {
    TableBuilder b = machines();
    b.row().set("machine", "Prüfstand").set("hall", "").set("power_W", std::nextafter(1.0, 2.0)).set("parts", -0.0);
    b.row()
        .set("machine", "saw")
        .set("hall", "B")
        .set("power_W", std::numeric_limits<double>::infinity())
        .set("parts", std::numeric_limits<double>::quiet_NaN());
    r.add_table(b.take());
  }
  {
    TableBuilder b("log", "event");
    b.no_summary().key_column("t_s", "s", "time").text("what");
    for (int i = 0; i < 3; ++i)
      b.row().set("t_s", i / 7.0).set("what", std::to_string(i));
    r.add_table(b.take());
  }
  Table empty; // a table with no columns (a module with nothing to report) is still a table
  empty.name = "empty";
  r.add_table(empty);

  const RunResult back = decode_run_result(encode(r));
  CHECK(back.replication == 3);
  CHECK(back.seed == r.seed);
  CHECK(back.wall_time_s == r.wall_time_s);
  CHECK(back.events == r.events);
  REQUIRE(back.kpis.size() == 1);
  CHECK(back.kpis[0].value == 0.1 + 0.2);
  REQUIRE(back.tables.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    const Table& a = r.tables[i];
    const Table& b = back.tables[i];
    CHECK(b.name == a.name);
    CHECK(b.row_is == a.row_is);
    CHECK(b.summarise == a.summarise);
    CHECK(b.index == a.index);
    REQUIRE(b.text.size() == a.text.size());
    for (std::size_t c = 0; c < a.text.size(); ++c) {
      CHECK(b.text[c].name == a.text[c].name);
      CHECK(b.text[c].values == a.text[c].values);
    }
    REQUIRE(b.numeric.size() == a.numeric.size());
    for (std::size_t c = 0; c < a.numeric.size(); ++c) {
      CHECK(b.numeric[c].name == a.numeric[c].name);
      CHECK(b.numeric[c].unit == a.numeric[c].unit);
      CHECK(b.numeric[c].description == a.numeric[c].description);
      REQUIRE(b.numeric[c].values.size() == a.numeric[c].values.size());
      for (std::size_t v = 0; v < a.numeric[c].values.size(); ++v) // bit patterns: NaN, -0 and inf included
        CHECK(std::memcmp(&b.numeric[c].values[v], &a.numeric[c].values[v], sizeof(double)) == 0);
    }
  }
  CHECK_FALSE(back.table("log").summarise);
  CHECK(std::signbit(back.table("machines").find("parts")->values[0]));
}

TEST_CASE("run result codec: bytes of another layout or truncated bytes are refused", "[results][table]")
{
  RunResult r;
  r.add_table(machines().take());
  const std::string bytes = encode(r);
  CHECK_THROWS_AS(decode_run_result(bytes.substr(0, bytes.size() - 1)), std::runtime_error);
  std::string other = bytes;
  other[0]          = static_cast<char>(other[0] ^ 1); // the layout tag
  CHECK_THROWS_WITH(decode_run_result(other), Catch::Contains("another greenfab version"));
}
