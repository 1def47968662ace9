// Glyph service in the browser: Canvas2D draws an emoji cluster with the
// system's colour emoji font (no download; CSP's font-src does not apply to
// system fonts), and the pixels are copied into the WASM heap.
#include "platform/glyphs.hpp"

#include <emscripten.h>

// clang-format off
EM_JS(int, earshot_js_draw_emoji, (const char* utf8, int w, int h, unsigned char* out), {
  var c = Module['earshotEmojiCanvas'];
  if (!c) c = Module['earshotEmojiCanvas'] = document.createElement('canvas');
  if (c.width != w || c.height != h) { c.width = w; c.height = h; }
  var g = c.getContext('2d', {willReadFrequently: true});
  if (!g) return 0;
  g.clearRect(0, 0, w, h);
  var px = Math.max(1, Math.floor(h * 0.84));
  g.font = px + 'px "Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji",sans-serif';
  g.textAlign = 'center';
  g.textBaseline = 'alphabetic';
  var s = UTF8ToString(utf8);
  var m = g.measureText(s);
  // A sequence the system font cannot join comes out as several pictures: shrink to fit.
  var scale = m.width > w ? w / m.width : 1;
  var asc = m.actualBoundingBoxAscent || px * 0.8, desc = m.actualBoundingBoxDescent || px * 0.2;
  g.save();
  g.translate(w / 2, h / 2);
  g.scale(scale, scale);
  g.fillText(s, 0, (asc - desc) / 2);
  g.restore();
  HEAPU8.set(g.getImageData(0, 0, w, h).data, out);
  return 1;
});
// clang-format on

namespace earshot::platform {

bool draw_emoji(const std::string& cluster, int width, int height, unsigned char* rgba) {
    return earshot_js_draw_emoji(cluster.c_str(), width, height, rgba) != 0;
}

} // namespace earshot::platform
