// Font atlas: text font at 15 px × DPR so text is crisp on HiDPI screens;
// symbol font merged with its own glyph ranges (needs IMGUI_USE_WCHAR32).
// CJK and colour emoji join the atlas only as they are drawn: the full CJK
// ranges would make atlases above the GPU's texture limit (a black UI), so
// the atlas is rebuilt between frames with just the glyphs seen so far.
#include "app/fonts.hpp"

#include "platform/clock.hpp"
#include "platform/glyphs.hpp"
#include "platform/http.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>
#include <unordered_map>
#include <vector>

namespace earshot::app {

namespace {

const ImWchar kTextRanges[] = {
    0x0020, 0x024F, // Basic Latin … Latin Extended-B
    0x0250, 0x02FF, // IPA, spacing modifiers
    0x0300, 0x036F, // combining accents (decomposed é)
    0x0370, 0x03FF, // Greek
    0x0400, 0x052F, // Cyrillic
    0x1E00, 0x1EFF, // Latin Extended Additional (Vietnamese…)
    0x2000, 0x206F, // punctuation: dashes, quotes, ellipsis
    0x20A0, 0x20CF, // currency
    0x2100, 0x214F, // letterlike
    0xFFFD, 0xFFFD, // replacement character
    0,
};

const ImWchar kSymbolRanges[] = {
    0x2190, 0x21FF, // arrows
    0x2300, 0x23FF, // technical (⌚ ⏰)
    0x2460, 0x24FF, // enclosed alphanumerics
    0x25A0, 0x27BF, // shapes, misc symbols, dingbats (☕ ☀ ✨ ❤)
    0x2900, 0x2BFF, // arrows, misc symbols (⭐)
    0x1F300, 0x1F5FF, // pictographs (🍰 🎉)
    0x1F600, 0x1F64F, // emoticons (😀)
    0x1F680, 0x1F6FF, // transport (🚲)
    0x1F900, 0x1F9FF, // supplemental (🥐 🤩)
    0,
};

// Hebrew and Arabic (with the presentation forms core/text/bidi shapes into: ImGui
// draws glyph by glyph, so joined Arabic needs a glyph per form). Small enough
// (~60 KB together) to preload; merged into the text font at its em.
const ImWchar kHebrewRanges[] = {0x0590, 0x05FF, 0xFB1D, 0xFB4F, 0};
const ImWchar kArabicRanges[] = {0x0600, 0x06FF, 0xFB50, 0xFBFF, 0xFE70, 0xFEFE, 0};
const char* const kHebrewFont = "/fonts/NotoSansHebrew-Regular.ttf";
const char* const kArabicFont = "/fonts/NotoSansArabic-Regular.ttf";

// The CJK font is served beside the page (cmake/web_assets.cmake), never preloaded.
const char* const kCjkFontUrl = "fonts/NotoSansCJK-Regular.otf";
const char* const kTextFont = "/fonts/NotoSans-Regular.ttf";
const char* const kSymbolFont = "/fonts/Symbola.ttf";
// Emoji clusters become code points in the Private Use Area, which no font here covers.
const char32_t kFirstEmojiGlyph = 0xE000;
const char32_t kLastEmojiGlyph = 0xF8FF;

enum class CjkFont { None, Fetching, Ready, Failed };

struct GlyphState {
    float dpr = 1.0f;
    int max_texture = 4096;
    std::set<char32_t> cjk_seen;        // ordered: the glyph ranges are built from it
    bool cjk_new = false;               // seen since the last build
    CjkFont cjk = CjkFont::None;
    std::shared_ptr<platform::HttpCall> cjk_call;
    std::string cjk_data;               // the atlas reads it on every rebuild (not owned by ImGui)
    double cjk_failed_ms = 0;
    std::unordered_map<std::string, char32_t> emoji_by_cluster;
    std::vector<std::string> emoji_clusters; // index = code point - kFirstEmojiGlyph
    size_t emoji_built = 0;             // clusters the atlas has
    ImVector<ImWchar> cjk_ranges;       // alive until Build() has read it
    GlyphStats stats;
};

GlyphState& state() {
    static GlyphState s;
    return s;
}

bool is_cjk(char32_t c) {
    return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3000 && c <= 0x33FF) ||
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF);
}

