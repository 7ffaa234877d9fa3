// Site search for the default theme. It reads the static index `blog` writes under /search/
// (see crates/search/src/lib.rs): index.json once, then only the term chunks a query needs and the
// note fragments of the results shown. Query words are split by the same rules as the
// indexer (crates/search/src/tokens.rs): Chinese into pairs of characters, identifiers whole or by
// parts. The header box shows results as you type; a page with `.search-page` (the /search/
// page) shows them for its `?q=`.
(function () {
  'use strict';
  var form = document.querySelector('form.site-search');
  if (!form) return;
  var base = form.getAttribute('data-search-index');
  var zh = (document.documentElement.lang || '').indexOf('zh') === 0;
  var index = null;
  var chunks = {};
  var fragments = {};

  function get(path) {
    return fetch(base + path).then(function (r) {
      if (!r.ok) throw new Error(base + path + ': ' + r.status);
      return r.json();
    });
  }
  function loadIndex() {
    if (!index) index = get('index.json');
    return index;
  }
  function v(meta) { return '?v=' + meta.version; }
  function chunk(meta, n) {
    if (!chunks[n]) chunks[n] = get('c/' + meta.names[n] + '.json' + v(meta));
    return chunks[n];
  }
  function fragment(meta, id) {
    if (!fragments[id]) fragments[id] = get('f/' + id + '.json' + v(meta));
    return fragments[id];
  }

  // ----- query words (mirrors tokens.rs) -----
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/;
  var WORD = /[\p{L}\p{N}_]/u;
  var JOIN = /[./-]/;
  function parts(piece) {
    var out = [];
    piece.split('_').forEach(function (c) {
      if (c) c.replace(/([a-z0-9])(?=[A-Z])|([A-Z])(?=[A-Z][a-z]{2})/g, '$1$2\u0000')
        .split('\u0000').forEach(function (p) { if (p.length > 1) out.push(p.toLowerCase()); });
    });
    return out;
  }
  // A query is a list of groups; a note must match every group. A group is one term,
  // possibly as a prefix (the word being typed), with parts to fall back on.
  function groups(q) {
    var out = [];
    var chars = Array.from(q);
    var i = 0;
    while (i < chars.length) {
      var c = chars[i];
      if (CJK.test(c)) {
        var s = i;
        while (i < chars.length && CJK.test(chars[i])) i++;
        var run = chars.slice(s, i);
        if (run.length === 1) out.push({ term: run[0], prefix: true, raw: run[0] });
        // The pairs that tile the run (`准入`, `控制` of `准入控制`) are its words as far as
        // we can tell without a dictionary: a note needs half of them, and ranks higher
        // with more. The pairs across them (`入控`) only add to the score, since a word
        // boundary may fall there.
        for (var k = 0; k + 1 < run.length; k++) {
          var soft = k % 2 === 1 && k !== run.length - 2;
          out.push({ term: run[k] + run[k + 1], raw: run.join(''), soft: soft, run: s });
        }
      } else if (WORD.test(c)) {
        var st = i;
        while (i < chars.length && (WORD.test(chars[i]) || JOIN.test(chars[i]))) i++;
        var word = chars.slice(st, i).join('').replace(/[./-]+$/, '');
        var fallback = [];
        word.split(JOIN).forEach(function (p) { fallback = fallback.concat(parts(p)); });
        out.push({ term: word.toLowerCase(), raw: word, parts: fallback.length > 1 ? fallback : [] });
      } else i++;
    }
    // The last word is still being typed: match it as a prefix too.
    var last = out[out.length - 1];
    if (last && !/\s$/.test(q)) last.prefix = true;
    return out;
  }

  // ----- lookup and ranking -----
  function chunkOf(meta, term) {
    var lo = 0, hi = meta.chunks.length - 1, at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (meta.chunks[mid] <= term) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return at;
  }
  // Postings of a term, with those of terms it begins when it is a prefix (worth less).
  function postings(meta, term, prefix) {
    var first = chunkOf(meta, term);
    var wanted = [first];
    if (prefix) {
      for (var n = first + 1; n < meta.chunks.length && meta.chunks[n].indexOf(term) === 0; n++) wanted.push(n);
    }
    return Promise.all(wanted.map(function (n) { return chunk(meta, n); })).then(function (cs) {
      var out = [];
      cs.forEach(function (c) {
        if (c[term]) out.push({ list: c[term], factor: 1 });
        if (!prefix) return;
        var more = 0;
        for (var t in c) {
          if (t !== term && t.indexOf(term) === 0 && more++ < 40) out.push({ list: c[t], factor: 0.5 });
        }
      });
      return out;
    });
  }
  // For one group: note -> {score, secs: {section: weight}}.
  function groupHits(meta, g) {
    return postings(meta, g.term, g.prefix).then(function (lists) {
      if (lists.length || !g.parts || !g.parts.length) return [byNote(lists, meta)];
      return Promise.all(g.parts.map(function (p) {
        return postings(meta, p, false).then(function (l) { return byNote(l, meta); });
      }));
    });
  }
  function byNote(lists, meta) {
    var notes = {};
    lists.forEach(function (p) {
      // Postings as crates/search writes them: the step from the last note id, then the
      // section, or -1 - section and the weight when the weight is not 1.
      var l = p.list, id = 0;
      for (var i = 0; i < l.length;) {
        id += l[i++];
        var sec = l[i++], weight = 1;
        if (sec < 0) { sec = -1 - sec; weight = l[i++]; }
        var n = notes[id] || (notes[id] = { w: 0, secs: {} });
        var w = weight * p.factor;
        n.w += w;
        n.secs[sec] = (n.secs[sec] || 0) + w;
      }
    });
    var df = Object.keys(notes).length;
    // BM25's idf, squared: a word most notes share counts for little, and the rare word of
    // a query (`准入` of `准入控制`) decides which note is about it.
    var idf = Math.pow(Math.log(1 + (meta.notes - df + 0.5) / (df + 0.5)), 2);
    for (var id in notes) notes[id].score = idf * Math.log(1 + notes[id].w);
    return notes;
  }
  function search(q, limit) {
    var gs = groups(q.trim() ? q : '');
    if (!gs.length) return Promise.resolve([]);
    return loadIndex().then(function (meta) {
      return Promise.all(gs.map(function (g) { return groupHits(meta, g); })).then(function (per) {
        var all = [], words = [], runs = {};
        per.forEach(function (hits, i) {
          all = all.concat(hits);
          if (gs[i].soft) return;
          if (gs[i].run === undefined) words = words.concat(hits);
          else (runs[gs[i].run] = runs[gs[i].run] || []).push(hits[0]);
        });
        var candidates = {};
        all.forEach(function (h) { for (var id in h) candidates[id] = true; });
        var ids = Object.keys(candidates).filter(function (id) {
          if (!words.every(function (h) { return h[id]; })) return false;
          return Object.keys(runs).every(function (r) {
            var pairs = runs[r];
            var have = pairs.filter(function (h) { return h[id]; }).length;
            return have * 2 >= pairs.length;
          });
        });
        var required = gs.filter(function (g) { return !g.soft; }).length;
        var ranked = ids.map(function (id) {
          // How much of the query one section holds: words side by side beat words
          // scattered over the note.
          var score = 0, secs = {}, together = {}, matched = 0;
          per.forEach(function (hits, i) {
            if (gs[i].soft || !hits.every(function (h) { return h[id]; })) return;
            var at = {};
            hits.forEach(function (h) { for (var s in h[id].secs) at[s] = true; });
            for (var s in at) matched = Math.max(matched, together[s] = (together[s] || 0) + 1);
          });
          all.forEach(function (h) {
            if (!h[id]) return;
            score += h[id].score;
            for (var s in h[id].secs) {
              var e = secs[s] || (secs[s] = { groups: 0, w: 0 });
              e.groups++; e.w += h[id].secs[s];
            }
          });
          // A note with more of the query's words ranks higher.
          score *= 0.5 + 0.5 * matched / required;
          return { id: +id, score: score, section: bestSection(secs) };
        }).sort(function (a, b) { return b.score - a.score || a.id - b.id; }).slice(0, limit);
        return Promise.all(ranked.map(function (r) {
          return fragment(meta, r.id).then(function (f) { r.note = f; return r; });
        }));
      });
    }).then(function (results) {
      var words = highlightWords(gs);
      return results.map(function (r) { return present(r, words); });
    });
  }
  // The section holding most of the query, then the heaviest; section 0 is the title, the
  // answer only when nothing below it matches.
  function bestSection(secs) {
    var best = 0, key = [-1, -1];
    Object.keys(secs).forEach(function (s) {
      var k = [s === '0' ? -1 : secs[s].groups, secs[s].w];
      if (k[0] > key[0] || (k[0] === key[0] && k[1] > key[1])) { best = +s; key = k; }
    });
    return key[0] < 0 ? 0 : best;
  }

  // ----- showing results -----
  function highlightWords(gs) {
    var words = [];
    gs.forEach(function (g) {
      words.push(g.raw.toLowerCase());
      if (g.run !== undefined && !g.soft) words.push(g.term);
      (g.parts || []).forEach(function (p) { words.push(p); });
    });
    return words.filter(function (w, i) { return w && words.indexOf(w) === i; })
      .sort(function (a, b) { return b.length - a.length; });
  }
  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; });
  }
  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }
  function mark(text, words) {
    if (!words.length) return escapeHtml(text);
    var re = new RegExp(words.map(escapeRe).join('|'), 'gi');
    var out = '', last = 0, m;
    while ((m = re.exec(text))) {
      if (!m[0]) { re.lastIndex++; continue; }
      out += escapeHtml(text.slice(last, m.index)) + '<mark>' + escapeHtml(m[0]) + '</mark>';
      last = m.index + m[0].length;
    }
    return out + escapeHtml(text.slice(last));
  }
  function snippet(text, words) {
    var lower = text.toLowerCase(), at = -1;
    words.forEach(function (w) {
      var i = lower.indexOf(w);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    });
    var start = Math.max(0, at - 40);
    var piece = text.slice(start, start + 140);
    return (start > 0 ? '…' : '') + mark(piece, words) + (start + 140 < text.length ? '…' : '');
  }
  function present(r, words) {
    var s = r.note.sections[r.section] || ['', '', ''];
    var text = s[2] || (r.note.sections[1] || ['', '', ''])[2] || '';
    return {
      url: r.note.url + (s[1] ? '#' + s[1] : ''),
      title: mark(r.note.title, words),
      heading: r.section > 0 && s[0] ? mark(s[0], words) : '',
      snippet: snippet(text, words),
    };
  }
  function resultHtml(r, i, selected) {
    return '<li role="option" id="search-result-' + i + '"' + (i === selected ? ' aria-selected="true"' : '') + '>' +
      '<a href="' + escapeHtml(r.url) + '"><span class="search-title">' + r.title + '</span>' +
      (r.heading ? '<span class="search-heading">' + r.heading + '</span>' : '') +
      '<span class="search-snippet">' + r.snippet + '</span></a></li>';
  }
  var noResults = zh ? '没有找到' : 'No results';

  // ----- the header box -----
  var input = form.querySelector('input[name=q]');
  var box = document.createElement('ul');
  box.className = 'search-results';
  box.setAttribute('role', 'listbox');
  box.hidden = true;
  form.appendChild(box);
  var shown = [], selected = -1, asked = 0;

  function render() {
    box.innerHTML = shown.length
      ? shown.map(function (r, i) { return resultHtml(r, i, selected); }).join('')
      : '<li class="search-empty">' + noResults + '</li>';
    box.hidden = !input.value.trim();
    input.setAttribute('aria-activedescendant', selected >= 0 ? 'search-result-' + selected : '');
  }
  function run() {
    var q = input.value, n = ++asked;
    if (!q.trim()) { shown = []; box.hidden = true; return; }
    search(q, 8).then(function (results) {
      if (n !== asked) return; // a newer query is on its way
      shown = results; selected = results.length ? 0 : -1;
      render();
    }).catch(function (e) { console.warn('search:', e); });
  }
  var timer = 0;
  input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(run, 60); });
  input.addEventListener('focus', function () { if (input.value.trim()) run(); });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!shown.length) return;
      e.preventDefault();
      selected = (selected + (e.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length;
      render();
    } else if (e.key === 'Enter' && selected >= 0 && shown[selected] && !box.hidden) {
      e.preventDefault();
      location.href = shown[selected].url;
    } else if (e.key === 'Escape') {
      box.hidden = true;
      input.blur();
    }
  });
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
  document.addEventListener('click', function (e) { if (!form.contains(e.target)) box.hidden = true; });

  // ----- the /search/ page -----
  var page = document.querySelector('.search-page');
  if (page) {
    var pageInput = page.querySelector('input[name=q]');
    var list = page.querySelector('.search-page-results');
    var runPage = function () {
      var q = pageInput.value;
      if (!q.trim()) { list.innerHTML = ''; return; }
      search(q, 30).then(function (results) {
        if (pageInput.value !== q) return;
        list.innerHTML = results.length
          ? results.map(function (r, i) { return resultHtml(r, i, -1); }).join('')
          : '<li class="search-empty">' + noResults + '</li>';
      });
    };
    pageInput.value = new URLSearchParams(location.search).get('q') || '';
    pageInput.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(runPage, 60); });
    page.addEventListener('submit', function (e) {
      e.preventDefault();
      history.replaceState(null, '', '?q=' + encodeURIComponent(pageInput.value));
      runPage();
    });
    runPage();
  }
  window.blogSearch = search;
})();
