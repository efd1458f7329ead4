#include "sse/session.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace sse {

namespace {

constexpr bool is_http_whitespace(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && is_http_whitespace(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_http_whitespace(text.back())) text.remove_suffix(1);
  return text;
}

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

bool parse_digits(std::string_view text, std::uint64_t &value) noexcept {
  if (text.empty() || text.size() > 15) return false;
  value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

// An IMF-fixdate, as in "Sun, 06 Nov 1994 08:49:37 GMT", in milliseconds since the epoch.
bool parse_imf_fixdate(std::string_view text, double &epoch_ms) noexcept {
  static constexpr std::string_view months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT") return false;
  std::uint64_t day = 0, year = 0, hour = 0, minute = 0, second = 0;
  if (!parse_digits(text.substr(5, 2), day) || !parse_digits(text.substr(12, 4), year) ||
      !parse_digits(text.substr(17, 2), hour) || !parse_digits(text.substr(20, 2), minute) ||
      !parse_digits(text.substr(23, 2), second) || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':') {
    return false;
  }
  const auto month = std::find(std::begin(months), std::end(months), text.substr(8, 3));
  if (month == std::end(months) || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return false;
  const std::int64_t days = days_from_civil(static_cast<std::int64_t>(year),
                                            static_cast<unsigned>(month - std::begin(months) + 1),
                                            static_cast<unsigned>(day));
  epoch_ms = (static_cast<double>(days) * 86400.0 +
              static_cast<double>(hour * 3600 + minute * 60 + second)) *
             1000.0;
  return true;
}

// base^exponent by squaring: std::pow would bring libm's tables, 6 KB of the gzipped module.
double power(double base, std::uint32_t exponent) noexcept {
  double result = 1;
  for (; exponent != 0; exponent >>= 1, base *= base) {
    if ((exponent & 1) != 0) result *= base;
  }
  return result;
}

} // namespace

bool is_event_stream(std::string_view content_type) noexcept {
  return equal_ignoring_ascii_case(trim(content_type.substr(0, content_type.find(';'))),
                                   "text/event-stream");
}

double retry_after_ms(std::string_view value, double now_epoch_ms) noexcept {
  value = trim(value);
  std::uint64_t seconds = 0;
  if (parse_digits(value, seconds)) return static_cast<double>(seconds) * 1000.0;
  double at = 0;
  if (parse_imf_fixdate(value, at)) return std::max(0.0, at - now_epoch_ms);
  return -1;
}

session::session(session_options options)
    : options_(std::move(options)), parser_(options_.max_event_size),
      reconnection_time_ms_(options_.reconnection_time_ms) {}

void session::start(double now) noexcept {
  if (state_ != state::idle) return;
  started_at_ = now;
  state_ = state::awaiting_response;
  requests_ = 1;
}

// A reconnection's request is on its way once the caller says so (on_sent()), or, for a
// caller that does not report sends, once something answers it.
bool session::awaiting_response() noexcept {
  if (state_ == state::waiting) state_ = state::awaiting_response;
  return state_ == state::awaiting_response;
}

void session::on_sent(double /*now*/) noexcept { awaiting_response(); }

decision session::on_response(const response_info &response, double now, double random) {
  if (!awaiting_response()) return {};
  // [spec] If res's status is not 200, or if res's `Content-Type` is not `text/event-stream`,
  // then fail the connection.
  if (response.status != 200) {
    return failure_before_event(failure::status, response.status,
                                retry_after_ms(response.retry_after, now), random);
  }
  if (!is_event_stream(response.content_type))
    return finish(outcome::failed, failure::content_type);
  state_ = state::open;
  resuming_ = false;
  answer_ended_ = false;
  last_chunk_at_ = -1;
  last_heard_at_ = now;
  // A new body may begin with its own BOM; the last event ID is kept.
  parser_.reset();
  decision open;
  open.what = decision::kind::open;
  return open;
}

decision session::on_end(double /*now*/, double random) {
  if (state_ != state::open) return {};
  return cut(failure::ended, random);
}

decision session::on_network_error(double /*now*/, double random) {
  if (state_ == state::open) return cut(failure::network, random);
  if (!awaiting_response()) return {};
  return failure_before_event(failure::network, 0, -1, random);
}

double session::watchdog_ms() const noexcept {
  if (state_ == state::awaiting_response && options_.response_timeout_ms > 0)
    return options_.response_timeout_ms;
  if (state_ == state::awaiting_response || state_ == state::open) return options_.idle_timeout_ms;
  return 0;
}

decision session::on_watchdog(double /*now*/, double random) {
  if (state_ == state::open) return cut(failure::idle_timeout, random);
  if (!awaiting_response()) return {};
  // Without a response timeout, a server that takes the request and never answers is as
  // silent as a stalled body.
  const failure reason =
      options_.response_timeout_ms > 0 ? failure::response_timeout : failure::idle_timeout;
  return failure_before_event(reason, 0, -1, random);
}

decision session::on_wake(double /*now*/, double away_since) {
  if (state_ == state::waiting) {
    decision now;
    now.what = decision::kind::send_now;
    return now;
  }
  // A body heard from since the page went away is alive; one that cannot be asked for again
  // is left to its own watchdog, never re-sent.
  if (state_ != state::open || last_heard_at_ >= away_since) return {};
  if (options_.api == stream_api::event_source && options_.plain_get)
    return reconnect(0, failure::stale);
  if (may_resume()) return resume_again(failure::stale, 0, true);
  return {};
}

decision session::on_abort() {
  if (state_ == state::finished) return {};
  return finish(outcome::aborted, failure::aborted);
}

decision session::on_terminal() {
  if (state_ == state::finished) return {};
  return finish(outcome::completed, failure::none);
}

decision session::on_in_band_error(bool retryable) {
  if (state_ == state::finished) return {};
  return finish(outcome::failed, failure::in_band, retryable);
}

// The body of an accepted response ended or broke, or went silent.
decision session::cut(failure reason, double random) {
  if (reason == failure::ended && options_.end_after_answer && answer_ended_)
    return finish(outcome::completed, failure::none);
  const bool has_terminal = !options_.terminal_data.empty() || !options_.terminal_types.empty() ||
                            options_.terminal_by_caller || options_.end_after_answer;
  if (options_.api == stream_api::connect && reason == failure::ended && !has_terminal)
    return finish(outcome::completed, failure::none);
  // [spec] When a user agent is to reestablish the connection, ... wait a delay equal to the
  // reconnection time of the event source. Only a plain GET may be sent again unasked.
  if (options_.api == stream_api::event_source && options_.plain_get)
    return reconnect(static_cast<double>(reconnection_time_ms_), reason);
  if (may_resume()) return resume_again(reason, random);
  if (!event_seen_ && options_.retry.attempts != 0 && reason != failure::ended)
    return failure_before_event(reason, 0, -1, random);
  return finish(outcome::incomplete, reason, true);
}

// A refused response, a failed request, or a body that broke before any event arrived.
decision session::failure_before_event(failure reason, std::uint16_t status, double retry_after,
                                       double random) {
  // A resumption that failed on its way (MCP's way of resuming): the stream was accepted before,
  // so a transient failure is asked again on the same count, a lasting one ends it.
  if (resuming_ && options_.resume_backoff) {
    const bool transient =
        reason != failure::status || status == 408 || status == 429 || status >= 500;
    if (transient && resumes_in_vain_ < resume_cap()) return resume_again(reason, random);
    return finish(transient ? outcome::incomplete : outcome::failed, reason, transient);
  }
  const bool listed = reason == failure::status ? may_retry(status) : options_.retry.attempts != 0;
  if (listed && !event_seen_ && retries_ < options_.retry.attempts) {
    ++retries_;
    double delay = backoff(retries_, random);
    if (retry_after > delay) {
      // A server that asks for longer than the policy allows is not waited for.
      if (retry_after > options_.retry.max_delay_ms) return finish(outcome::failed, reason, true);
      delay = retry_after;
    }
    return reconnect(delay, reason);
  }
  const bool no_response = reason == failure::network || reason == failure::idle_timeout ||
                           reason == failure::response_timeout;
  // [spec] A network error before any response reestablishes a plain GET EventSource.
  if (no_response && options_.api == stream_api::event_source && options_.plain_get &&
      options_.retry.attempts == 0) {
    return reconnect(static_cast<double>(reconnection_time_ms_), reason);
  }
  const bool retryable =
      no_response ||
      (reason == failure::status && (status == 408 || status == 429 || status >= 500 || listed));
  return finish(outcome::failed, reason, retryable);
}

decision session::reconnect(double delay_ms, failure reason) {
  state_ = state::waiting;
  ++requests_;
  decision next;
  next.what = decision::kind::reconnect;
  next.delay_ms = delay_ms;
  next.reason = reason;
  next.retryable = true;
  return next;
}

decision session::finish(outcome result, failure reason, bool retryable) {
  state_ = state::finished;
  // Finished from a handler (a caller's terminal, a provider's error, an abort), the rest of the
  // chunk is not parsed: no later block may move the last event ID the stream ends with.
  parser_.reset();
  decision last;
  last.what = decision::kind::finish;
  last.result = result;
  last.reason = reason;
  last.retryable = result != outcome::completed && result != outcome::aborted && retryable;
  finished_with_ = last;
  return last;
}

double session::backoff(std::uint32_t attempt, double random) const noexcept {
  const retry_policy &policy = options_.retry;
  // An overflow to infinity is capped below, but zero times infinity would not be.
  const double exponential = policy.initial_delay_ms == 0
                                 ? 0
                                 : policy.initial_delay_ms * power(policy.growth, attempt - 1);
  double delay = std::min(policy.max_delay_ms, exponential);
  delay += delay * policy.jitter * (2 * random - 1);
  return std::clamp(delay, 0.0, policy.max_delay_ms);
}

std::uint32_t session::resume_cap() const noexcept {
  if (options_.resume_attempts != 0) return options_.resume_attempts;
  return options_.retry.attempts != 0 ? options_.retry.attempts : 5;
}

decision session::resume_again(failure reason, double random, bool at_once) {
  ++resumes_in_vain_;
  resuming_ = true;
  return reconnect(at_once ? 0 : resume_delay(random), reason);
}

// The wait before a resumption, resumes_in_vain_ being its attempt (1-based).
double session::resume_delay(double random) const noexcept {
  if (options_.resume_backoff && !retry_field_seen_) return backoff(resumes_in_vain_, random);
  return static_cast<double>(reconnection_time_ms_);
}

bool session::may_resume() const noexcept {
  return options_.resume && (options_.resume_without_id || !parser_.last_event_id().empty()) &&
         resumes_in_vain_ < resume_cap();
}

bool session::may_retry(std::uint16_t status) const noexcept {
  const auto &statuses = options_.retry.statuses;
  return std::find(statuses.begin(), statuses.end(), status) != statuses.end();
}

} // namespace sse
