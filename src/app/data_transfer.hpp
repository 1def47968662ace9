// Data in and out of the app: imports of files the owner picks or drops (read
// in slices, parsed and stored a time budget at a time, so a 100,000-post file
// never freezes a frame) and exports built the same way, then offered as a
// download. Owned by the Workspace, advanced on every update; views read it.
#pragma once

#include "core/export/export_job.hpp"
#include "core/ingest/import_job.hpp"
#include "core/listen/engine.hpp"
#include "core/workflow/workflow.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace earshot::app {

/// One import as the owner sees it: while it runs and, once done, its summary.
struct ImportStatus {
    std::string file;
    uint64_t bytes_read = 0, bytes_total = 0;
    size_t added = 0, known = 0;  ///< new posts, and ones already stored
    size_t unreadable = 0;        ///< lines or records that could not be read
    size_t skipped = 0;           ///< well-formed records holding no posts (users, counts)
    std::vector<std::string> reasons; ///< the first problems, "line 7: not valid JSON (…)"
    std::string error;            ///< why the import stopped (storage, a read failure), "" if it did not
    bool running = false;
    double started_ms = 0, ended_ms = 0; ///< ended_ms: the latest advance while running
    double work_ms = 0;                  ///< time spent reading, parsing and storing (the rest: waiting)
    double longest_step_ms = 0;          ///< the longest slice of that work, with what the posts stored then
                                         ///< cost downstream (the page is busy that long at most)
    double seconds() const { return (ended_ms - started_ms) / 1000.0; }
};

/// One export: rows written of rows asked for, and where it went.
struct ExportStatus {
    core::ExportFormat format = core::ExportFormat::Csv;
    std::string file;
    size_t rows_done = 0, rows_total = 0, rows_written = 0;
    uint64_t bytes = 0;
    std::string error;
    bool running = false;
};

class DataTransfers {
  public:
    /// How long one advance() may work (ms): well inside a 16 ms frame with the view drawn.
    static constexpr double kBudgetMs = 9.0;
    /// Posts stored between two commits of an import (each commit seals a segment file).
    static constexpr size_t kCommitEvery = 5000;
    /// Bytes asked of the file at a time.
    static constexpr size_t kSliceBytes = 2u << 20;
    static constexpr size_t kReasonsShown = 5;

    /// The browser's file picker (a click just happened).
    void pick_file() const;
    /// Starts exporting `rows` (store positions, in the order shown); refused
    /// ("" when started) while another export runs.
    std::string start_export(core::ExportFormat format, std::vector<uint32_t> rows);

    /// Takes picked or dropped files, reads, parses, stores and exports for up
    /// to kBudgetMs. True when anything the views show changed.
    bool advance(core::ListeningEngine& engine, const core::Workflow& workflow);
    /// What the caller did in the same slice with the posts it stored (indexing,
    /// Insights, alerts): counted into the import's work and its longest slice.
    void add_to_slice(double ms);
    /// An import or export is under way: frames keep coming so it keeps moving.
    bool busy() const { return m_import.running || m_export.running; }
    /// Only waiting for the browser to read the file: the next slice of work
    /// can wait a few milliseconds instead of spinning.
    bool waiting() const {
        return !m_export.running && m_import.running && m_reading && m_job && m_job->bytes_read() >= m_job->bytes_fed();
    }

    /// The import running, else the last one (nullopt before any).
    const std::optional<ImportStatus>& import_status() const { return m_import_shown; }
    const std::optional<ExportStatus>& export_status() const { return m_export_shown; }
    /// {"importing":…, "imported":{…}, "exporting":…, "exported":{…}} for window.earshot.state().
    std::string state_json() const;

  private:
    bool advance_import(core::ListeningEngine& engine, double deadline_ms);
    bool start_next_import();
    void read_more();
    void finish_import(core::ListeningEngine& engine, const std::string& error);
    bool advance_export(const core::MentionStore& mentions, const core::Workflow& workflow, double deadline_ms);

    ImportStatus m_import;
    double m_slice_ms = 0; ///< this slice's import work so far (add_to_slice adds to it)
    std::optional<ImportStatus> m_import_shown;
    std::unique_ptr<core::ImportJob> m_job;
    int m_handle = 0;
    uint64_t m_requested = 0; ///< bytes asked of the file so far
    bool m_reading = false;
    size_t m_uncommitted = 0;
    std::string m_slice;
    std::vector<core::Mention> m_batch;

    ExportStatus m_export;
    std::optional<ExportStatus> m_export_shown;
    std::unique_ptr<core::ExportJob> m_export_job;
};

} // namespace earshot::app
