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
