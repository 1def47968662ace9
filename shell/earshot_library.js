// JS side of the web platform (src/platform/web): IDBFS mount/sync with a
// timeout, storage estimate, canvas sizing for HiDPI and the test-API bridge.
mergeInto(LibraryManager.library, {
  $EarshotStorage__deps: ['$IDBFS'],
  $EarshotStorage: {
    mountPath: null,
    usage: -1,
    settle: function(error) {
      var msg = '';
      if (error) msg = error.name ? error.name + (error.message ? ': ' + error.message : '') : String(error);
      var len = lengthBytesUTF8(msg) + 1, ptr = _malloc(len);
      stringToUTF8(msg, ptr, len);
      _earshot_storage_settled(ptr);
      _free(ptr);
      if (navigator.storage && navigator.storage.estimate) {
        // Offline or in a private window estimate() may reject; usage stays unknown then.
        navigator.storage.estimate().then(function(e) { EarshotStorage.usage = e.usage || 0; }, function() {});
      }
    },
    sync: function(populate) {
      // IDBFS may never call back when IndexedDB aborts (see idbfs_quota.js);
      // the timeout turns a hang into a reported failure.
      var done = false;
      var timer = setTimeout(function() {
        if (!done) { done = true; EarshotStorage.settle('TimeoutError: IndexedDB did not answer in 30 s'); }
      }, 30000);
      IDBFS.earshotPopulating = !!populate;
      FS.syncfs(populate, function(err) {
        if (done) return;
        done = true;
        clearTimeout(timer);
        EarshotStorage.settle(err);
      });
    },
  },
  earshot_js_storage_mount__deps: ['$EarshotStorage', '$IDBFS', '$FS'],
  earshot_js_storage_mount: function(pathPtr) {
    var path = UTF8ToString(pathPtr);
    EarshotStorage.mountPath = path;
    try { FS.mkdir(path); } catch (e) {}
    try { FS.mount(IDBFS, {}, path); } catch (e) { EarshotStorage.settle(e); return; }
    EarshotStorage.sync(true);
    // A closed tab loses a sync still in flight: flush when the page is hidden.
    document.addEventListener('visibilitychange', function() {
      if (document.visibilityState === 'hidden') FS.syncfs(false, function() {});
    });
    window.addEventListener('pagehide', function() { FS.syncfs(false, function() {}); });
  },
  earshot_js_storage_flush__deps: ['$EarshotStorage'],
  earshot_js_storage_flush: function() { EarshotStorage.sync(false); },
  earshot_js_storage_usage__deps: ['$EarshotStorage'],
  earshot_js_storage_usage: function() { return EarshotStorage.usage; },

  $EarshotTab: {role: 0},
  earshot_js_tab_lock_request__deps: ['$EarshotTab'],
  earshot_js_tab_lock_request: function() {
    if (!navigator.locks) { EarshotTab.role = 1; return; }
    var forever = function() { return new Promise(function() {}); }; // held until the tab closes
    navigator.locks.request('earshot-writer', {ifAvailable: true}, function(lock) {
      if (lock) { EarshotTab.role = 1; return forever(); }
      EarshotTab.role = 2;
      // Wait in line: granted when the writing tab closes.
      navigator.locks.request('earshot-writer', function() { EarshotTab.role = 1; return forever(); });
    });
  },
  earshot_js_tab_role__deps: ['$EarshotTab'],
  earshot_js_tab_role: function() { return EarshotTab.role; },
  earshot_js_storage_reload__deps: ['$EarshotStorage'],
  earshot_js_storage_reload: function() { EarshotStorage.sync(true); },

  earshot_js_device_pixel_ratio: function() { return window.devicePixelRatio || 1; },
  // The canvas fills its container (the page, or a <div> in a host page).
  earshot_js_container_width: function() {
    var c = Module['canvas'], p = c.parentElement;
    return (p ? p.clientWidth : window.innerWidth) || window.innerWidth;
  },
  earshot_js_container_height: function() {
    var c = Module['canvas'], p = c.parentElement;
    return (p ? p.clientHeight : window.innerHeight) || window.innerHeight;
  },
  // Not glfwSetWindowSize: Emscripten's GLFW asks for fullscreen when the size
  // equals the screen's, which browsers refuse ("Permissions check failed").
  earshot_js_set_canvas_size__deps: ['$Browser'],
  earshot_js_set_canvas_size: function(w, h) { Browser.setCanvasSize(w, h); },
  earshot_js_online: function() { return navigator.onLine ? 1 : 0; },
  earshot_js_ready: function() {
    if (Module['onEarshotReady']) Module['onEarshotReady']();
  },
  earshot_js_open_url: function(urlPtr) {
    window.open(UTF8ToString(urlPtr), '_blank', 'noopener');
  },
});
