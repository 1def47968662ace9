// Exporting many mentions a slice at a time: the text of a CSV, JSON or twarc2
// JSONL file is built in steps the caller spreads over frames, so exporting a
// hundred thousand rows never freezes the page.
#pragma once

#include "core/store/mention_store.hpp"
#include "core/workflow/workflow.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace earshot::core {

enum class ExportFormat : uint8_t { Csv, Json, Twarc2 };

/// "CSV", "JSON", "twarc2 JSONL" (for buttons and messages).
const char* export_format_label(ExportFormat f);
/// "csv", "json", "jsonl".
const char* export_extension(ExportFormat f);
/// The MIME type a download is offered with.
const char* export_mime_type(ExportFormat f);
/// "earshot-mentions-2026-12-03.csv" for an export made at `now` (Unix seconds, UTC date).
std::string export_file_name(ExportFormat f, int64_t now);

class ExportJob {
  public:
    /// Exports the mentions at `rows` (store positions, in that order).
    ExportJob(ExportFormat format, std::vector<uint32_t> rows);

    /// Appends up to `max_rows` more rows to the text; true once all are written.
    /// Positions past the store's end (it was cleared meanwhile) are skipped.
    bool step(const MentionStore& mentions, const Workflow& workflow, size_t max_rows);
    bool done() const { return m_next >= m_rows.size() && m_closed; }
    size_t rows_written() const { return m_written; }
    size_t rows_total() const { return m_rows.size(); }
    size_t rows_done() const { return m_next; }
    ExportFormat format() const { return m_format; }
    /// The file's text so far (all of it once done()).
    const std::string& text() const { return m_text; }
    std::string take_text() { return std::move(m_text); }

  private:
    ExportFormat m_format;
    std::vector<uint32_t> m_rows;
    size_t m_next = 0, m_written = 0;
    bool m_closed = false;
    std::string m_text;
};

} // namespace earshot::core
