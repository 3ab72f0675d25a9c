// Draws the claims from the JSON data block, one page at a time, and filters them.
// Every piece of report text goes in through textContent: nothing is ever parsed as HTML.
(function () {
  "use strict";
  var PAGE = 50;
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var claims = data.claims;
  var list = document.getElementById("claim-list");
  var form = document.getElementById("filters");
  var shown = document.getElementById("shown");
  var state = { page: 0, matching: claims.map(function (_, i) { return i; }) };
  var haystacks = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      if (c !== null && c !== undefined) parent.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return parent;
  }

  // text with <mark> elements over [start, end, class, kind] ranges (sorted, not overlapping)
  function marked(text, marks, from, to) {
    var frag = document.createDocumentFragment();
    var at = from || 0;
    var end = to === undefined ? text.length : to;
    (marks || []).forEach(function (m) {
      if (m[0] < at || m[1] > end) return;
      if (m[0] > at) add(frag, text.slice(at, m[0]));
      var mk = el("mark", "d-" + m[2], text.slice(m[0], m[1]));
      mk.title = m[2] + " difference: " + m[3];
      add(frag, mk);
      at = m[1];
    });
    if (at < end) add(frag, text.slice(at, end));
    return frag;
  }

  // context keeps at most one line break in a row: blank lines only push the passage away
  function context(text) {
    return text.replace(/[ \t]*\n\s*/g, "\n");
  }

  function claimLink(id, text) {
    var a = el("a", "claimref", text || id);
    a.href = "#claim-" + encodeURIComponent(id);
    return a;
  }

  function diffTable(rows) {
    var t = el("table", "diffs");
    add(t, el("caption", "", "Differences (" + rows.length + ")"));
    var head = el("tr");
    ["class", "kind", "the quote says", "the source says", "note"].forEach(function (h) {
      var th = el("th", "", h); th.scope = "col"; add(head, th);
    });
    add(t, add(el("thead"), head));
    var body = el("tbody");
    rows.forEach(function (d) {
      add(body, add(el("tr"), el("td", "cls-" + d[0], d[0]), el("td", "", d[1]),
        el("td", "", d[2] || "(nothing)"), el("td", "", d[3] || "(nothing)"), el("td", "", d[4])));
    });
    return add(t, body);
  }

  function citation(c) {
    var s = el("section", "citation v-" + c.verdict);
    var h = el("h4", "", "Citation " + (c.index + 1) + " · ");
    add(h, el("span", "verdict", c.verdict), " ",
      el("span", "meta", ["score " + Number(c.score).toFixed(2), c.kind, c.where,
        c.file && c.file !== c.where ? "file " + c.file : "", c.line ? "claim file line " + c.line : ""
      ].filter(Boolean).join(" · ")));
    add(s, h);
    if (c.links.length) {
      var links = el("div", "links");
      c.links.forEach(function (l) {
        var a = el("a", "", "Open " + l[0] + (c.passage ? " at the passage" : ""));
        a.href = l[1]; a.rel = "noopener noreferrer"; a.target = "_blank";
        a.setAttribute("data-plain", l[1].split(":~:")[0].replace(/#$/, ""));  // for print
        add(links, a);
      });
      add(s, links);
    }
    if (c.reason) {
      var cat = c.category && c.reason.toLowerCase().indexOf(c.category) !== 0 ? c.category + ": " : "";
      add(s, el("p", "reason", cat + c.reason));
    }
    var sbs = el("div", "sbs");
    var q = el("div", "quote");
    add(q, el("h5", "", "Quote (claim file)"), add(el("p"), marked(c.quote, c.quoteMarks)));
    add(sbs, q);
    if (c.passage) {
      var p = c.passage;
      var src = el("div", "passage");
      add(src, el("h5", "", "Source passage (characters " + p.start + "–" + p.end + ")"));
      add(src, add(el("p"), el("span", "ctx", (p.before ? "…" : "") + context(p.before)),
        add(el("span", "hit"), marked(p.text, p.marks)), el("span", "ctx", context(p.after) + (p.after ? "…" : ""))));
      add(sbs, src);
    } else {
      add(sbs, add(el("div", "passage"), el("h5", "", "Source passage"), el("p", "", c.verdict === "unreachable"
        ? "The source could not be read, so nothing was compared." : "No passage of the source is close enough to the quote.")));
    }
    add(s, sbs);
    if (c.differences.length) add(s, diffTable(c.differences));
    return s;
  }

  function figures(f) {
    var t = el("table", "figs");
    var head = el("tr");
    ["figure", "interval", "source", "claim"].forEach(function (x) { var th = el("th", "", x); th.scope = "col"; add(head, th); });
    add(t, add(el("thead"), head));
    var body = el("tbody");
    f.figures.forEach(function (g) {
      var lo = g.low === null || g.low === undefined ? "…" : g.low.toLocaleString("en");
      var hi = g.high === null || g.high === undefined ? "…" : g.high.toLocaleString("en");
      var range = lo === hi ? lo : lo + " – " + hi;
      add(body, add(el("tr"), el("td", "", g.text), el("td", "", range), el("td", "", g.source),
        add(el("td"), g.claim ? claimLink(String(g.claim)) : null)));
    });
    return add(t, body);
  }

  function finding(f) {
    var li = el("li", "sev-" + f.severity);
    add(li, el("span", "sev", f.severity), " ", el("code", "", f.kind), " ",
      f.citation !== null && f.citation !== undefined ? "[citation " + (f.citation + 1) + "] " : "",
      f.message);
    if (f.accepted) add(li, " ", el("span", "accepted", "accepted: " + f.accepted));
    if (f.other) add(li, " · other claim: ", claimLink(String(f.other)));
    if (f.figures.length) add(li, figures(f));
    return li;
  }

  function claim(c) {
    var a = el("article", "claim st-" + c.status);
    a.id = "claim-" + c.id;
    a.tabIndex = -1;
    var head = el("div", "claimhead");
    var h = el("h3");
    add(h, claimLink(c.id));
    add(head, el("span", "badge st-" + c.status, c.label), h, el("span", "loc", c.file + ":" + c.line));
    add(a, head, el("p", "statement", c.statement));
    c.citations.forEach(function (x) { add(a, citation(x)); });
    if (c.findings.length) {
      add(a, el("h4", "", "Findings (" + c.findings.length + ")"));
      var ul = el("ul", "findings");
      c.findings.forEach(function (f) { add(ul, finding(f)); });
      add(a, ul);
    }
    return a;
  }

  function haystack(c) {
    var parts = [c.id, c.statement, c.file];
    c.citations.forEach(function (x) { parts.push(x.quote, x.where, x.reason || ""); });
    c.findings.forEach(function (f) { parts.push(f.kind, f.message); });
    return parts.join("\n").toLowerCase();
  }

  function ticked(name) {
    return Array.prototype.map.call(form.querySelectorAll("input[name=" + name + "]:checked"),
      function (i) { return i.value; });
  }

  function anyOf(wanted, values) {
    if (!wanted.length) return true;
    for (var i = 0; i < values.length; i++) if (wanted.indexOf(values[i]) >= 0) return true;
    return false;
  }

  function applyFilters() {
    var status = ticked("status"), verdict = ticked("verdict"), kind = ticked("kind");
    var source = form.elements.source.value;
    var words = form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length && !haystacks) haystacks = claims.map(haystack);
    state.matching = [];
    claims.forEach(function (c, i) {
      if (status.length && status.indexOf(c.status) < 0) return;
      if (!anyOf(verdict, c.citations.map(function (x) { return x.verdict; }))) return;
      if (!anyOf(kind, c.findings.map(function (f) { return f.kind; }))) return;
      if (source && !anyOf([source], c.citations.map(function (x) { return x.where; }))) return;
      for (var w = 0; w < words.length; w++) if (haystacks[i].indexOf(words[w]) < 0) return;
      state.matching.push(i);
    });
    state.page = 0;
    draw();
  }

  function draw(all) {
    var pages = Math.max(1, Math.ceil(state.matching.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    var from = all ? 0 : state.page * PAGE;
    var upto = all ? state.matching.length : Math.min(state.matching.length, from + PAGE);
    var frag = document.createDocumentFragment();
    for (var i = from; i < upto; i++) frag.appendChild(claim(claims[state.matching[i]]));
    list.replaceChildren(frag);
    var n = state.matching.length;
    shown.textContent = n === claims.length ? n + " claims." : n + " of " + claims.length + " claims match the filters.";
    if (n && !all && pages > 1) shown.textContent += " Showing " + (from + 1) + "–" + upto + ".";
    document.querySelectorAll(".pageinfo").forEach(function (s) { s.textContent = "Page " + (state.page + 1) + " of " + pages; });
    document.querySelectorAll("[data-page=prev]").forEach(function (b) { b.disabled = state.page === 0; });
    document.querySelectorAll("[data-page=next]").forEach(function (b) { b.disabled = state.page >= pages - 1; });
  }

  function goToClaim(id) {
    var i = -1;
    for (var k = 0; k < claims.length; k++) if (claims[k].id === id) { i = k; break; }
    if (i < 0) return;
    var pos = state.matching.indexOf(i);
    if (pos < 0) {  // filtered out: clear the filters (without the reset event's redraw)
      form.querySelectorAll("input[type=checkbox]").forEach(function (b) { b.checked = false; });
      form.elements.source.value = "";
      form.elements.q.value = "";
      state.matching = claims.map(function (_, j) { return j; });
      pos = i;
    }
    state.page = Math.floor(pos / PAGE);
    draw();
    var target = document.getElementById("claim-" + id);
    if (target) { target.scrollIntoView(); target.focus({ preventScroll: true }); }
  }

  function fromHash() {
    var h = location.hash;
    if (h.indexOf("#claim-") === 0) {
      try { goToClaim(decodeURIComponent(h.slice(7))); } catch (e) { /* a malformed hash: stay */ }
    }
  }

  var timer = null;
  form.addEventListener("submit", function (e) { e.preventDefault(); applyFilters(); });
  form.addEventListener("change", applyFilters);
  form.addEventListener("input", function (e) {
    if (e.target.name !== "q") return;
    clearTimeout(timer);
    timer = setTimeout(applyFilters, 120);
  });
  form.addEventListener("reset", function () { setTimeout(applyFilters, 0); });
  document.querySelectorAll("[data-page]").forEach(function (b) {
    b.addEventListener("click", function () {
      state.page += b.getAttribute("data-page") === "next" ? 1 : -1;
      draw();
      document.getElementById("claims").focus();
    });
  });
  window.addEventListener("hashchange", fromHash);
  // A printed audit holds every claim that matches the filters, not one page of them.
  window.addEventListener("beforeprint", function () { draw(true); });
  window.addEventListener("afterprint", function () { draw(); });
  draw();
  fromHash();
  document.documentElement.setAttribute("data-ready", "1");
})();
