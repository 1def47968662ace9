// The bench's processor clock under Node (--js-library of earshot-bench.js): Emscripten's
// clock() follows the wall clock, which on a shared machine counts the neighbours' time.
mergeInto(LibraryManager.library, {
  earshot_bench_cpu_seconds: function () {
    const used = process.cpuUsage(); // microseconds of this process, all its threads
    return (used.user + used.system) / 1e6;
  },
});
