#pragma once

// A schema of a C++ user's own, for the typed module test (sse_add_typed_module in CMake).

#include <boost/describe/class.hpp>

#include <optional>
#include <string>

namespace weather {

struct reading {
  std::string city;
  double celsius = 0;
  std::optional<std::string> note;
};
BOOST_DESCRIBE_STRUCT(reading, (), (city, celsius, note))

} // namespace weather
