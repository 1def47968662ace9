// Importing a file that arrives in chunks (the browser reads it in slices):
// JSONL is read line by line as it comes, a bounded amount per step, so the
// caller can spread a large file over many frames; any other input (one JSON
// document, e.g. a pretty-printed X API page) is read whole once it has all come.
#pragma once

#include "core/ingest/ingest.hpp"
#include "core/model/mention.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::core {

/// The reading half of an import: bytes in, mentions and problems out. It
/// never stores anything (the engine does, ListeningEngine::import_mentions).
///
///   ImportJob job(file_size);
///   while (!job.done()) {
///       if (job.wants_input() && a chunk arrived) job.feed(chunk) (or job.end_of_input());
///       job.step(mentions, 64 * 1024);   // then store `mentions`
///   }
class ImportJob {
  public:
    /// How many bytes may wait unread before feeding pauses (JSONL only; a
    /// whole document waits whole).
    static constexpr size_t kMaxBuffered = 8u << 20;

    /// `total_bytes` is the input's size as far as known (for progress; 0: unknown).
    explicit ImportJob(uint64_t total_bytes = 0) : m_total(total_bytes) {}

    /// The next bytes of the input, in order.
    void feed(std::string_view chunk);
    /// Nothing more will come: a last line without a newline is read as it is
    /// (a truncated one is counted as unreadable).
    void end_of_input();
    /// True while more input is expected and there is room for it.
    bool wants_input() const;

    /// Reads complete lines until about `max_bytes` were read (at least one
    /// line when one is there), appending the mentions found to `out`. Returns
    /// the bytes read. A whole-document input is read in the step after
    /// end_of_input(), however long.
    size_t step(std::vector<Mention>& out, size_t max_bytes);

    /// The input ended and all of it was read.
    bool done() const { return m_finished; }
    /// Bytes read (parsed) so far, and fed so far.
    uint64_t bytes_read() const { return m_read; }
    uint64_t bytes_fed() const { return m_fed; }
    uint64_t total_bytes() const { return m_total > m_fed ? m_total : m_fed; }
    /// Records read, mentions found, unreadable ones and their reasons (the first 100).
    const IngestReport& report() const { return m_report; }

  private:
    enum class Mode { Undecided, Lines, Whole };
    void decide_mode();
    void compact();

    std::string m_buffer; ///< bytes fed and not yet read start at m_pos
    size_t m_pos = 0;
    size_t m_line_no = 0;
    uint64_t m_total = 0, m_fed = 0, m_read = 0;
    bool m_ended = false;
    bool m_bom_checked = false;
    bool m_finished = false;
    bool m_starved = false; ///< the last step waited for the rest of a line
    Mode m_mode = Mode::Undecided;
    IngestReport m_report;
};

} // namespace earshot::core
