// The shared fixtures (tests/fixtures/NAME.sse with NAME.json), each fed whole, split in two
// at every byte, and one byte at a time: the events never depend on the chunking.

#include "test_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace sse::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::string read_file(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct fixture {
  std::string name;
  std::string stream;
  std::size_t max_event_size = parser::default_max_event_size;
  std::vector<entry> expected;
};

std::vector<entry> expected_entries(const json::array &list) {
  std::vector<entry> out;
  for (const auto &item : list) {
    const auto &row = item.as_array();
    const std::string kind(row.at(0).as_string());
    if (kind == "event") {
      out.push_back(ev(std::string(row.at(1).as_string()), std::string(row.at(2).as_string()),
                       std::string(row.at(3).as_string())));
    } else if (kind == "retry") {
      out.push_back(retry(row.at(1).to_number<std::uint64_t>()));
    } else if (kind == "comment") {
      out.push_back(comment(std::string(row.at(1).as_string())));
    } else if (kind == "error") {
      out.push_back(too_large());
    } else {
      ADD_FAILURE() << "unknown entry kind " << kind;
    }
  }
  return out;
}

std::vector<fixture> load_fixtures() {
  std::vector<fixture> fixtures;
  for (const auto &file : fs::directory_iterator(SSE_FIXTURES_DIR)) {
    if (file.path().extension() != ".sse") continue;
    fs::path expectation = file.path();
    expectation.replace_extension(".json");
    const json::object spec = json::parse(read_file(expectation)).as_object();
    fixture f;
    f.name = file.path().stem().string();
    f.stream = read_file(file.path());
    if (const auto *limit = spec.if_contains("maxEventSize")) {
      f.max_event_size = limit->to_number<std::size_t>();
    }
    f.expected = expected_entries(spec.at("expect").as_array());
    fixtures.push_back(std::move(f));
  }
  std::sort(fixtures.begin(), fixtures.end(),
            [](const fixture &a, const fixture &b) { return a.name < b.name; });
  return fixtures;
}

// Names the fixture in test output instead of dumping its bytes.
void PrintTo(const fixture &f, std::ostream *out) { *out << f.name; }

class Fixtures : public ::testing::TestWithParam<fixture> {};

TEST_P(Fixtures, Whole) {
  EXPECT_EQ(parse(GetParam().stream, GetParam().max_event_size), GetParam().expected);
}

TEST_P(Fixtures, SplitAtEveryByte) {
  const fixture &f = GetParam();
  for (std::size_t at = 0; at <= f.stream.size(); ++at) {
    ASSERT_EQ(parse_split(f.stream, at, f.max_event_size), f.expected) << "split at " << at;
  }
}

TEST_P(Fixtures, OneByteAtATime) {
  EXPECT_EQ(parse_in_pieces(GetParam().stream, 1, GetParam().max_event_size), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Shared, Fixtures, ::testing::ValuesIn(load_fixtures()),
                         [](const ::testing::TestParamInfo<fixture> &param) {
                           std::string name = param.param.name;
                           for (char &c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(FixturesFolder, IsNotEmpty) { EXPECT_GE(load_fixtures().size(), 10U); }

} // namespace
} // namespace sse::testing
