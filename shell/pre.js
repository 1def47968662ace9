// Runs before the runtime: where the app files are, and the canvas.
Module['canvas'] = Module['canvas'] || document.getElementById('earshot-canvas');
Module['locateFile'] = Module['locateFile'] || function(path, prefix) {
  return (Module['earshotBase'] || prefix) + path;
};
