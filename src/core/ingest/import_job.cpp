// ImportJob: chunked, stepwise reading of an import (see import_job.hpp).
#include "core/ingest/import_job.hpp"

#include "core/ingest/json_view.hpp"

namespace earshot::core {

void ImportJob::feed(std::string_view chunk) {
    if (m_ended || chunk.empty()) return;
    m_fed += chunk.size();
    m_starved = false;
    m_buffer.append(chunk.data(), chunk.size());
    // Excel and Notepad write a byte-order mark; no JSON reader takes one.
    if (!m_bom_checked && m_buffer.size() >= 3) {
        m_bom_checked = true;
        if (m_buffer.compare(0, 3, "\xEF\xBB\xBF") == 0) {
            m_pos = 3;
            m_read = 3;
        }
    }
}

void ImportJob::end_of_input() { m_ended = true; }

bool ImportJob::wants_input() const {
    if (m_ended) return false;
    // A whole document (or a first line still coming) cannot be read before all of it is here.
    // A line longer than the room (a huge page on one line) still gets the rest of itself.
    return m_mode != Mode::Lines || m_starved || m_buffer.size() - m_pos < kMaxBuffered;
}

// JSONL when the first line is a JSON document of its own; anything else (a
// pretty-printed document, or a first line that is broken) is read whole at
// the end, where ingest_content() still falls back to lines with numbers.
void ImportJob::decide_mode() {
    const size_t start = m_buffer.find_first_not_of(" \t\r\n", m_pos);
    if (start == std::string::npos) {
        if (m_ended) m_mode = Mode::Whole; // blank input: ingest_content() says it is empty
        return;
    }
    const size_t nl = m_buffer.find('\n', start);
    if (nl == std::string::npos && !m_ended) return; // the first line is still coming
    const std::string_view first = std::string_view(m_buffer).substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    m_mode = JsonDocument::parse(first) ? Mode::Lines : Mode::Whole;
}

void ImportJob::compact() {
    // Dropping read bytes only once they are half the buffer keeps copying linear.
    if (m_pos > (1u << 20) && m_pos * 2 > m_buffer.size()) {
        m_buffer.erase(0, m_pos);
        m_pos = 0;
    }
}

size_t ImportJob::step(std::vector<Mention>& out, size_t max_bytes) {
    if (m_mode == Mode::Undecided) decide_mode();
    if (m_mode == Mode::Undecided) return 0;
    if (m_mode == Mode::Whole) {
        if (!m_ended || m_finished) return 0;
        const std::string_view rest = std::string_view(m_buffer).substr(m_pos);
        const size_t n = rest.size();
        m_report = ingest_content(rest, out);
        m_buffer.clear();
        m_pos = 0;
        m_read += n;
        m_finished = true;
        return n;
    }
    size_t used = 0;
    while (used < max_bytes || used == 0) {
        const size_t nl = m_buffer.find('\n', m_pos);
        if (nl == std::string::npos && !m_ended) { // wait for the rest of the line
            m_starved = true;
            break;
        }
        const size_t end = nl == std::string::npos ? m_buffer.size() : nl + 1;
        if (end == m_pos) break;
        std::string_view line = std::string_view(m_buffer).substr(m_pos, end - m_pos);
        if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
        ingest_line(line, ++m_line_no, m_report, out);
        used += end - m_pos;
        m_pos = end;
    }
    m_read += used;
    if (m_ended && m_pos >= m_buffer.size()) m_finished = true;
    compact();
    return used;
}

} // namespace earshot::core
