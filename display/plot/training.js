// The script of a Training's widget, called with the widget's element and
// lgPlayer. It turns the still drawing into the data alone, over a layer
// that shows each frame's decision regions, adds a marker to each panel of
// the curves, and plays the frames.
function (root, lgPlayer) {
  var frames = root.querySelectorAll(".lg-training-frame"), n = frames.length;
  function box(el, s) {
    var b = s.split(",");
    el.style.position = "absolute";
    el.style.left = b[0] + "%"; el.style.top = b[1] + "%";
    el.style.width = b[2] + "%"; el.style.height = b[3] + "%";
    return el;
  }
  // Each drawing must fill its box exactly, for the layers over it to line
  // up: no inline gap below it, and none of the margins that a notebook's
  // style sheet gives to images.
  function fill(img) {
    img.style.display = "block";
    img.style.margin = "0";
    return img;
  }
  var still = fill(root.querySelector(".lg-training-still"));
  var regions = fill(box(document.createElement("img"), still.parentNode.getAttribute("data-box")));
  regions.className = "lg-training-regions";
  regions.alt = "";
  still.parentNode.insertBefore(regions, still);
  still.style.position = "relative"; // above the regions
  still.src = root.querySelector(".lg-training-data").getAttribute("data-src");
  var curves = fill(root.querySelector(".lg-training-curves")).parentNode;
  var markers = curves.getAttribute("data-boxes").split(";").map(function (s) {
    var m = box(document.createElement("div"), s);
    m.className = "lg-training-marker";
    m.style.width = "0";
    m.style.borderLeft = "2px solid rgba(214, 39, 40, 0.8)";
    curves.appendChild(m);
    return m;
  });
  root.querySelector(".lg-training-caption").style.display = "none";
  lgPlayer(root, root.querySelector(".lg-training-view"), n, n - 1, 400, function (k) {
    var f = frames[k];
    regions.src = f.getAttribute("data-src");
    markers.forEach(function (m) { m.style.left = f.getAttribute("data-x") + "%"; });
    root.setAttribute("data-frame", k);
    root.setAttribute("data-step", f.getAttribute("data-step"));
    return f.getAttribute("data-caption");
  });
}
