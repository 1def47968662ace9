// Starts Earshot on its page: the Module the runtime reads (canvas, where the
// content-hashed app files are), window.earshot (the in-page test API,
// architecture.md) and the service worker. A file of its own, not an inline
// script, so the proxy's Content-Security-Policy can say script-src 'self'.
(function() {
  // The build names app.wasm and app.data after their content (cmake/stamp_site.cmake
  // fills these in) so they can be cached for a year; app.js asks for the plain names.
  var files = {'app.wasm': '@app.wasm@', 'app.data': '@app.data@'};
  var canvas = document.getElementById('earshot-canvas');
  canvas.addEventListener('contextmenu', function(e) { e.preventDefault(); });
  window.Module = {
    canvas: canvas,
    print: function(t) { console.log(t); },
    printErr: function(t) { console.warn(t); },
    locateFile: function(path, prefix) {
      var name = files.hasOwnProperty(path) && files[path].charAt(0) !== '@' ? files[path] : path;
      return (Module.earshotBase || prefix) + name;
    },
    onEarshotReady: function() {
      document.getElementById('earshot-loading').classList.add('earshot-hidden');
      window.earshot = {
        state: function() { return Module.UTF8ToString(Module._earshot_state()); },
        locate: function(label) {
          var bytes = Module.lengthBytesUTF8(label) + 1, p = Module._malloc(bytes);
          Module.stringToUTF8(label, p, bytes);
          var r = JSON.parse(Module.UTF8ToString(Module._earshot_locate(p)));
          Module._free(p);
          return r;
        },
        // Frame CPU times (p50, p95, max) of the last few hundred frames, or of those after frame number `since`.
        frameStats: function(since) { return JSON.parse(Module.UTF8ToString(Module._earshot_frame_stats(since || 0))); },
        // The text of the field being edited (null when none is): what typing, an IME or a paste put there.
        activeText: function() { var p = Module._earshot_active_text(); return p ? Module.UTF8ToString(p) : null; },
      };
      window.dispatchEvent(new Event('earshot-ready'));
    },
  };
  // Framed in someone's admin page (embed.js), the page keeps its focus until the owner clicks Earshot.
  if (window.top === window) canvas.focus();
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js').catch(function(e) { console.warn('service worker:', e); });
  }
})();