bool read_file(const char* path, std::string& out) {
    FILE* f = std::fopen(path, "rb");
    if (!f) return false;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    std::fclose(f);
    return true;
}

uint32_t be(const std::string& d, size_t at, int bytes) {
    uint32_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(d[at + static_cast<size_t>(i)]);
    return v;
}

/// The em as a fraction of the pixel size stb_truetype is given (it sizes by
/// hhea ascent − descent, not by the em); 0 when the font's tables are unreadable.
float em_fraction(const std::string& font) {
    if (font.size() < 12) return 0;
    const uint32_t tables = be(font, 4, 2);
    float upem = 0, asc = 0, desc = 0;
    for (uint32_t i = 0; i < tables && 12 + 16 * (i + 1) <= font.size(); ++i) {
        const size_t rec = 12 + 16 * static_cast<size_t>(i);
        const std::string tag = font.substr(rec, 4);
        const size_t off = be(font, rec + 8, 4);
        if (tag == "head" && off + 20 <= font.size()) upem = static_cast<float>(be(font, off + 18, 2));
        if (tag == "hhea" && off + 8 <= font.size()) {
            asc = static_cast<float>(static_cast<int16_t>(be(font, off + 4, 2)));
            desc = static_cast<float>(static_cast<int16_t>(be(font, off + 6, 2)));
        }
    }
    return upem > 0 && asc - desc > 0 ? upem / (asc - desc) : 0;
}

void add_cjk_font(ImFontAtlas& atlas, float text_size, float text_em) {
    GlyphState& g = state();
    if (g.cjk != CjkFont::Ready || g.cjk_seen.empty() || g.stats.over_budget) return;
    const float cjk_em = em_fraction(g.cjk_data);
    if (cjk_em <= 0 || text_em <= 0) return;
    ImFontGlyphRangesBuilder b;
    for (char32_t c : g.cjk_seen) b.AddChar(static_cast<ImWchar>(c));
    g.cjk_ranges.clear();
    b.BuildRanges(&g.cjk_ranges);
    ImFontConfig cfg;
    cfg.MergeMode = true;
    cfg.FontDataOwnedByAtlas = false;
    cfg.OversampleH = 1; // CJK strokes are dense already; 1 keeps the atlas a third smaller
    cfg.OversampleV = 1;
    // Same em as the text font, or CJK comes out ~6 % smaller than the Latin beside it.
    atlas.AddFontFromMemoryTTF(g.cjk_data.data(), static_cast<int>(g.cjk_data.size()),
                               text_size * text_em / cjk_em, &cfg, g.cjk_ranges.Data);
}

/// Merges a preloaded script font at the text font's em (stb_truetype sizes by
/// ascent − descent: Arabic's tall ascenders would make it ~35 % too small).
void add_script_font(ImFontAtlas& atlas, const char* path, const ImWchar* ranges, float text_size, float text_em) {
    static std::unordered_map<std::string, std::string> data; // read once, kept for every rebuild
    std::string& font = data[path];
    if (font.empty() && !read_file(path, font)) return;
    const float em = em_fraction(font);
    if (em <= 0 || text_em <= 0) return;
    ImFontConfig cfg;
    cfg.MergeMode = true;
    cfg.FontDataOwnedByAtlas = false;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    atlas.AddFontFromMemoryTTF(font.data(), static_cast<int>(font.size()), text_size * text_em / em, &cfg, ranges);
}

struct EmojiRect {
    int rect;
    size_t cluster;
};

