// DataTransfers: imports and exports sliced by a time budget (data_transfer.hpp).
#include "app/data_transfer.hpp"

#include "platform/clock.hpp"
#include "platform/files.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace earshot::app {

void DataTransfers::pick_file() const { platform::open_file_picker(); }

bool DataTransfers::advance(core::ListeningEngine& engine, const core::Workflow& workflow) {
    const double deadline = platform::monotonic_ms() + kBudgetMs;
    bool changed = false;
    if (!m_import.running) changed |= start_next_import();
    if (m_import.running) {
        engine.set_importing(true);
        const double t0 = platform::monotonic_ms();
        changed |= advance_import(engine, deadline);
        // finish_import() made the summary: the last slice's time goes into both.
        m_slice_ms = 0;
        add_to_slice(platform::monotonic_ms() - t0);
    }
    if (m_export.running) changed |= advance_export(engine.mentions(), workflow, deadline);
    return changed;
}

void DataTransfers::add_to_slice(double ms) {
    if (!m_import_shown) return;
    m_slice_ms += ms;
    m_import.work_ms += ms;
    m_import.longest_step_ms = std::max(m_import.longest_step_ms, m_slice_ms);
    // The summary shown once the import ends is a copy: it takes the figures too.
    m_import_shown->work_ms = m_import.work_ms;
    m_import_shown->longest_step_ms = m_import.longest_step_ms;
}

// [SECTION] Import

bool DataTransfers::start_next_import() {
    std::optional<platform::IncomingFile> f = platform::take_incoming_file();
    if (!f) return false;
    m_import = ImportStatus{};
    m_import.file = f->name;
    m_import.bytes_total = f->size;
    m_import.running = true;
    m_import.started_ms = platform::monotonic_ms();
    m_job = std::make_unique<core::ImportJob>(f->size);
    m_handle = f->handle;
    m_requested = 0;
    m_reading = false;
    m_uncommitted = 0;
    m_import_shown = m_import;
    return true;
}

void DataTransfers::read_more() {
    if (m_reading || !m_job->wants_input()) return;
    if (m_requested >= m_import.bytes_total) {
        m_job->end_of_input();
        return;
    }
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kSliceBytes, m_import.bytes_total - m_requested));
    platform::read_file_slice(m_handle, m_requested, n);
    m_requested += n;
    m_reading = true;
}

bool DataTransfers::advance_import(core::ListeningEngine& engine, double deadline_ms) {
    if (m_reading) {
        std::string error;
        switch (platform::poll_file_slice(m_handle, m_slice, error)) {
        case platform::SliceState::Done:
            m_reading = false;
            m_job->feed(m_slice);
            break;
        case platform::SliceState::Failed:
            m_reading = false;
            finish_import(engine, "The file could not be read (" + error + "). What was read before is kept.");
            return true;
        default: break;
        }
    }
    read_more(); // the next slice is read while this one is parsed
    const uint64_t read_before = m_job->bytes_read();
    if (m_uncommitted >= kCommitEvery) {
        // Sealing a segment is a slice of its own: added to a slice of parsing it would
        // make that one long enough for input to wait.
        m_uncommitted = 0;
        const std::string why = engine.commit_imported();
        if (!why.empty()) m_import.error = why; // kept in memory, written with the next commit
        m_import_shown = m_import;
        return false;
    }
    // Small steps, so the budget is overrun by one step at most.
    while (platform::monotonic_ms() < deadline_ms) {
        const size_t used = m_job->step(m_batch, 48 * 1024);
        if (!m_batch.empty()) {
            m_uncommitted += m_batch.size();
            const std::string why = engine.import_mentions(m_batch, m_import.added, m_import.known);
            m_batch.clear();
            if (!why.empty()) {
                finish_import(engine, why);
                return true;
            }
        }
        if (used == 0) break;
    }
    m_import.bytes_read = m_job->bytes_read();
    if (m_job->done()) finish_import(engine, {});
    else {
        read_more();
        m_import.ended_ms = platform::monotonic_ms(); // the time so far
    }
    m_import_shown = m_import;
    return m_job == nullptr || m_import.bytes_read != read_before;
}

void DataTransfers::finish_import(core::ListeningEngine& engine, const std::string& error) {
    const std::string why = engine.commit_imported();
    engine.set_importing(false);
    const core::IngestReport& r = m_job->report();
    m_import.bytes_read = m_job->bytes_read();
    m_import.unreadable = r.failed;
    m_import.skipped = r.skipped;
    m_import.reasons.clear();
    for (const std::string& p : r.problems) {
        if (p.find("skipped: ") != std::string::npos) continue; // users, counts: not a failure
        if (m_import.reasons.size() == kReasonsShown) break;
        m_import.reasons.push_back(p);
    }
    m_import.error = !error.empty() ? error : why;
    m_import.running = false;
    m_import.ended_ms = platform::monotonic_ms();
    m_import_shown = m_import;
    platform::close_file(m_handle);
    m_handle = 0;
    m_job.reset();
}

// [SECTION] Export

std::string DataTransfers::start_export(core::ExportFormat format, std::vector<uint32_t> rows) {
    if (m_export.running) return "An export is still being written; wait for it to finish.";
    m_export = ExportStatus{};
    m_export.format = format;
    m_export.file = core::export_file_name(format, platform::unix_now());
    m_export.rows_total = rows.size();
    m_export.running = true;
    m_export_job = std::make_unique<core::ExportJob>(format, std::move(rows));
    m_export_shown = m_export;
    return {};
}

bool DataTransfers::advance_export(const core::MentionStore& mentions, const core::Workflow& workflow,
                                   double deadline_ms) {
    bool done = false;
    do done = m_export_job->step(mentions, workflow, 500);
    while (!done && platform::monotonic_ms() < deadline_ms);
    m_export.rows_done = m_export_job->rows_done();
    m_export.rows_written = m_export_job->rows_written();
    m_export.bytes = m_export_job->text().size();
    if (done) {
        const std::string text = m_export_job->take_text();
        m_export.error = platform::offer_download(m_export.file, core::export_mime_type(m_export.format), text);
        m_export.running = false;
        m_export_job.reset();
    }
    m_export_shown = m_export;
    return true;
}

// [SECTION] State for the test API

std::string DataTransfers::state_json() const {
    nlohmann::json j = {{"importing", m_import.running}, {"exporting", m_export.running}};
    if (m_import_shown) {
        const ImportStatus& s = *m_import_shown;
        j["import"] = {{"file", s.file},         {"bytes_read", s.bytes_read}, {"bytes_total", s.bytes_total},
                       {"added", s.added},       {"known", s.known},           {"unreadable", s.unreadable},
                       {"reasons", s.reasons},   {"error", s.error},           {"running", s.running},
                       {"seconds", s.seconds()}, {"work_ms", s.work_ms},
                       {"longest_step_ms", s.longest_step_ms}};
    }
    if (m_export_shown) {
        const ExportStatus& s = *m_export_shown;
        j["export"] = {{"file", s.file},       {"format", core::export_extension(s.format)},
                       {"rows", s.rows_written}, {"rows_total", s.rows_total},
                       {"bytes", s.bytes},     {"error", s.error}, {"running", s.running}};
    }
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace earshot::app
