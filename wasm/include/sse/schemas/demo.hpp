#pragma once

// The demo's payloads, after the FastAPI + Pydantic example: `progress` events carry a
// ProgressUpdate; `token` events carry a JSON string; `done` carries "[DONE]".

#include "sse/typed.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <string>

namespace sse::schemas::demo {

struct progress {
  std::int64_t step = 0;
  std::int64_t total = 0;
  std::string message;
  double percentage = 0;
};
BOOST_DESCRIBE_STRUCT(progress, (), (step, total, message, percentage))

} // namespace sse::schemas::demo
