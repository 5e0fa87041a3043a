// The script of BackwardHTML's widget, called with the widget's element
// and lgPlayer: it shows one step at a time, each step a <details
// class="lg-frame"> that it opens, and keeps the widget's data-step and
// data-node on the step shown.
function (root, lgPlayer) {
  var frames = root.querySelectorAll(".lg-frame"), n = frames.length;
  lgPlayer(root, frames[0], n, 0, 1000, function (k) {
    for (var i = 0; i < n; i++) {
      frames[i].open = true;
      frames[i].style.display = i === k ? "" : "none";
      frames[i].querySelector(".lg-frame-caption").style.display = "none";
    }
    root.setAttribute("data-step", k);
    root.setAttribute("data-node", frames[k].getAttribute("data-node"));
    return frames[k].querySelector(".lg-frame-caption").textContent;
  });
}
