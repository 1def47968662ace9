// earshot-cli — the core on the command line, for scripts, cron jobs, support
// and benchmarks. Exit 0 on success, 2 on bad input with a one-line reason.
//   earshot-cli ingest FILE…          normalised mention JSONL on stdout (any format ingest detects)
//   earshot-cli match 'QUERY' FILE…   ids of the mentions the query matches
//   earshot-cli xquery 'QUERY'        the string that would be sent to X
//   earshot-cli analyze [FILE]        sentiment and intents per mention or line
//   earshot-cli listen --store DIR --api URL [--once]   the listening engine, natively (listen.cpp)
#include "cli/commands.hpp"
#include "core/analysis/analysis.hpp"
#include "core/ingest/ingest.hpp"
#include "core/model/mention_json.hpp"
#include "core/query/query.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace earshot::core;

namespace {

int usage() {
    std::fprintf(stderr,
                 "usage: earshot-cli ingest FILE...\n"
                 "       earshot-cli match 'QUERY' FILE...\n"
                 "       earshot-cli xquery 'QUERY'\n"
                 "       earshot-cli analyze [FILE]   (stdin when no FILE)\n"
                 "       earshot-cli listen --store DIR --api URL [--once] [--page-size N]\n");
    return 2;
}

bool read_input(const char* path, std::string& out) {
    if (!std::strcmp(path, "-")) {
        std::ostringstream ss;
        ss << std::cin.rdbuf();
        out = ss.str();
        return true;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

/// Reads every file; reports problems on stderr with the file name. Returns
/// false when a file could not be opened at all.
bool load_mentions(char** files, int count, std::vector<Mention>& out) {
    bool ok = true;
    for (int i = 0; i < count; ++i) {
        std::string content;
        if (!read_input(files[i], content)) {
            std::fprintf(stderr, "%s: cannot open the file\n", files[i]);
            ok = false;
            continue;
        }
        IngestReport r = ingest_content(content, out);
        for (const std::string& p : r.problems) std::fprintf(stderr, "%s: %s\n", files[i], p.c_str());
        for (const std::string& e : r.api_errors) std::fprintf(stderr, "%s: X reported: %s\n", files[i], e.c_str());
        if (r.failed)
            std::fprintf(stderr, "%s: %zu record(s) could not be read; %zu mention(s) read\n", files[i], r.failed,
                         r.mentions);
    }
    return ok;
}

int cmd_ingest(int argc, char** argv) {
    if (argc < 1) return usage();
    std::vector<Mention> mentions;
    bool ok = load_mentions(argv, argc, mentions);
    for (Mention& m : mentions) {
        enrich(m);
        std::printf("%s\n", to_jsonl(m).c_str());
    }
    return ok ? 0 : 2;
}

std::variant<Query, QueryError> parse_or_report(const char* text) {
    auto q = Query::parse(text);
    if (auto* e = std::get_if<QueryError>(&q)) std::fprintf(stderr, "%s\n", e->to_string().c_str());
    return q;
}

int cmd_match(int argc, char** argv) {
    if (argc < 2) return usage();
    auto q = parse_or_report(argv[0]);
    if (!std::holds_alternative<Query>(q)) return 2;
    std::vector<Mention> mentions;
    bool ok = load_mentions(argv + 1, argc - 1, mentions);
    for (const Mention& m : mentions)
        if (std::get<Query>(q).matches(m)) std::printf("%s\n", m.id.c_str());
    return ok ? 0 : 2;
}

int cmd_xquery(int argc, char** argv) {
    if (argc != 1) return usage();
    auto q = parse_or_report(argv[0]);
    if (!std::holds_alternative<Query>(q)) return 2;
    Result<std::string> x = std::get<Query>(q).to_x_query();
    if (!x) {
        std::fprintf(stderr, "%s\n", x.error().c_str());
        return 2;
    }
    std::printf("%s\n", x.value().c_str());
    return 0;
}

int cmd_analyze(int argc, char** argv) {
    std::string content;
    const char* path = argc >= 1 ? argv[0] : "-";
    if (!read_input(path, content)) {
        std::fprintf(stderr, "%s: cannot open the file\n", path);
        return 2;
    }
    // Mentions in any supported format, or else plain text, one per line.
    std::vector<Mention> mentions;
    IngestReport r = ingest_content(content, mentions);
    if (r.mentions > 0) {
        for (Mention& m : mentions) {
            Analysis a = analyze_text(m.text, m.lang);
            nlohmann::json out = a.to_json();
            out["id"] = m.id;
            std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        }
        return 0;
    }
    std::istringstream lines(content);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        std::printf("%s\n", analyze_text(line, "").to_json().dump(-1, ' ', false,
                                                                  nlohmann::json::error_handler_t::replace).c_str());
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    std::string cmd = argv[1];
    if (cmd == "ingest") return cmd_ingest(argc - 2, argv + 2);
    if (cmd == "match") return cmd_match(argc - 2, argv + 2);
    if (cmd == "xquery") return cmd_xquery(argc - 2, argv + 2);
    if (cmd == "analyze") return cmd_analyze(argc - 2, argv + 2);
    if (cmd == "listen") return earshot::cli::cmd_listen(argc - 2, argv + 2);
    return usage();
}