/// One custom rectangle per emoji cluster, a square a little taller than the
/// text's capitals, centred on the line.
std::vector<EmojiRect> add_emoji_rects(ImFontAtlas& atlas, ImFont* font, float size) {
    GlyphState& g = state();
    std::vector<EmojiRect> rects;
    const int side = static_cast<int>(std::lround(size)); // the line's height: nothing reaches the next line
    const float gap = std::round(size * 0.08f);
    for (size_t i = 0; i < g.emoji_clusters.size(); ++i) {
        const auto cp = static_cast<ImWchar>(kFirstEmojiGlyph + i);
        int id = atlas.AddCustomRectFontGlyph(font, cp, side, side, static_cast<float>(side) + gap,
                                              ImVec2(gap / 2, std::round((size - static_cast<float>(side)) / 2)));
        rects.push_back({id, i});
    }
    return rects;
}

/// The browser draws each cluster; its pixels go into the atlas, and the
/// glyph is marked Colored so the text colour does not tint it.
void paint_emoji(ImFontAtlas& atlas, ImFont* font, const std::vector<EmojiRect>& rects) {
    if (rects.empty()) return;
    unsigned char* pixels = nullptr;
    int tw = 0, th = 0;
    atlas.GetTexDataAsRGBA32(&pixels, &tw, &th);
    std::vector<unsigned char> buf;
    for (const EmojiRect& e : rects) {
        const ImFontAtlasCustomRect* r = atlas.GetCustomRectByIndex(e.rect);
        if (!r || !r->IsPacked()) continue;
        buf.assign(static_cast<size_t>(r->Width) * r->Height * 4, 0);
        if (!platform::draw_emoji(state().emoji_clusters[e.cluster], r->Width, r->Height, buf.data())) continue;
        for (int y = 0; y < r->Height; ++y)
            std::copy_n(&buf[static_cast<size_t>(y) * r->Width * 4], static_cast<size_t>(r->Width) * 4,
                        &pixels[(static_cast<size_t>(r->Y + y) * tw + r->X) * 4]);
        if (const ImFontGlyph* glyph = font->FindGlyphNoFallback(static_cast<ImWchar>(kFirstEmojiGlyph + e.cluster)))
            const_cast<ImFontGlyph*>(glyph)->Colored = 1;
    }
}

bool build_atlas(float dpr) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    static std::string text_font_data; // read once: its em sizes the CJK font
    if (text_font_data.empty() && !read_file(kTextFont, text_font_data)) {
        ImFontConfig cfg;
        cfg.SizePixels = 13.0f * dpr;
        io.Fonts->AddFontDefault(&cfg);
        return false;
    }
    const float size = 15.0f * dpr;
    ImFontConfig text_cfg;
    text_cfg.OversampleH = 2;
    text_cfg.OversampleV = 1;
    ImFont* font = io.Fonts->AddFontFromFileTTF(kTextFont, size, &text_cfg, kTextRanges);
    if (FILE* f = std::fopen(kSymbolFont, "rb")) {
        std::fclose(f);
        ImFontConfig sym_cfg;
        sym_cfg.MergeMode = true;
        sym_cfg.OversampleH = 1; // emoji are large shapes; saves a third of the atlas
        sym_cfg.OversampleV = 1;
        // Symbola draws pictographs small for their em; 1.2x matches Noto's capitals,
        // and the offset keeps them on the text's baseline.
        sym_cfg.GlyphOffset.y = 2.0f * dpr;
        io.Fonts->AddFontFromFileTTF(kSymbolFont, size * 1.2f, &sym_cfg, kSymbolRanges);
    }
    add_script_font(*io.Fonts, kHebrewFont, kHebrewRanges, size, em_fraction(text_font_data));
    add_script_font(*io.Fonts, kArabicFont, kArabicRanges, size, em_fraction(text_font_data));
    add_cjk_font(*io.Fonts, size, em_fraction(text_font_data));
    std::vector<EmojiRect> rects = add_emoji_rects(*io.Fonts, font, size);
    if (!io.Fonts->Build()) return false;
    paint_emoji(*io.Fonts, font, rects);
    return true;
}

} // namespace

