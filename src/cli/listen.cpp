// `earshot-cli listen`: the listening engine run natively — cpp-httplib for
// HTTP, a folder for storage in the same layout as the browser's IndexedDB —
// against the proxy or the demo source. The 24/7 collector a business can run
// from cron (--once) or as a service.
#include "cli/commands.hpp"

#include "core/listen/access_key.hpp"
#include "core/listen/engine.hpp"
#include "core/listen/profile.hpp"
#include "core/listen/profile_edit.hpp"
#include "core/listen/spend.hpp"
#include "platform/native/http_native.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

using namespace earshot::core;

namespace earshot::cli {

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

int64_t now_seconds() { return static_cast<int64_t>(std::time(nullptr)); }

struct ListenOptions {
    std::string store, api, key;
    bool once = false;
    int page_size = 100;
};

int listen_usage() {
    std::fprintf(stderr, "usage: earshot-cli listen --store DIR --api URL [--once] [--page-size 10..100] [--key KEY]\n"
                         "       (the proxy's access key: --key, else EARSHOT_ACCESS_KEY)\n");
    return 2;
}

bool parse_options(int argc, char** argv, ListenOptions& o) {
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--store" && has_value) o.store = argv[++i];
        else if (a == "--api" && has_value) o.api = argv[++i];
        else if (a == "--key" && has_value) o.key = argv[++i];
        else if (a == "--once") o.once = true;
        else if (a == "--page-size" && has_value) {
            char* end = nullptr;
            const long n = std::strtol(argv[++i], &end, 10);
            if (!end || *end || n < 10 || n > 100) {
                std::fprintf(stderr, "--page-size: expected a whole number from 10 to 100\n");
                return false;
            }
            o.page_size = static_cast<int>(n);
        } else {
            std::fprintf(stderr, "listen: unknown option \"%s\"\n", a.c_str());
            return false;
        }
    }
    if (o.store.empty() || o.api.empty()) return false;
    const char* env_key = std::getenv("EARSHOT_ACCESS_KEY");
    if (o.key.empty() && env_key) o.key = env_key;
    if (!o.key.empty()) {
        Result<std::string> key = clean_access_key(o.key);
        if (!key) {
            std::fprintf(stderr, "listen: the access key cannot be sent: %s\n", key.error().c_str());
            return false;
        }
        o.key = key.value();
    }
    return true;
}

/// One collector per folder: a second would write the same manifest.
bool lock_folder(const std::string& dir) {
    const int fd = ::open((dir + "/.lock").c_str(), O_RDWR | O_CREAT, 0644);
    return fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) == 0; // held until the process ends
}

/// The listeners of a new folder: the profile's starters (profile.json, else
/// the demo's for the demo source). A live source without a profile gets none.
std::string add_starters(ListeningEngine& engine, FileSystem& fs, const std::string& dir) {
    ProfileFile file(fs, dir);
    BusinessProfile profile;
    Result<bool> loaded = file.load(profile);
    if (!loaded) return "the business profile could not be read: " + loaded.error();
    if (!loaded.value()) {
        if (engine.source_mode() != "demo")
            return "no listeners yet: open Earshot in the browser once and save the business profile, "
                   "or put a profile.json in " + dir;
        profile = demo_profile();
    }
    std::vector<Listener> starters = starter_listeners(profile).listeners;
    if (engine.source_mode() == "demo")
        for (Listener& l : starters) l.daily_cap_posts = 0; // the demo source is free
    if (auto e = engine.add_listeners(starters)) return e->to_string();
    std::fprintf(stderr, "listen: created %zu starter listeners for %s\n", starters.size(), profile.name.c_str());
    return {};
}

} // namespace

int cmd_listen(int argc, char** argv) {
    ListenOptions o;
    if (!parse_options(argc, argv, o)) return listen_usage();
    DiskFileSystem fs;
    if (Result<bool> made = fs.make_dirs(o.store); !made) {
        std::fprintf(stderr, "listen: cannot create %s: %s\n", o.store.c_str(), made.error().c_str());
        return 2;
    }
    if (!lock_folder(o.store)) {
        std::fprintf(stderr, "listen: another earshot-cli is listening into %s\n", o.store.c_str());
        return 2;
    }
    platform::NativeHttp http(o.api, o.key);
    if (!http.valid()) {
        std::fprintf(stderr, "listen: %s\n", http.error().c_str());
        return 2;
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);

    ListeningEngine engine(fs, o.store);
    engine.set_page_limit(o.page_size);
    if (std::string problem = engine.open(true); !problem.empty()) {
        std::fprintf(stderr, "listen: %s\n", problem.c_str());
        if (engine.read_only_storage()) return 2;
    }
    const size_t stored_before = engine.mentions().size();
    if (o.once) engine.sync_now();
    bool starters_checked = false;
    uint64_t runs_reported = 0;
    std::string last_problem;
    // Stops between steps: what was committed is synced first, so nothing shown is lost.
    while (!g_stop || engine.saving()) {
        engine.tick(now_seconds());
        for (const EngineRequest& r : engine.take_requests()) {
            HttpResponse response = http.get(r.path);
            if (is_access_key_refusal(response)) {
                std::fprintf(stderr, "listen: the proxy refused %s — pass the key set as EARSHOT_ACCESS_KEY on the "
                             "server with --key or the EARSHOT_ACCESS_KEY variable\n",
                             o.key.empty() ? "to answer without its access key" : "this access key");
                return 2;
            }
            engine.on_response(r.id, response, now_seconds());
        }
        if (!starters_checked && engine.sources_known() && !engine.source_mode().empty()) {
            starters_checked = true;
            if (engine.listeners().empty() && !engine.source_mode().empty()) {
                if (std::string why = add_starters(engine, fs, o.store); !why.empty()) {
                    std::fprintf(stderr, "listen: %s\n", why.c_str());
                    return 2;
                }
            }
        }
        if (engine.sync_wanted()) {
            engine.on_sync_started();
            engine.on_sync_done(platform::sync_folder(o.store));
        }
        if (engine.runs_started() != runs_reported && !engine.run()) {
            runs_reported = engine.runs_started();
            std::fprintf(stderr, "listen: %zu mentions stored, %s posts read this month\n",
                         engine.mentions().size(), format_count(engine.spend().month(now_seconds()).posts).c_str());
        }
        const std::string& problem = engine.storage_problem().empty() ? engine.problem() : engine.storage_problem();
        if (problem != last_problem && !problem.empty()) std::fprintf(stderr, "listen: %s\n", problem.c_str());
        last_problem = problem;
        if (o.once && engine.idle()) break;
        if (g_stop) continue;
        const int64_t wake = engine.next_wake();
        if (wake > now_seconds()) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    std::printf("%zu mentions stored (%zu new), %s posts read this month\n", engine.mentions().size(),
                engine.mentions().size() - stored_before,
                format_count(engine.spend().month(now_seconds()).posts).c_str());
    return last_problem.empty() ? 0 : 1;
}

} // namespace earshot::cli
