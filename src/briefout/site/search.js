// briefout site search: no server, no external resources.
// Loads search-index.js (written by `briefout build`) when the reader first types, then
// shows every item whose headlines or body contain all the query terms: Japanese as
// character pairs, other words by prefix, scanning each item's own list of terms.  The character classes come from the index,
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

  // " term term ... " per item, so a whole term is " x " and a prefix " x"
  var padded = null;

  function has(terms, token, cjk) {
    if (cjk && token.length === 1) { return terms.indexOf(token) >= 0; }
    if (cjk) {
      for (var i = 0; i + 1 < token.length; i++) {
        if (terms.indexOf(" " + token.slice(i, i + 2) + " ") < 0) { return false; }
      }
      return true;
    }
    return terms.indexOf(" " + token) >= 0;
  }

  function search(query) {
    var pattern = new RegExp("(" + index.cjk + ")|(" + index.word + ")", "g");
    var text = query.normalize("NFKC").toLowerCase();
    var tokens = [];
    var m;
    while ((m = pattern.exec(text)) !== null) {
      if (m[2] && m[2].length < index.min_word) { continue; }
      tokens.push({ text: m[1] || m[2], cjk: Boolean(m[1]) });
    }
    if (!tokens.length) { return null; }
    padded = padded || index.docs.map(function (doc) { return " " + doc[4] + " "; });
    var found = [];
    for (var n = 0; n < index.docs.length; n++) {
      if (tokens.every(function (t) { return has(padded[n], t.text, t.cjk); })) { found.push(n); }
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
