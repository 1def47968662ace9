// earshot-cli — the core on the command line, for scripts, cron jobs, support
// and benchmarks. Exit 0 on success, 2 on bad input with a one-line reason.
//   earshot-cli ingest FILE…          normalised mention JSONL on stdout (any format ingest detects)
//   earshot-cli match 'QUERY' FILE…   ids of the mentions the query matches
//   earshot-cli export --format csv|json|twarc2 FILE…   mentions for other tools
//   earshot-cli xquery [--source x|bsky|mastodon] 'QUERY'
//                                     the string sent to X, or the Bluesky/Mastodon
//                                     requests (or why the query cannot run there)
//   earshot-cli analyze [--lang L] [--names A,B] [FILE]  sentiment and intents per mention or line
//   earshot-cli listen --store DIR --api URL [--once]   the listening engine, natively (listen.cpp)
#include "cli/commands.hpp"
#include "core/analysis/analysis.hpp"
#include "core/analysis/sentiment_learn.hpp"
#include "core/export/export.hpp"
#include "core/ingest/ingest.hpp"
#include "core/model/mention_json.hpp"
#include "core/query/query.hpp"
#include "core/query/source_requests.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
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
                 "       earshot-cli xquery [--source x|bsky|mastodon] 'QUERY'\n"
                 "       earshot-cli export --format csv|json|twarc2 FILE...\n"
                 "       earshot-cli analyze [--lang L] [--names A,B] [FILE]   (stdin when no FILE; L: plain lines' language,\n"
                 "                                 default en; A,B: business names the tone is read without)\n"
                 "       earshot-cli listen --store DIR --api URL [--once] [--page-size N] [--key KEY]\n"
                 "       earshot-cli train-sentiment FIXTURES_DIR OUT.cpp\n");
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

