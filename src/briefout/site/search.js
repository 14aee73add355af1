// briefout site search: no server, no external resources.
// Loads search-index.js (written by `briefout build`) when the reader first types, then
// shows every item whose headlines or body contain all the query terms: Japanese as
// character pairs, other words by prefix.  The character classes come from the index,
// so the page and the builder split text alike.
(function () {
  "use strict";
  var input = document.getElementById("bo-q");
  var status = document.getElementById("bo-status");
  var list = document.getElementById("bo-results");
  if (!input || !status || !list) { return; }
  var MAX_SHOWN = 100;
  var index = null;
  var loading = false;

  function load(then) {
    if (index) { then(); return; }
    if (loading) { return; }
    loading = true;
    var script = document.createElement("script");
    script.src = "search-index.js";
    script.onload = function () { index = window.briefoutSearchIndex; then(); };
    script.onerror = function () { status.textContent = status.dataset.failed || "search index missing"; };
    document.head.appendChild(script);
  }

  function intersect(a, b) {
    var seen = new Set(b);
    return a.filter(function (n) { return seen.has(n); });
  }

  function union(keys) {
    var all = new Set();
    keys.forEach(function (key) { index.terms[key].forEach(function (n) { all.add(n); }); });
    return Array.from(all).sort(function (a, b) { return a - b; });
  }

  var keyList = null;
  function matches(token, cjk) {
    var keys = keyList || (keyList = Object.keys(index.terms));
    if (cjk && token.length === 1) {
      return union(keys.filter(function (k) { return k.indexOf(token) >= 0; }));
    }
    if (cjk) {
      var found = null;
      for (var i = 0; i + 1 < token.length; i++) {
        var docs = index.terms[token.slice(i, i + 2)] || [];
        found = found === null ? docs.slice() : intersect(found, docs);
      }
      return found || [];
    }
    return union(keys.filter(function (k) { return k.lastIndexOf(token, 0) === 0; }));
  }

  function search(query) {
    var pattern = new RegExp("(" + index.cjk + ")|(" + index.word + ")", "g");
    var text = query.normalize("NFKC").toLowerCase();
    var found = null;
    var m;
    while ((m = pattern.exec(text)) !== null) {
      if (m[2] && m[2].length < index.min_word) { continue; }
      var docs = matches(m[1] || m[2], Boolean(m[1]));
      found = found === null ? docs : intersect(found, docs);
    }
    return found;
  }

  function show(found) {
    list.textContent = "";
    if (found === null) { status.textContent = ""; return; }
    status.textContent = (status.dataset.count || "{count}").replace("{count}", found.length);
    found.slice(0, MAX_SHOWN).forEach(function (n) {
      var doc = index.docs[n];
      var issue = index.issues[doc[0]];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = issue[0] + "#" + doc[1];
      link.textContent = doc[2];
      var english = document.createElement("span");
      english.lang = "en";
      english.className = "bo-en";
      english.textContent = doc[3];
      var where = document.createElement("span");
      where.className = "bo-where";
      where.textContent = issue[1] + " " + issue[2];
      item.append(link, english, where);
      list.appendChild(item);
    });
  }

  function run() { load(function () { show(search(input.value)); }); }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; run(); }
})();
