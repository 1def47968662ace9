// Font atlas: text font at 15 px × DPR so text is crisp on HiDPI screens;
// symbol font merged with its own glyph ranges (needs IMGUI_USE_WCHAR32).
#include "app/fonts.hpp"

#include <imgui.h>

#include <cstdio>

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

bool file_exists(const char* path) {
    FILE* f = std::fopen(path, "rb");
    if (!f) return false;
    std::fclose(f);
    return true;
}

} // namespace

bool load_fonts(float dpr) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    const char* text_font = "/fonts/NotoSans-Regular.ttf";
    const char* symbol_font = "/fonts/Symbola.ttf";
    if (!file_exists(text_font)) {
        ImFontConfig cfg;
        cfg.SizePixels = 13.0f * dpr;
        io.Fonts->AddFontDefault(&cfg);
        return false;
    }
    const float size = 15.0f * dpr;
    ImFontConfig text_cfg;
    text_cfg.OversampleH = 2;
    text_cfg.OversampleV = 1;
    io.Fonts->AddFontFromFileTTF(text_font, size, &text_cfg, kTextRanges);
    if (file_exists(symbol_font)) {
        ImFontConfig sym_cfg;
        sym_cfg.MergeMode = true;
        sym_cfg.OversampleH = 1; // emoji are large shapes; saves a third of the atlas
        sym_cfg.OversampleV = 1;
        // Symbola draws pictographs small for their em; 1.2x matches Noto's capitals,
        // and the offset keeps them on the text's baseline.
        sym_cfg.GlyphOffset.y = 2.0f * dpr;
        io.Fonts->AddFontFromFileTTF(symbol_font, size * 1.2f, &sym_cfg, kSymbolRanges);
    }
    return io.Fonts->Build();
}

} // namespace earshot::app