// Converts mention files (any format ingest reads) into CSV, a JSON array or twarc2 JSONL.
int cmd_export(int argc, char** argv) {
    if (argc < 3 || std::string(argv[0]) != "--format") return usage();
    const std::string format = argv[1];
    if (format != "csv" && format != "json" && format != "twarc2") return usage();
    std::vector<Mention> mentions;
    bool ok = load_mentions(argv + 2, argc - 2, mentions);
    std::string out;
    if (format == "csv") {
        out = csv_header();
        for (const Mention& m : mentions) append_csv_row(m, WorkflowEntry{}, out);
    } else if (format == "twarc2") {
        for (const Mention& m : mentions) append_twarc2_line(m, out);
    } else {
        nlohmann::json all = nlohmann::json::array();
        for (const Mention& m : mentions) all.push_back(to_json(m));
        out = all.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return ok ? 0 : 2;
}

// Servers as the proxy reads them: MASTODON_SERVERS, else the demo's one.
std::vector<std::string> mastodon_servers_from_env(std::string& search_server) {
    std::vector<std::string> servers;
    const char* list = std::getenv("MASTODON_SERVERS");
    std::string text = list ? list : "";
    size_t pos = 0;
    while (pos < text.size()) {
        size_t comma = text.find(',', pos);
        std::string h = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        h.erase(0, h.find_first_not_of(' '));
        if (h.rfind("https://", 0) == 0) h = h.substr(8);
        while (!h.empty() && (h.back() == '/' || h.back() == ' ')) h.pop_back();
        if (!h.empty()) servers.push_back(h);
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    if (servers.empty()) {
        search_server = "demo.social";
        return {"demo.social"};
    }
    const char* token = std::getenv("MASTODON_ACCESS_TOKEN");
    const char* where = std::getenv("MASTODON_TOKEN_SERVER");
    search_server = token && *token ? (where && *where ? where : servers.front()) : "";
    return servers;
}

int print_plan(const SourcePlan& plan, const char* source) {
    for (const std::string& note : plan.filtered_locally) std::fprintf(stderr, "note: %s\n", note.c_str());
    if (!plan.ok()) {
        std::fprintf(stderr, "cannot be searched on %s: %s\n", source, plan.cannot.c_str());
        return 2;
    }
    for (const std::string& r : plan.requests) std::printf("%s\n", r.c_str());
    return 0;
}

int cmd_xquery(int argc, char** argv) {
    std::string source = "x";
    if (argc == 3 && std::string(argv[0]) == "--source") {
        source = argv[1];
        argv += 2;
        argc -= 2;
    }
    if (argc != 1 || (source != "x" && source != "bsky" && source != "mastodon")) return usage();
    auto q = parse_or_report(argv[0]);
    if (!std::holds_alternative<Query>(q)) return 2;
    const Query& query = std::get<Query>(q);
    if (source == "bsky") return print_plan(plan_bsky(query), "Bluesky");
    if (source == "mastodon") {
        std::string search_server;
        std::vector<std::string> servers = mastodon_servers_from_env(search_server);
        return print_plan(plan_mastodon(query, servers, search_server), "Mastodon");
    }
    Result<std::string> x = query.to_x_query();
    if (!x) {
        std::fprintf(stderr, "%s\n", x.error().c_str());
        return 2;
    }
    std::printf("%s\n", x.value().c_str());
    return 0;
}

int cmd_analyze(int argc, char** argv) {
    std::string content, lang;
    std::vector<std::string> names;
    while (argc >= 2 && (std::string(argv[0]) == "--lang" || std::string(argv[0]) == "--names")) {
        if (std::string(argv[0]) == "--lang") lang = argv[1];
        else {
            std::istringstream list(argv[1]);
            for (std::string n; std::getline(list, n, ',');) names.push_back(n);
        }
        argc -= 2;
        argv += 2;
    }
    const ToneNames tone_names(names);
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
            Analysis a = analyze_text(m.text, m.lang, &tone_names);
            nlohmann::json out = a.to_json();
            out["id"] = m.id;
            out["tone_words"] = tone_reasons(m.text, m.lang, &tone_names);
            std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        }
        return 0;
    }
    std::istringstream lines(content);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        nlohmann::json out = analyze_text(line, lang, &tone_names).to_json();
        out["tone_words"] = tone_reasons(line, lang, &tone_names);
        std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    }
    return 0;
}

// Fits the sentiment scorer's learned layer on the dev tweets (never a test split) and writes
// its weights as C++ (src/core/analysis/sentiment_model_data.cpp). Deterministic.
int cmd_train_sentiment(int argc, char** argv) {
    if (argc != 2) return usage();
    std::string error;
    const std::vector<SentimentExample> rows = load_sentiment_dev_data(argv[0], error);
    if (rows.empty()) {
        std::fprintf(stderr, "train-sentiment: %s\n", error.c_str());
        return 1;
    }
    const SentimentModel model = train_sentiment_model(rows);
    const std::string source = sentiment_model_source(
        model, std::to_string(rows.size()) +
                   " dev tweets (TweetEval val, UMSAB train+val es/fr/de/it/pt, VADER dev)");
    std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
    if (!(out << source)) {
        std::fprintf(stderr, "train-sentiment: cannot write %s\n", argv[1]);
        return 1;
    }
    std::fprintf(stderr, "train-sentiment: %zu rows, weights written to %s\n", rows.size(), argv[1]);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    std::string cmd = argv[1];
    if (cmd == "ingest") return cmd_ingest(argc - 2, argv + 2);
    if (cmd == "match") return cmd_match(argc - 2, argv + 2);
    if (cmd == "xquery") return cmd_xquery(argc - 2, argv + 2);
    if (cmd == "export") return cmd_export(argc - 2, argv + 2);
    if (cmd == "analyze") return cmd_analyze(argc - 2, argv + 2);
    if (cmd == "listen") return earshot::cli::cmd_listen(argc - 2, argv + 2);
    if (cmd == "train-sentiment") return cmd_train_sentiment(argc - 2, argv + 2);
    return usage();
}