bool load_fonts(float dpr) {
    GlyphState& g = state();
    const double t0 = platform::monotonic_ms();
    g.dpr = dpr;
    g.cjk_new = false;
    g.emoji_built = g.emoji_clusters.size();
    bool ok = build_atlas(dpr);
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    if (atlas.TexWidth > g.max_texture || atlas.TexHeight > g.max_texture) {
        // Too many CJK glyphs for this GPU: text without them beats a black UI.
        g.stats.over_budget = true;
        ok = build_atlas(dpr);
    }
    g.stats.atlas_width = atlas.TexWidth;
    g.stats.atlas_height = atlas.TexHeight;
    g.stats.last_build_ms = platform::monotonic_ms() - t0;
    ++g.stats.rebuilds;
    return ok;
}

void set_max_texture_size(int pixels) {
    if (pixels > 0) state().max_texture = pixels;
}

char32_t emoji_glyph(std::string_view cluster) {
    GlyphState& g = state();
    auto it = g.emoji_by_cluster.find(std::string(cluster));
    if (it != g.emoji_by_cluster.end()) return it->second;
    if (kFirstEmojiGlyph + g.emoji_clusters.size() > kLastEmojiGlyph) return 0xFFFD;
    const char32_t cp = kFirstEmojiGlyph + static_cast<char32_t>(g.emoji_clusters.size());
    g.emoji_clusters.emplace_back(cluster);
    g.emoji_by_cluster.emplace(std::string(cluster), cp);
    return cp;
}

void note_code_point(char32_t c) {
    if (c < 0x1100 || !is_cjk(c)) return;
    GlyphState& g = state();
    if (!g.cjk_seen.insert(c).second) return;
    g.cjk_new = true;
    if (g.stats.cjk_seen_ms == 0) g.stats.cjk_seen_ms = platform::monotonic_ms();
    const bool retry = g.cjk == CjkFont::Failed && platform::monotonic_ms() - g.cjk_failed_ms > 30000;
    if (g.cjk == CjkFont::None || retry) {
        g.cjk = CjkFont::Fetching;
        g.stats.cjk_fetch_ms = platform::monotonic_ms();
        g.cjk_call = platform::http_get(kCjkFontUrl);
    }
}

bool fonts_outdated() {
    GlyphState& g = state();
    bool arrived = false;
    if (g.cjk == CjkFont::Fetching && g.cjk_call && g.cjk_call->done) {
        core::HttpResponse& r = g.cjk_call->response;
        if (r.status == 200 && em_fraction(r.body) > 0) {
            g.cjk_data = std::move(r.body);
            g.cjk = CjkFont::Ready;
            g.cjk_new = true; // what was drawn while it downloaded goes in now
            g.stats.cjk_ready_ms = platform::monotonic_ms();
            arrived = true;
        } else {
            std::fprintf(stderr, "earshot: the CJK font %s could not be loaded (%d %s); CJK text shows as boxes\n",
                         kCjkFontUrl, r.status, r.transport_error.c_str());
            g.cjk = CjkFont::Failed;
            g.cjk_failed_ms = platform::monotonic_ms();
        }
        g.cjk_call.reset();
    }
    return arrived || g.emoji_built != g.emoji_clusters.size() || (g.cjk_new && g.cjk == CjkFont::Ready);
}

const GlyphStats& glyph_stats() {
    GlyphState& g = state();
    static const char* const names[] = {"none", "fetching", "ready", "failed"};
    g.stats.cjk_font = names[static_cast<int>(g.cjk)];
    g.stats.cjk_glyphs = g.cjk_seen.size();
    g.stats.emoji = g.emoji_clusters.size();
    return g.stats;
}

void record_rebuild_ms(double ms) { state().stats.last_rebuild_ms = ms; }
void record_frame_after_rebuild_ms(double ms) { state().stats.frame_after_rebuild_ms = ms; }

} // namespace earshot::app
