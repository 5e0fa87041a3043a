// lgPlayer turns a widget of littlegrad into a player of its n steps: it
// inserts, in root before the element at, a bar of controls (<div
// class="lg-controls"> with buttons .lg-prev, .lg-play and .lg-next and an
// <input class="lg-slider">) and a <div class="lg-caption">. show(k) must
// show step k and return its caption. Play shows one step every interval
// milliseconds, from the first step if the last is showing, and its button
// then pauses. The player starts at step start. It uses nothing but the
// DOM, so it runs in any notebook front end that runs scripts and in HTML
// exported by nbconvert.
function lgPlayer(root, at, n, start, interval, show) {
  var bar = document.createElement("div"), timer = null, step = 0;
  bar.className = "lg-controls";
  bar.style.cssText = "display:flex;align-items:center;gap:6px;margin:4px 0";
  function button(cls, text, title) {
    var b = document.createElement("button");
    b.type = "button"; b.className = cls; b.textContent = text; b.title = title;
    bar.appendChild(b);
    return b;
  }
  var prev = button("lg-prev", "\u25c0", "previous step");
  var play = button("lg-play", "\u25b6 play", "play every step");
  var next = button("lg-next", "\u25b6", "next step");
  var slider = document.createElement("input");
  slider.type = "range"; slider.className = "lg-slider";
  slider.min = 0; slider.max = n - 1; slider.step = 1;
  slider.style.cssText = "flex:1;max-width:400px";
  bar.appendChild(slider);
  var caption = document.createElement("div");
  caption.className = "lg-caption";
  caption.style.cssText = "font-family:monospace;margin:4px 0";
  root.insertBefore(bar, at);
  root.insertBefore(caption, at);
  function go(k) {
    step = Math.max(0, Math.min(n - 1, k));
    slider.value = step;
    caption.textContent = show(step);
  }
  function stop() {
    if (timer) { clearInterval(timer); timer = null; }
    play.textContent = "\u25b6 play";
  }
  prev.onclick = function () { stop(); go(step - 1); };
  next.onclick = function () { stop(); go(step + 1); };
  slider.oninput = function () { stop(); go(+slider.value); };
  play.onclick = function () {
    if (timer) { stop(); return; }
    if (step >= n - 1) go(0);
    play.textContent = "pause"; // a word: common fonts lack the glyph U+23F8
    timer = setInterval(function () {
      if (step >= n - 1) { stop(); return; }
      go(step + 1);
    }, interval);
  };
  go(start);
}

// lgFind calls f with an element whose id is given, once, as soon as it is
// in the document: Jupyter Notebook may run an output's script before it
// puts the output in the page. A widget's id comes from its content, so
// identical widgets share it: each script takes the first such element that
// no script took yet (data-ready marks those), which shows what its own
// would.
function lgFind(id, f) {
  var tries = 0;
  (function look() {
    var el = document.querySelector('[id="' + id + '"]:not([data-ready])');
    if (!el) {
      if (tries++ < 100) setTimeout(look, 100);
      return;
    }
    el.setAttribute("data-ready", "1");
    f(el);
  })();
}
