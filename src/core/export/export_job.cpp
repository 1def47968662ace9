// ExportJob: the export file's text, built a slice of rows per step (export_job.hpp).
#include "core/export/export_job.hpp"

#include "core/export/export.hpp"
#include "core/model/mention_json.hpp"

#include <ctime>

namespace earshot::core {

const char* export_format_label(ExportFormat f) {
    switch (f) {
    case ExportFormat::Csv: return "CSV";
    case ExportFormat::Json: return "JSON";
    case ExportFormat::Twarc2: return "twarc2 JSONL";
    }
    return "";
}

const char* export_extension(ExportFormat f) {
    switch (f) {
    case ExportFormat::Csv: return "csv";
    case ExportFormat::Json: return "json";
    case ExportFormat::Twarc2: return "jsonl";
    }
    return "";
}

const char* export_mime_type(ExportFormat f) {
    switch (f) {
    case ExportFormat::Csv: return "text/csv;charset=utf-8";
    case ExportFormat::Json: return "application/json";
    case ExportFormat::Twarc2: return "application/x-ndjson";
    }
    return "application/octet-stream";
}

std::string export_file_name(ExportFormat f, int64_t now) {
    std::time_t t = static_cast<std::time_t>(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", &tm);
    return std::string("earshot-mentions-") + date + "." + export_extension(f);
}

ExportJob::ExportJob(ExportFormat format, std::vector<uint32_t> rows) : m_format(format), m_rows(std::move(rows)) {
    // A spreadsheet reads the header before the first row; JSON opens its array.
    if (m_format == ExportFormat::Csv) m_text = csv_header();
    else if (m_format == ExportFormat::Json) m_text = "[";
}

bool ExportJob::step(const MentionStore& mentions, const Workflow& workflow, size_t max_rows) {
    const size_t end = std::min(m_rows.size(), m_next + std::max<size_t>(max_rows, 1));
    for (; m_next < end; ++m_next) {
        const uint32_t pos = m_rows[m_next];
        if (pos >= mentions.size()) continue;
        const Mention& m = mentions.at(pos);
        switch (m_format) {
        case ExportFormat::Csv: append_csv_row(m, workflow.get(m.id), m_text); break;
        case ExportFormat::Json:
            m_text += m_written ? ",\n" : "\n";
            m_text += to_jsonl(m);
            break;
        case ExportFormat::Twarc2: append_twarc2_line(m, m_text); break;
        }
        ++m_written;
    }
    if (m_next >= m_rows.size() && !m_closed) {
        if (m_format == ExportFormat::Json) m_text += m_written ? "\n]\n" : "]\n";
        m_closed = true;
    }
    return done();
}

} // namespace earshot::core
