// Data files are parsed once per process: the same text gives the same tree, a changed text a new one.
#include "model/DataDocuments.hpp"

#include <catch2/catch.hpp>

using namespace greenfab;

TEST_CASE("a data document read twice is parsed once and shared", "[data]")
{
  std::vector<Diagnostic> diags;
  const auto first  = parse_data_document("a: 1\nb: [2, 3]\n", "held.yaml", "a test file", diags);
  const auto second = parse_data_document("a: 1\nb: [2, 3]\n", "held.yaml", "a test file", diags);
  CHECK(diags.empty());
  CHECK(first.get() == second.get());
  REQUIRE(first->find("a") != nullptr);
  CHECK(first->find("a")->scalar == "1");
}

TEST_CASE("a data file rewritten between two loads is parsed again", "[data]")
{
  std::vector<Diagnostic> diags;
  const auto before = parse_data_document("a: 1\n", "rewritten.yaml", "a test file", diags);
  const auto after  = parse_data_document("a: 2\n", "rewritten.yaml", "a test file", diags);
  CHECK(before.get() != after.get());
  CHECK(after->find("a")->scalar == "2");
  // The same text under another name is another document: its locations name the other file.
  const auto other = parse_data_document("a: 1\n", "other.yaml", "a test file", diags);
  CHECK(other.get() != before.get());
  CHECK(other->where.origin == "other.yaml");
}

TEST_CASE("a data document with problems is reported on every load, not kept", "[data]")
{
  const std::size_t held_before = data_documents_held();
  for (int k = 0; k < 2; ++k) {
    std::vector<Diagnostic> diags;
    (void)parse_data_document("a: 1\na: 2\n", "duplicate.yaml", "a test file", diags);
    CHECK(diags.size() == 1);
  }
  CHECK(data_documents_held() == held_before);
  std::vector<Diagnostic> diags;
  CHECK_THROWS_AS(parse_data_document("a: [1\n", "broken.yaml", "a test file", diags), ModelError);
}
