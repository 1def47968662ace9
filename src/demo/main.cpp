// earshot-demo-source: an HTTP server that speaks X API v2 recent search, Bluesky's
// XRPC (sessions, searchPosts) and Mastodon (tag timelines, search) over the
// generated demo corpus, so Earshot works with zero credentials. Native only; the
// only demo file that sees cpp-httplib. The services live in api.cpp, bsky_api.cpp
// and mastodon_api.cpp.
#include "demo/api.hpp"
#include "demo/bsky_api.hpp"
#include "demo/mastodon_api.hpp"
#include "demo/corpus.hpp"
#include "demo/wire_util.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace {

using namespace earshot::demo;

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

const char kUsage[] =
    "usage: earshot-demo-source [options]\n"
    "  --host ADDR            listen address (default 127.0.0.1)\n"
    "  --port N               listen port; 0 picks a free one (default 8081)\n"
    "  --seed N               corpus seed (default 20240611)\n"
    "  --posts N              posts in the last 7 days, at least (default 6000)\n"
    "  --users N              generated accounts besides the named ones (default 2400)\n"
    "  --trickle N            new posts per minute after start (default 1)\n"
    "  --trickle-hours N      how long new posts keep arriving (default 72)\n"
    "  --rate-limit N         search requests per 15-minute window (default 450)\n"
    "  --rate-window-s N      rate-limit window in seconds (default 900)\n"
    "  --fault KIND           misbehave: 429 | 503 | slow | slow:MS | truncated | malformed\n"
    "  --fault-every N        ... only on every Nth request (default 1: all)\n"
    "  --slow-ms N            delay of the 'slow' fault (default 3000)\n"
    "  --no-auth              accept X requests without 'Authorization: Bearer …'\n"
    "  --bsky-token-seconds N Bluesky access tokens expire after N s (default 120)\n"
    "  --bsky-rate-limit N    Bluesky searchPosts per 5-minute window (default 3000)\n"
    "  --bsky-session-limit N Bluesky createSession per 5-minute window (default 30)\n"
    "  --mastodon-rate-limit N Mastodon requests per 5-minute window (default 300)\n"
    "Bluesky: /xrpc/… (sign in as demo.bsky.social / demo-app-password);\n"
    "Mastodon: /api/v1/timelines/tag/:tag, /api/v2/search (token demo-mastodon-token).\n"
    "Per request: header 'x-demo-fault: KIND' or parameter demo_fault=KIND.\n";

httplib::Server* g_server = nullptr;

void on_signal(int) {
    if (g_server)
        g_server->stop();
}

/// Parses a whole non-negative integer argument or exits with a usage error.
long long number(const char* flag, const char* value) {
    char* end = nullptr;
    const long long v = value ? std::strtoll(value, &end, 10) : -1;
    if (!value || *value == '\0' || *end != '\0' || v < 0) {
        std::fprintf(stderr, "earshot-demo-source: %s needs a whole number\n%s", flag, kUsage);
        std::exit(2);
    }
    return v;
}

