(function () {
  // Injected by `blog serve`; not part of the built site.
  var generation = __GENERATION__;
  var overlayId = "__blog-build-error";
  if (!window.EventSource) return;
  var events = new EventSource("/__blog/events");
  function data(e) {
    try { return JSON.parse(e.data); } catch (_) { return {}; }
  }
  events.addEventListener("hello", function (e) {
    if (data(e).generation !== generation) location.reload();
  });
  events.addEventListener("reload", function () {
    location.reload();
  });
  events.addEventListener("css", function (e) {
    generation = data(e).generation;
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("__blog", String(generation));
      link.href = url.toString();
    });
  });
  events.addEventListener("build-error", function (e) {
    showErrors(data(e).errors || []);
  });
  events.addEventListener("build-ok", hideErrors);

  function hideErrors() {
    var old = document.getElementById(overlayId);
    if (old) old.parentNode.removeChild(old);
  }
  function showErrors(errors) {
    hideErrors();
    var box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    box.style.cssText =
      "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "margin:0;padding:1em 1.5em;background:#2b0b0b;color:#ffe9e9;border-top:4px solid #e5484d;" +
      "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left";
    var title = document.createElement("div");
    title.style.cssText = "font-weight:bold;margin-bottom:.5em";
    title.textContent = "Build failed: still showing the last good build";
    box.appendChild(title);
    errors.forEach(function (err) {
      var where = document.createElement("div");
      where.className = "where";
      where.style.cssText = "color:#ffb4b4";
      where.textContent = (err.file || "") + (err.line ? ":" + err.line : "");
      var message = document.createElement("pre");
      message.className = "message";
      message.style.cssText = "white-space:pre-wrap;margin:.25em 0 1em";
      message.textContent = err.message;
      if (where.textContent) box.appendChild(where);
      box.appendChild(message);
    });
    var close = document.createElement("button");
    close.textContent = "×";
    close.title = "Hide until the next build";
    close.style.cssText = "position:absolute;top:.5em;right:.75em;background:none;border:0;color:inherit;font-size:20px;cursor:pointer";
    close.onclick = hideErrors;
    box.appendChild(close);
    (document.body || document.documentElement).appendChild(box);
  }
})();
