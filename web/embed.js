// Earshot in one tag: <script src="https://<earshot host>/embed.js" data-target="#earshot">
// puts Earshot into the element data-target names, as an iframe to Earshot's own
// origin (its data stays there, never in the host page) that follows the element's size.
// Served under this stable name with a short cache lifetime (src/proxy/static_files.cpp).
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return; // only ever loaded by a <script src> tag
  var earshot = new URL('./', script.src); // the app is beside this file
  var selector = script.getAttribute('data-target') || '#earshot';
  // The height used when the host element has none of its own (a bare <div>).
  var fallbackHeight = script.getAttribute('data-height') || '600px';

  function say(message) {
    if (window.console) console.error('Earshot embed: ' + message);
  }

  function mount() {
    var target;
    try {
      target = document.querySelector(selector);
    } catch (e) {
      say('data-target="' + selector + '" is not a CSS selector (' + e.message + ').');
      return;
    }
    if (!target) {
      say('no element matches data-target="' + selector + '"; add <div id="earshot"></div> before the script, ' +
          'or point data-target at the element Earshot should fill.');
      return;
    }
    if (target.querySelector('iframe[data-earshot]')) return; // the tag was pasted twice
    var frame = document.createElement('iframe');
    frame.setAttribute('data-earshot', '');
    frame.src = earshot.href;
    frame.title = script.getAttribute('data-title') || 'Earshot';
    // Copy and paste inside the app (the system clipboard), and nothing else.
    frame.setAttribute('allow', 'clipboard-read; clipboard-write');
    frame.style.display = 'block';
    frame.style.width = '100%';
    frame.style.border = '0';
    // An element with a height of its own (CSS height, flex, grid) is filled and
    // followed as it resizes; a bare one gets the fallback height.
    var ownHeight = target.clientHeight > 0;
    frame.style.height = ownHeight ? '100%' : fallbackHeight;
    target.appendChild(frame);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
  else mount();
})();