std::string encode(const std::string& s) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ',' ||
            c == ':') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    std::string host = "127.0.0.1";
    int port = 8081;
    CorpusOptions corpus_options;
    ServerOptions server;
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
        auto takes = [&] { ++i; };
        if (!std::strcmp(a, "--help") || !std::strcmp(a, "-h")) {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (!std::strcmp(a, "--host") && v) {
            host = v, takes();
        } else if (!std::strcmp(a, "--port")) {
            port = static_cast<int>(number(a, v)), takes();
        } else if (!std::strcmp(a, "--seed")) {
            corpus_options.seed = static_cast<uint64_t>(number(a, v)), takes();
        } else if (!std::strcmp(a, "--posts")) {
            corpus_options.posts = static_cast<int>(number(a, v)), takes();
        } else if (!std::strcmp(a, "--users")) {
            corpus_options.users = std::max(50, static_cast<int>(number(a, v))), takes();
        } else if (!std::strcmp(a, "--trickle") && v) {
            corpus_options.trickle_per_minute = std::atof(v), takes();
        } else if (!std::strcmp(a, "--trickle-hours")) {
            corpus_options.trickle_hours = static_cast<int>(number(a, v)), takes();
        } else if (!std::strcmp(a, "--rate-limit")) {
            server.search_limit = static_cast<int>(number(a, v)), takes();
        } else if (!std::strcmp(a, "--rate-window-s")) {
            server.window_ms = std::max<long long>(1, number(a, v)) * 1000, takes();
        } else if (!std::strcmp(a, "--fault") && v) {
            const auto f = parse_fault(v, &server.slow_ms);
            if (!f) {
                std::fprintf(stderr, "earshot-demo-source: unknown fault '%s'\n%s", v, kUsage);
                return 2;
            }
            server.fault = *f, takes();
        } else if (!std::strcmp(a, "--fault-every")) {
            server.fault_every = std::max(1, static_cast<int>(number(a, v))), takes();
        } else if (!std::strcmp(a, "--slow-ms")) {
            server.slow_ms = static_cast<int>(number(a, v)), takes();
        } else if (!std::strcmp(a, "--bsky-token-seconds")) {
            server.bsky.token_ms = std::max<long long>(1, number(a, v)) * 1000, takes();
        } else if (!std::strcmp(a, "--bsky-rate-limit")) {
            server.bsky.search_limit = static_cast<int>(number(a, v)), takes();
        } else if (!std::strcmp(a, "--bsky-session-limit")) {
            server.bsky.session_limit = static_cast<int>(number(a, v)), takes();
        } else if (!std::strcmp(a, "--mastodon-rate-limit")) {
            server.mastodon.limit = static_cast<int>(number(a, v)), takes();
        } else if (!std::strcmp(a, "--no-auth")) {
            server.require_auth = false;
        } else {
            std::fprintf(stderr, "earshot-demo-source: unknown argument '%s'\n%s", a, kUsage);
            return 2;
        }
    }

    // The corpus is anchored at start-up: a week of history, then posts keep arriving.
    corpus_options.now_ms = now_ms();
    const Corpus corpus = generate_corpus(corpus_options);
    size_t past = 0;
    for (const auto& p : corpus.posts)
        past += p.created_ms <= corpus_options.now_ms;

    httplib::Server svr;
    std::mutex mutex;
    ServerState state;
    auto serve = [&](const httplib::Request& req, httplib::Response& res) {
        const auto started = std::chrono::steady_clock::now();
        Request r;
        r.method = req.method;
        r.path = req.path;
        for (const auto& [k, v] : req.params)
            r.params.emplace_back(k, v);
        for (const auto& [k, v] : req.headers)
            r.headers[to_lower_ascii(k)] = v;
        r.body = req.body; // createSession's JSON; never logged (it holds a password)
        Response out;
        {
            std::lock_guard<std::mutex> lock(mutex);
            out = handle_request(corpus, server, state, r, now_ms());
        }
        if (out.delay_ms > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(out.delay_ms));
        res.status = out.status;
        for (const auto& [k, v] : out.headers)
            res.set_header(k.c_str(), v);
        if (out.truncate_at) {
            // Promise the whole body, send part of it, then drop the connection.
            const size_t cut = *out.truncate_at;
            auto body = std::make_shared<std::string>(std::move(out.body));
            res.set_content_provider(
                body->size(), out.content_type.c_str(),
                [body, cut](size_t offset, size_t length, httplib::DataSink& sink) {
                    if (offset >= cut)
                        return false;
                    sink.write(body->data() + offset, std::min(length, cut - offset));
                    return true;
                });
        } else {
            res.set_content(out.body, out.content_type.c_str());
        }
        // One line per request; headers (and so the bearer token) are never logged.
        std::string target = req.path;
        char sep = '?';
        for (const auto& [k, v] : r.params)
            target += sep + encode(k) + "=" + encode(v), sep = '&';
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
        std::fprintf(stderr, "%s %s %s %d %zuB %lldms%s%s\n", iso8601_ms(now_ms()).c_str(),
                     req.method.c_str(), target.c_str(), out.status,
                     out.truncate_at ? *out.truncate_at : res.body.size(),
                     static_cast<long long>(ms),
                     out.fault.empty() ? "" : " fault=", out.fault.c_str());
    };
    svr.Get(".*", serve);
    svr.Post(".*", serve);
    svr.Put(".*", serve);
    svr.Delete(".*", serve);

    const int bound = port == 0 ? svr.bind_to_any_port(host.c_str())
                                : (svr.bind_to_port(host.c_str(), port) ? port : -1);
    if (bound <= 0) {
        std::fprintf(stderr, "earshot-demo-source: cannot listen on %s:%d\n", host.c_str(), port);
        return 1;
    }
    g_server = &svr;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::printf("earshot-demo-source listening on http://%s:%d (%zu posts; Bluesky %zu, Mastodon "
                "%zu in all)\n",
                host.c_str(), bound, past, corpus.bsky->posts.size(), corpus.mastodon->statuses.size());
    std::fflush(stdout);
    svr.listen_after_bind();
    return 0;
}
