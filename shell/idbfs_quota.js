// Emscripten 3.1.6's IDBFS never calls back when IndexedDB aborts a write
// transaction (e.g. QuotaExceededError). Wrap reconcile so the transaction's
// abort reaches the syncfs callback exactly once; the aborted transaction is
// all-or-nothing, so data stored earlier stays intact.
(function() {
  if (typeof IDBFS === 'undefined' || !IDBFS.reconcile) return;
  var reconcile = IDBFS.reconcile;
  IDBFS.reconcile = function(src, dst, callback) {
    var called = false;
    function once(err) { if (!called) { called = true; callback(err); } }
    var db = src.type === 'remote' ? src.db : dst.db;
    if (!db) return reconcile.call(IDBFS, src, dst, once);
    // reconcile opens its transaction synchronously: patch just for that call.
    var open = db.transaction;
    db.transaction = function() {
      var t = open.apply(db, arguments);
      t.addEventListener('abort', function() {
        once(t.error || new DOMException('IndexedDB transaction aborted', 'AbortError'));
      });
      return t;
    };
    try { return reconcile.call(IDBFS, src, dst, once); } finally { db.transaction = open; }
  };
})();

// Each IDBFS sync first lists every stored file with a cursor, one event-loop
// round trip per file, behind the frames the page draws: 0.3–0.6 s per sync
// with a few dozen segments. Only this tab writes (Web Locks), so after a
// sync that succeeded the stored set is exactly what was just written: keep it
// and skip the listing. Loading from IndexedDB (populate) always lists afresh.
(function() {
  if (typeof IDBFS === 'undefined' || !IDBFS.getRemoteSet) return;
  var getRemoteSet = IDBFS.getRemoteSet, reconcile = IDBFS.reconcile;
  var cache = null; // {mountpoint, db, entries: {path: {timestamp}}}
  function copy(entries) {
    var out = {};
    Object.keys(entries).forEach(function(k) { out[k] = {timestamp: entries[k].timestamp}; });
    return out;
  }
  IDBFS.earshotPopulating = false;
  IDBFS.getRemoteSet = function(mount, callback) {
    if (!IDBFS.earshotPopulating && cache && cache.mountpoint === mount.mountpoint)
      return callback(null, {type: 'remote', db: cache.db, entries: copy(cache.entries)});
    getRemoteSet.call(IDBFS, mount, function(err, remote) {
      cache = err ? null : {mountpoint: mount.mountpoint, db: remote.db, entries: copy(remote.entries)};
      callback(err, remote);
    });
  };
  IDBFS.reconcile = function(src, dst, callback) {
    if (dst.type !== 'remote') return reconcile.call(IDBFS, src, dst, callback);
    var mountpoint = cache && cache.mountpoint;
    cache = null; // unknown until this write is known to have landed
    return reconcile.call(IDBFS, src, dst, function(err) {
      if (!err && mountpoint) cache = {mountpoint: mountpoint, db: dst.db, entries: copy(src.entries)};
      callback(err);
    });
  };
})();

// Emscripten 3.1.6's IDBFS reports a refused open (a frame in another site's
// page whose browser blocks third-party storage: "The user denied permission
// to access the database") as success with no database (it reads `this.error`
// in an arrow function), and the first write then fails on `undefined`. Keep
// the request's own error and hand it on, so the mount fails and says why.
(function() {
  if (typeof IDBFS === 'undefined' || !IDBFS.getDB || !IDBFS.indexedDB) return;
  var factory = IDBFS.indexedDB, getDB = IDBFS.getDB, refusal = null;
  IDBFS.indexedDB = function() {
    var f = factory();
    if (!f) return f;
    return {open: function(name, version) {
      var req = f.open(name, version);
      req.addEventListener('error', function() { refusal = req.error; });
      return req;
    }};
  };
  IDBFS.getDB = function(name, callback) {
    refusal = null;
    getDB.call(IDBFS, name, function(err, db) {
      if (!err && !db) err = refusal || new DOMException('IndexedDB could not be opened', 'UnknownError');
      callback(err, db);
    });
  };
})();
