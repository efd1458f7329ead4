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

void parser::keep_pending_data() {
  if (pending_data_ == nullptr) return;
  data_.append(pending_data_, pending_size_);
  data_.push_back('\n');
  pending_data_ = nullptr;
}

} // namespace sse
