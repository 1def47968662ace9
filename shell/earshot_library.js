// JS side of the web platform (src/platform/web): IDBFS mount/sync with a
// timeout, storage estimate and clearing, preferences (localStorage, the
// system colour scheme), canvas sizing for HiDPI, files in and out (the picker,
// drag-and-drop, sliced reads, downloads) and the test-API bridge.
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

  // [SECTION] Files (src/platform/web/files_web.cpp). Picked and dropped files
  // wait in `incoming` until the app takes them; a read is one slice at a time
  // per file, its bytes copied into the WASM heap (the app frees them).
  $EarshotFiles__postset: 'EarshotFiles.init();',
  $EarshotFiles: {
    next: 1,
    files: {},
    incoming: [],
    input: null,
    init: function() {
      if (typeof document === 'undefined') return;
      var input = document.createElement('input');
      input.type = 'file';
      input.accept = '.jsonl,.ndjson,.json,.txt,application/json,application/x-ndjson';
      input.multiple = true;
      input.id = 'earshot-file-input';
      input.style.display = 'none';
      input.addEventListener('change', function() {
        for (var i = 0; i < input.files.length; i++) EarshotFiles.add(input.files[i]);
        input.value = ''; // the same file may be picked again
      });
      EarshotFiles.input = input;
      var attach = function() { document.body.appendChild(input); };
      if (document.body) attach(); else document.addEventListener('DOMContentLoaded', attach);
      // Only files are taken from a drop; dragging text or links over the page does nothing.
      var carriesFiles = function(e) {
        var types = e.dataTransfer && e.dataTransfer.types;
        return !!types && Array.prototype.indexOf.call(types, 'Files') >= 0;
      };
      window.addEventListener('dragover', function(e) {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      });
      window.addEventListener('drop', function(e) {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        var list = e.dataTransfer.files;
        for (var i = 0; i < list.length; i++) EarshotFiles.add(list[i]);
      });
    },
    add: function(file) {
      var handle = EarshotFiles.next++;
      EarshotFiles.files[handle] = {file: file, state: 0, ptr: 0, size: 0, error: ''};
      EarshotFiles.incoming.push(handle);
    },
    string: function(s) {
      var len = lengthBytesUTF8(s) + 1, ptr = _malloc(len);
      stringToUTF8(s, ptr, len);
      return ptr;
    },
  },
  earshot_js_pick_file__deps: ['$EarshotFiles'],
  earshot_js_pick_file: function() { if (EarshotFiles.input) EarshotFiles.input.click(); },
  earshot_js_next_incoming_file__deps: ['$EarshotFiles'],
  earshot_js_next_incoming_file: function() { return EarshotFiles.incoming.length ? EarshotFiles.incoming.shift() : 0; },
  earshot_js_file_name__deps: ['$EarshotFiles'],
  earshot_js_file_name: function(h) {
    var f = EarshotFiles.files[h];
    return f ? EarshotFiles.string(f.file.name || 'dropped file') : 0;
  },
  earshot_js_file_size__deps: ['$EarshotFiles'],
  earshot_js_file_size: function(h) { var f = EarshotFiles.files[h]; return f ? f.file.size : 0; },
  earshot_js_file_read__deps: ['$EarshotFiles'],
  earshot_js_file_read: function(h, offset, length) {
    var f = EarshotFiles.files[h];
    if (!f || f.state === 1) return;
    f.state = 1;
    var slice = f.file.slice(offset, offset + length);
    var done = function(buf) {
      if (EarshotFiles.files[h] !== f) return; // closed meanwhile
      var bytes = new Uint8Array(buf), ptr = _malloc(bytes.length || 1);
      HEAPU8.set(bytes, ptr);
      f.ptr = ptr;
      f.size = bytes.length;
      f.state = 2;
    };
    var failed = function(e) {
      if (EarshotFiles.files[h] !== f) return;
      f.error = (e && e.name ? e.name + ': ' : '') + (e && e.message ? e.message : String(e));
      f.state = 3;
    };
    // Blob.arrayBuffer() where there is one; a FileReader in older browsers.
    if (slice.arrayBuffer) slice.arrayBuffer().then(done, failed);
    else {
      var reader = new FileReader();
      reader.onload = function() { done(reader.result); };
      reader.onerror = function() { failed(reader.error); };
      reader.readAsArrayBuffer(slice);
    }
  },
  earshot_js_file_read_state__deps: ['$EarshotFiles'],
  earshot_js_file_read_state: function(h) { var f = EarshotFiles.files[h]; return f ? f.state : 0; },
  earshot_js_file_read_size__deps: ['$EarshotFiles'],
  earshot_js_file_read_size: function(h) { var f = EarshotFiles.files[h]; return f ? f.size : 0; },
  earshot_js_file_read_take__deps: ['$EarshotFiles'],
  earshot_js_file_read_take: function(h) {
    var f = EarshotFiles.files[h];
    if (!f || f.state !== 2) return 0;
    var ptr = f.ptr;
    f.ptr = 0;
    f.state = 0;
    return ptr;
  },
  earshot_js_file_read_error__deps: ['$EarshotFiles'],
  earshot_js_file_read_error: function(h) {
    var f = EarshotFiles.files[h];
    if (!f) return 0;
    f.state = 0;
    return EarshotFiles.string(f.error || 'the file could not be read');
  },
  earshot_js_file_close__deps: ['$EarshotFiles'],
  earshot_js_file_close: function(h) {
    var f = EarshotFiles.files[h];
    if (f && f.ptr) _free(f.ptr);
    delete EarshotFiles.files[h];
  },
  // The Blob copies the bytes, so the heap may change at once; the object URL
  // lives a minute, long enough for the browser to start saving it.
  earshot_js_download__deps: ['$EarshotFiles'],
  earshot_js_download: function(namePtr, mimePtr, dataPtr, length) {
    try {
      var blob = new Blob([HEAPU8.subarray(dataPtr, dataPtr + length)], {type: UTF8ToString(mimePtr)});
      var url = URL.createObjectURL(blob);
      var a = document.createElement('a');
      a.href = url;
      a.download = UTF8ToString(namePtr);
      a.style.display = 'none';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function() { URL.revokeObjectURL(url); }, 60000);
      return 0;
    } catch (e) {
      return EarshotFiles.string('The browser refused the download (' + (e && e.message ? e.message : e) + ').');
    }
  },

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
    // Only what changed is written: a live region set to the same text may be read out
    // again, and rows kept in place are not laid out again.
    var setText = function(el, text) { if (el.textContent !== text) el.textContent = text; };
    setText(document.getElementById('earshot-a11y-summary'), doc.summary);
    var ul = document.getElementById('earshot-a11y-rows');
    while (ul.children.length > doc.rows.length) ul.removeChild(ul.lastChild);
    doc.rows.forEach(function(r, i) {
      if (i < ul.children.length) { setText(ul.children[i], r); return; }
      var li = document.createElement('li');
      li.textContent = r;
      ul.appendChild(li);
    });
    setText(document.getElementById('earshot-a11y-selected'), doc.selected);
  },
  earshot_js_open_url: function(urlPtr) {
    window.open(UTF8ToString(urlPtr), '_blank', 'noopener');
  },
});
