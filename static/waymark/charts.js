// Chart downloads as PNG, drawn from the page's own SVG onto a canvas (nothing leaves the
// browser), and print buttons. Details elements open before printing so tables print too.
(function () {
  "use strict";

  function svgToPng(svg, filename) {
    var clone = svg.cloneNode(true);
    clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    var box = svg.viewBox.baseVal;
    var width = (box && box.width) || svg.clientWidth;
    var height = (box && box.height) || svg.clientHeight;
    var scale = 2;
    var source = new XMLSerializer().serializeToString(clone);
    var url = URL.createObjectURL(new Blob([source], { type: "image/svg+xml;charset=utf-8" }));
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = width * scale;
      canvas.height = height * scale;
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(url);
      canvas.toBlob(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = filename;
        document.body.appendChild(link);
        link.click();
        link.remove();
      }, "image/png");
    };
    image.src = url;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-png-for]");
    if (button) {
      var figure = document.getElementById(button.getAttribute("data-png-for"));
      var svg = figure && figure.querySelector("svg.wm-chart");
      if (svg) svgToPng(svg, button.getAttribute("data-png-name"));
      return;
    }
    if (event.target.closest("[data-print]")) window.print();
  });

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (details) {
      if (!details.open) {
        details.open = true;
        details.setAttribute("data-opened-for-print", "");
      }
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-opened-for-print]").forEach(function (details) {
      details.open = false;
      details.removeAttribute("data-opened-for-print");
    });
  });
})();
