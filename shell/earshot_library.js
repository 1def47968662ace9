// JS side of the web platform (src/platform/web): IDBFS mount/sync with a
// timeout, storage estimate and clearing, preferences (localStorage, the
// system colour scheme), canvas sizing for HiDPI and the test-API bridge.
mergeInto(LibraryManager.library, {
  $EarshotStorage__deps: ['$IDBFS'],
  $EarshotStorage: {
    mountPath: null,
    usage: -1,
    quota: -1,
    estimate: function() {
      if (!navigator.storage || !navigator.storage.estimate) return;
      // Offline or in a private window estimate() may reject; the figures stay unknown then.
      navigator.storage.estimate().then(function(e) {
        EarshotStorage.usage = e.usage || 0;
        EarshotStorage.quota = e.quota || -1;
      }, function() {});
    },
    settle: function(error) {
      var msg = '';
      if (error) msg = error.name ? error.name + (error.message ? ': ' + error.message : '') : String(error);
      var len = lengthBytesUTF8(msg) + 1, ptr = _malloc(len);
      stringToUTF8(msg, ptr, len);
      _earshot_storage_settled(ptr);
      _free(ptr);
      EarshotStorage.estimate();
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
  earshot_js_storage_quota__deps: ['$EarshotStorage'],
  earshot_js_storage_quota: function() { return EarshotStorage.quota; },
  earshot_js_storage_estimate__deps: ['$EarshotStorage'],
  earshot_js_storage_estimate: function() { EarshotStorage.estimate(); },
  // Deletes the mounted folder's files in memory; the sync then deletes them from
  // IndexedDB too (IDBFS removes what is no longer there).
  earshot_js_storage_clear__deps: ['$EarshotStorage', '$FS'],
  earshot_js_storage_clear: function() {
    function wipe(dir) {
      FS.readdir(dir).forEach(function(name) {
        if (name === '.' || name === '..') return;
        var p = dir + '/' + name;
        if (FS.isDir(FS.stat(p).mode)) { wipe(p); FS.rmdir(p); } else FS.unlink(p);
      });
    }
    try { wipe(EarshotStorage.mountPath); } catch (e) { EarshotStorage.settle(e); return; }
    EarshotStorage.sync(false);
  },

  // Preferences: localStorage may be missing or throw (storage disabled, a sandboxed frame).
  earshot_js_preference: function(namePtr) {
    var v = null;
    try { v = window.localStorage.getItem('earshot.' + UTF8ToString(namePtr)); } catch (e) {}
    if (v === null) return 0;
    var len = lengthBytesUTF8(v) + 1, ptr = _malloc(len);
    stringToUTF8(v, ptr, len);
    return ptr;
  },
  earshot_js_set_preference: function(namePtr, valuePtr) {
    try { window.localStorage.setItem('earshot.' + UTF8ToString(namePtr), UTF8ToString(valuePtr)); } catch (e) {}
  },
  earshot_js_clear_preferences: function() {
    try {
      var keys = [];
      for (var i = 0; i < window.localStorage.length; i++) keys.push(window.localStorage.key(i));
      keys.forEach(function(k) { if (k && k.indexOf('earshot.') === 0) window.localStorage.removeItem(k); });
    } catch (e) {}
  },
  $EarshotScheme: {query: null},
  earshot_js_prefers_dark__deps: ['$EarshotScheme'],
  earshot_js_prefers_dark: function() {
    if (!window.matchMedia) return 0;
    if (!EarshotScheme.query) EarshotScheme.query = window.matchMedia('(prefers-color-scheme: dark)');
    return EarshotScheme.query.matches ? 1 : 0;
  },

  $EarshotTab: {role: 0},
  earshot_js_tab_lock_request__deps: ['$EarshotTab'],
  earshot_js_tab_lock_request: function() {
    // No locks (an old browser), or locks refused (a frame in another site's page
    // that blocks third-party storage, where nothing is stored anyway): this tab writes.
    var alone = function() { EarshotTab.role = 1; };
    if (!navigator.locks) { alone(); return; }
    var forever = function() { return new Promise(function() {}); }; // held until the tab closes
    try {
      navigator.locks.request('earshot-writer', {ifAvailable: true}, function(lock) {
        if (lock) { EarshotTab.role = 1; return forever(); }
        EarshotTab.role = 2;
        // Wait in line: granted when the writing tab closes.
        navigator.locks.request('earshot-writer', function() { EarshotTab.role = 1; return forever(); }).catch(alone);
      }).catch(alone);
    } catch (e) { alone(); }
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
  earshot_js_in_frame: function() { return window.top !== window ? 1 : 0; },
  earshot_js_ready: function() {
    if (Module['onEarshotReady']) Module['onEarshotReady']();
  },
  earshot_js_reload_page: function() { window.location.reload(); },
  // The screen-reader mirror (src/platform/accessibility.hpp): a visually hidden
  // region beside the canvas, its counts and selection announced politely.
  earshot_js_publish_a11y: function(jsonPtr) {
    var doc = JSON.parse(UTF8ToString(jsonPtr));
    var root = document.getElementById('earshot-a11y');
    if (!root) {
      root = document.createElement('section');
      root.id = 'earshot-a11y';
      root.setAttribute('aria-label', 'Earshot, as text');
      root.className = 'earshot-visually-hidden';
      var summary = document.createElement('p');
      summary.id = 'earshot-a11y-summary';
      summary.setAttribute('aria-live', 'polite');
      var list = document.createElement('ul');
      list.id = 'earshot-a11y-rows';
      list.setAttribute('aria-label', 'Posts on screen');
      var selected = document.createElement('article');
      selected.id = 'earshot-a11y-selected';
      selected.setAttribute('aria-live', 'polite');
      selected.setAttribute('aria-label', 'Selected post');
      root.appendChild(summary);
      root.appendChild(list);
      root.appendChild(selected);
      document.body.appendChild(root);
      var canvas = document.getElementById('earshot-canvas');
      if (canvas) {
        canvas.setAttribute('aria-describedby', 'earshot-a11y-summary');
        canvas.setAttribute('aria-label', 'Earshot (a text version follows)');
      }
    }
    document.getElementById('earshot-a11y-summary').textContent = doc.summary;
    var ul = document.getElementById('earshot-a11y-rows');
    while (ul.firstChild) ul.removeChild(ul.firstChild);
    doc.rows.forEach(function(r) {
      var li = document.createElement('li');
      li.textContent = r;
      ul.appendChild(li);
    });
    document.getElementById('earshot-a11y-selected').textContent = doc.selected;
  },
  earshot_js_open_url: function(urlPtr) {
    window.open(UTF8ToString(urlPtr), '_blank', 'noopener');
  },
});
