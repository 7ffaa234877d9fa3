// The default theme's only script: a copy button on every code block, and the current
// heading marked in the table of contents. No framework and no network requests.
(function () {
  "use strict";

  var zh = /^zh/i.test(document.documentElement.lang || "");
  var LABEL = zh ? "复制" : "Copy";
  var DONE = zh ? "已复制" : "Copied";
  var FAILED = zh ? "复制失败" : "Failed";

  // The text of a code block without line numbers. Line numbers are CSS content, but
  // innerText also turns each block-level line into its own newline, so lines are read
  // one by one from the DOM when the renderer marked them.
  function codeText(code) {
    var lines = code.querySelectorAll(".line");
    if (!lines.length) return code.textContent.replace(/\n$/, "");
    return Array.prototype.map
      .call(lines, function (line) {
        return line.textContent.replace(/\r?\n$/, "");
      })
      .join("\n");
  }

  // navigator.clipboard needs a secure context; plain http on a LAN address falls back to
  // a hidden textarea and execCommand.
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      document.body.removeChild(area);
      if (ok) resolve();
      else reject(new Error("copy failed"));
    });
  }

  function button(code) {
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "copy-btn";
    btn.textContent = LABEL;
    btn.setAttribute("aria-label", LABEL);
    var timer;
    btn.addEventListener("click", function () {
      function show(label, cls) {
        btn.textContent = label;
        btn.classList.toggle("copied", cls);
        clearTimeout(timer);
        timer = setTimeout(function () {
          btn.textContent = LABEL;
          btn.classList.remove("copied");
        }, 1500);
      }
      copy(codeText(code)).then(
        function () {
          show(DONE, true);
        },
        function () {
          show(FAILED, false);
        }
      );
    });
    return btn;
  }

  function addCopyButtons() {
    document.querySelectorAll("figure.code").forEach(function (fig) {
      var code = fig.querySelector("pre code") || fig.querySelector("pre");
      if (!code) return;
      var caption = fig.querySelector("figcaption.code-title");
      // With a file tab the button sits at the end of the tab bar, off the code.
      if (caption) caption.appendChild(button(code));
      else fig.appendChild(button(code));
    });
    document.querySelectorAll("pre").forEach(function (pre) {
      if (pre.closest("figure.code")) return;
      var wrap = document.createElement("div");
      wrap.className = "code-wrap";
      pre.parentNode.insertBefore(wrap, pre);
      wrap.appendChild(pre);
      wrap.appendChild(button(pre.querySelector("code") || pre));
    });
  }

  // Marks the TOC link of the last heading scrolled past, when the TOC is beside the text.
  function followToc() {
    var links = document.querySelectorAll(".toc a[href^='#']");
    if (!links.length || !("IntersectionObserver" in window)) return;
    var byId = {};
    var headings = [];
    links.forEach(function (a) {
      var id = decodeURIComponent(a.getAttribute("href").slice(1));
      var h = document.getElementById(id);
      if (h) {
        byId[id] = a;
        headings.push(h);
      }
    });
    var current;
    function mark() {
      var top = null;
      for (var i = 0; i < headings.length; i++) {
        if (headings[i].getBoundingClientRect().top < 120) top = headings[i];
        else break;
      }
      var link = top ? byId[top.id] : null;
      if (link === current) return;
      if (current) current.classList.remove("active");
      if (link) link.classList.add("active");
      current = link;
    }
    var observer = new IntersectionObserver(mark, { rootMargin: "0px 0px -70% 0px" });
    headings.forEach(function (h) {
      observer.observe(h);
    });
    mark();
  }

  function init() {
    addCopyButtons();
    followToc();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
