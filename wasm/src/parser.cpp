#include "sse/parser.hpp"

#include "sse/utf8.hpp"

namespace sse {

void parser::release_idle_memory() noexcept {
  // A buffer that once held a huge event should not pin that memory while idle.
  constexpr std::size_t retained_capacity = std::size_t{64} << 10;
  line_.release_above(retained_capacity);
  data_.release_above(retained_capacity);
}

parser::parser(std::size_t max_event_size) noexcept : max_event_size_(max_event_size) {}

void parser::reset() noexcept {
  // Memory is not released here: a callback may reset while its event's views are in use.
  line_.clear();
  clear_block();
  block_bytes_ = 0;
  bom_matched_ = 0;
  at_start_ = true;
  skip_lf_ = false;
  discarding_ = false;
  discarded_line_ = false;
  ++generation_;
}

void parser::clear_block() noexcept {
  data_.clear();
  data_ascii_ = true;
  pending_data_ = nullptr;
  streamed_at_ = not_streamed;
  streamed_bytes_ = 0;
  type_.clear();
  block_id_ = false;
  // [spec] The last event ID buffer is only copied out at dispatch, so a discarded block's
  // `id` never reaches the source; resuming from the committed value keeps it that way.
  id_buffer_.assign(last_event_id_);
}

void parser::set_last_event_id(std::string_view id) {
  last_event_id_.clear();
  utf8::append_replacing_invalid(last_event_id_, id);
  id_buffer_.assign(last_event_id_);
}

// Line ends by kind, and the WHATWG Encoding standard's UTF-8 decoder run to count what it
// would replace, both across chunk boundaries.
void parser::inspect(std::string_view bytes) noexcept {
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (wire_cr_) {
      wire_cr_ = false;
      if (b == '\n') {
        ++wire_.crlf;
        ++wire_.bytes;
        continue;
      }
      ++wire_.cr;
    }
    if (b == '\r') {
      wire_cr_ = true;
    } else if (b == '\n') {
      ++wire_.lf;
    }
    for (;;) {
      if (utf8_needed_ == 0) {
        if (b >= 0xC2 && b <= 0xDF) {
          utf8_needed_ = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
          if (b == 0xE0) utf8_lower_ = 0xA0;
          if (b == 0xED) utf8_upper_ = 0x9F;
          utf8_needed_ = 2;
        } else if (b >= 0xF0 && b <= 0xF4) {
          if (b == 0xF0) utf8_lower_ = 0x90;
          if (b == 0xF4) utf8_upper_ = 0x8F;
          utf8_needed_ = 3;
        } else if (b >= 0x80) {
          if (wire_.invalid_utf8++ == 0) wire_.first_invalid_utf8 = wire_.bytes;
        }
        break;
      }
      if (b < utf8_lower_ || b > utf8_upper_) {
        // The open sequence is one error, and this byte starts afresh.
        utf8_needed_ = 0;
        utf8_lower_ = 0x80;
        utf8_upper_ = 0xBF;
        if (wire_.invalid_utf8++ == 0) wire_.first_invalid_utf8 = wire_.bytes;
        continue;
      }
      utf8_lower_ = 0x80;
      utf8_upper_ = 0xBF;
      --utf8_needed_;
      break;
    }
    ++wire_.bytes;
  }
}

wire_report parser::wire() const noexcept {
  wire_report report = wire_;
  if (wire_cr_) ++report.cr;
  report.utf8_incomplete = utf8_needed_ != 0;
  return report;
}

bool parser::mid_event() const noexcept {
  if (streamed_at_ != not_streamed || pending_data_ != nullptr || !data_.empty()) return true;
  return !line_.empty() && line_.view().front() != ':';
}

void parser::keep_pending_data() {
  if (pending_data_ == nullptr) return;
  data_.append(pending_data_, pending_size_);
  data_.push_back('\n');
  pending_data_ = nullptr;
}

} // namespace sse
