// What every view shares: the workspace it reads and the selection it edits.
#pragma once

#include "app/workspace.hpp"

#include <memory>
#include <string>
#include <vector>

namespace earshot::app {

/// The one time range the feed, Insights and Goals all show (issue 13): unix
/// seconds, 0 = open on that side. Presets set `from` relative to now.
struct TimeRange {
    int64_t from = 0;
    int64_t to = 0;
    bool contains(int64_t t) const { return (from == 0 || t >= from) && (to == 0 || t < to); }
    bool open() const { return from == 0 && to == 0; }
};

/// View state shared between the views: the selected mention, the time range,
/// and a narrowing another view asks of the feed.
struct Selection {
    std::string mention_id; ///< "" when nothing is selected
    TimeRange range;
    /// Set by a chart click, a term, an author or a place (Insights, Goals) to a
    /// query in the search syntax ("from:ana", "\"flat white\"", "place:Brighton");
    /// the feed moves it into its search box and clears it. Pair with ViewContext::show = "mentions".
    std::string feed_query;
};

/// What a view is handed each frame besides its own state.
struct ViewContext {
    Workspace& ws;
    Selection& selection;
    float body_height = 0;   ///< the height the view may fill
    std::string show;        ///< set to another view's id to switch to it (an alert → its mention)
};

/// One tab of the app (ImHex's pattern): its title in the top bar, the id
/// window.earshot.state() reports, and draw() filling the body. Views keep only
/// view state; every change goes through the workspace. All of them are listed
/// once, in views/registry.cpp.
class View {
  public:
    virtual ~View() = default;
    virtual const char* id() const = 0;    ///< "mentions", reported as state().view
    virtual const char* title() const = 0; ///< the tab's label
    virtual void draw(ViewContext& ctx) = 0;
};

/// Every view, in tab order (views/registry.cpp); the first opens by default.
std::vector<std::unique_ptr<View>> make_views();

/// "2026-11-20 09:15" in the browser's local time.
std::string format_local_time(int64_t unix_seconds);
/// "3.2k", "12", "—" for unknown.
std::string format_count(const std::optional<int64_t>& n);

/// Fills a form's fixed-size text buffer (cut to fit at a grapheme-cluster boundary, always NUL-terminated).
void copy_to(char* dst, size_t cap, const std::string& src);

} // namespace earshot::app
