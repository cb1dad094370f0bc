  // -- shared by both map pages (vis-network and WebGL), filled in inside their script --
  function el(tag, text, cls) {  // every user string goes through textContent: never parsed
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  document.getElementById("title").textContent = data.title;
  document.getElementById("summary").textContent = data.summary;
  if (data.note) { var n = document.getElementById("note"); n.textContent = data.note; n.hidden = false; }
  // Links: only relative paths (Python percent-encodes them); anything else stays text.
  function safeHref(h) {
    return typeof h === "string" && h && !/^[a-z][a-z0-9+.\-]*:/i.test(h) &&
           !/^[\/\\]/.test(h) && !/[\u0000-\u001f\u007f\\]/.test(h) ? h : null;
  }
  if (data.back) {
    var backHref = safeHref(data.back.href);
    var a = el(backHref ? "a" : "span", "\u2190 " + data.back.text);
    if (backHref) a.href = backHref;
    document.getElementById("back").appendChild(a);
  }
  // Tooltips: built from text nodes only (names and attributes are never parsed as HTML).
  var tip = document.getElementById("tooltip");
  function showTip(rows, heading, pointer) {
    tip.replaceChildren(el("b", heading));
    var table = el("table");
    rows.forEach(function (r) {
      var tr = el("tr"); tr.append(el("td", r[0]), el("td", r[1])); table.appendChild(tr);
    });
    tip.appendChild(table);
    tip.style.left = "0px"; tip.style.top = "0px";
    tip.style.display = "block";
    // kept inside the map: flipped left of or above the pointer when it would run out
    var W = tip.parentNode.clientWidth, H = tip.parentNode.clientHeight;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var x = pointer.x + 14 + w > W ? pointer.x - 14 - w : pointer.x + 14;
    var y = pointer.y + 14 + h > H ? pointer.y - 14 - h : pointer.y + 14;
    tip.style.left = Math.max(4, Math.min(x, W - w - 4)) + "px";
    tip.style.top = Math.max(4, Math.min(y, H - h - 4)) + "px";
  }
  function fmt(v) {
    if (v === null || v === undefined) return "\u2013";
    if (typeof v === "number" && !Number.isInteger(v)) return String(Math.round(v * 1e4) / 1e4);
    return String(v);
  }
  var byCluster = {};
  data.clusters.forEach(function (c) { byCluster[c.id] = c; });
  var clusterField = data.fields.indexOf("cluster");
  function nodeRows(i) {
    var info = data.info[i];
    var rows = data.fields.map(function (f, j) { return [f, fmt(info[j])]; });
    var c = clusterField >= 0 ? byCluster[info[clusterField]] : null;
    (c && c.themes || []).forEach(function (t, k) { rows.push(["theme " + (k + 1), t]); });
    return rows;
  }
  // Search: the positions of the names holding q (lower case), exact names first.
  function matches(lower, q) {
    var hits = [];
    lower.forEach(function (s, i) { if (s.indexOf(q) >= 0) hits.push(i); });
    var exact = hits.filter(function (i) { return lower[i] === q; });
    return exact.length ? exact.concat(hits.filter(function (i) { return lower[i] !== q; }))
                        : hits;
  }
  // The search box: Enter fires both keydown and change, so search once per value entered.
  function bindSearch(search) {
    var input = document.getElementById("search");
    var searched = null;
    function searchInput() {
      if (input.value === searched) return;
      searched = input.value;
      search(input.value);
    }
    input.addEventListener("change", searchInput);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { searched = null; searchInput(); }
    });
    input.addEventListener("input", function () { searched = null; });
  }
  // -- end of the shared part --
