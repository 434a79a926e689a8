/* Proofroom review pages: the comparison of two versions (data-proofroom="compare").
 *
 * Modes (radios with data-proofroom-mode; the root's data-mode holds the current one):
 *   side   both versions side by side, one zoom and pan for both (wheel with Ctrl or
 *          pinch, +/- buttons, drag to pan once zoomed);
 *   swipe  the right version over the left, a range input moves the split;
 *   onion  the right version over the left, a range input sets its opacity;
 *   diff   the difference image made at build time for the chosen pair, if any.
 * The server renders side by side with the mode controls hidden: without this script the
 * page still shows the previous and current versions.
 *
 * No dependency but proofroom.js (its each and onPage), no request of its own. Data only
 * ever goes through setAttribute and
 * textContent (never an HTML parser), so file names and commit messages stay text. Runs on
 * DOMContentLoaded and on each page of Material's instant navigation (document$);
 * initialising a comparison twice is a no-op.
 */
(function () {
  "use strict";

  var MODES = ["side", "swipe", "onion", "diff"];
  var MAX_ZOOM = 8;
  var STEP = 1.5; // one press of + or -

  var each = window.proofroom.each;

  function setOrRemove(el, name, value) {
    if (value) {
      el.setAttribute(name, value);
    } else {
      el.removeAttribute(name);
    }
  }

  function paneFor(root, side) {
    var panes = root.querySelectorAll(".proofroom-compare__pane");
    for (var i = 0; i < panes.length; i++) {
      if (panes[i].getAttribute("data-side") === side) {
        return panes[i];
      }
    }
    return null;
  }

  function selectFor(root, side) {
    var selects = root.querySelectorAll("select[data-proofroom-side]");
    for (var i = 0; i < selects.length; i++) {
      if (selects[i].getAttribute("data-proofroom-side") === side) {
        return selects[i];
      }
    }
    return null;
  }

  /* ------------------------------------------------------------ versions */

  /* Show the option chosen in one select in the pane of the same side. */
  function show(root, select) {
    var option = select.options[select.selectedIndex];
    var pane = paneFor(root, select.getAttribute("data-proofroom-side"));
    if (!option || !pane) {
      return;
    }
    var img = pane.querySelector("img");
    var caption = pane.querySelector("figcaption");
    var label = option.getAttribute("data-label") || option.textContent;
    if (img) {
      var base = root.getAttribute("data-alt") || "";
      img.setAttribute("src", option.getAttribute("data-display") || "");
      img.setAttribute("alt", base ? base + " (" + label + ")" : label);
      setOrRemove(img, "width", option.getAttribute("data-width"));
      setOrRemove(img, "height", option.getAttribute("data-height"));
    }
    var video = pane.querySelector("video"); // a video's pane: its poster until played
    if (video) {
      var name = root.getAttribute("data-alt") || "";
      var src = option.getAttribute("data-video");
      setOrRemove(video, "poster", option.getAttribute("data-display"));
      if ((video.getAttribute("src") || "") !== (src || "")) {
        setOrRemove(video, "src", src); // only on a change: a reload would stop playback
        if (!src) {
          video.load(); // removing src alone keeps the old video
        }
      }
      video.setAttribute("aria-label", name ? name + " (" + label + ")" : label);
      setOrRemove(video, "width", option.getAttribute("data-width"));
      setOrRemove(video, "height", option.getAttribute("data-height"));
    }
    if (caption) {
      caption.textContent = label;
    }
    pane.setAttribute("data-version", option.value);
    showPage(root, pane, label);
  }

  /* ------------------------------------------------------------ PDF pages */

  /* The chosen page of a PDF's comparison, or null when it has no page selector. */
  function currentPage(root) {
    var select = root.querySelector("select[data-proofroom-page]");
    var page = select ? parseInt(select.value, 10) : NaN;
    return isNaN(page) ? null : page;
  }

  function samePage(el, page) {
    return page === null || parseInt(el.getAttribute("data-page"), 10) === page;
  }

  /* Show the chosen page of the pane's version, or say that the version has no such page. */
  function showPage(root, pane, label) {
    var page = currentPage(root);
    var img = pane.querySelector("img");
    if (page === null || !img) {
      return;
    }
    var version = pane.getAttribute("data-version");
    var entry = null;
    each(root.querySelectorAll("[data-proofroom-page-image]"), function (el) {
      if (el.getAttribute("data-version") === version && samePage(el, page)) {
        entry = el;
      }
    });
    var holder = root.querySelector("[data-proofroom-pages]");
    var text = entry
      ? entry.getAttribute("data-text") || ""
      : (holder && holder.getAttribute("data-no-page")) || "";
    if (entry) {
      var base = root.getAttribute("data-alt") || "";
      img.setAttribute("src", entry.getAttribute("data-src") || "");
      img.setAttribute("alt", (base ? base + " " : "") + "(" + label + ", " + text + ")");
      setOrRemove(img, "width", entry.getAttribute("data-width"));
      setOrRemove(img, "height", entry.getAttribute("data-height"));
    }
    img.hidden = !entry;
    pane.setAttribute("data-page", String(page));
    var caption = pane.querySelector("figcaption");
    if (caption) {
      caption.textContent = label + " · " + text;
    }
  }

  function number(select) {
    return select ? parseInt(select.value, 10) : NaN;
  }

  /* The difference image of the chosen pair (older first), or the "none" note. */
  function showDiff(root) {
    var view = root.querySelector('[data-proofroom-view="diff"]');
    if (!view) {
      return;
    }
    var a = number(selectFor(root, "left"));
    var b = number(selectFor(root, "right"));
    var older = Math.min(a, b);
    var newer = Math.max(a, b);
    var page = currentPage(root); // of two PDFs: the chosen page's difference image
    var entry = null;
    each(view.querySelectorAll("[data-proofroom-diff]"), function (el) {
      if (
        parseInt(el.getAttribute("data-older"), 10) === older &&
        parseInt(el.getAttribute("data-newer"), 10) === newer &&
        samePage(el, page)
      ) {
        entry = el;
      }
    });
    var img = view.querySelector("[data-proofroom-diff-image]");
    var changed = view.querySelector("[data-proofroom-changed]");
    var none = view.querySelector("[data-proofroom-no-diff]");
    view.setAttribute("data-older", isNaN(older) ? "" : String(older));
    view.setAttribute("data-newer", isNaN(newer) ? "" : String(newer));
    if (img) {
      if (entry) {
        img.setAttribute("src", entry.getAttribute("data-src") || "");
        img.setAttribute("alt", entry.getAttribute("data-alt") || "");
        setOrRemove(img, "width", entry.getAttribute("data-width"));
        setOrRemove(img, "height", entry.getAttribute("data-height"));
      }
      img.hidden = !entry;
    }
    if (changed) {
      changed.textContent = entry ? entry.getAttribute("data-text") || "" : "";
      changed.hidden = !entry;
    }
    if (none) {
      none.hidden = !!entry;
    }
  }

  /* ------------------------------------------------------------ modes */

  function setMode(root, mode) {
    if (MODES.indexOf(mode) < 0) {
      mode = "side";
    }
    root.setAttribute("data-mode", mode);
    each(root.querySelectorAll("[data-proofroom-mode]"), function (radio) {
      radio.checked = radio.getAttribute("data-proofroom-mode") === mode;
    });
    each(root.querySelectorAll("[data-proofroom-tools]"), function (tools) {
      tools.hidden = tools.getAttribute("data-proofroom-tools") !== mode;
    });
    each(root.querySelectorAll("[data-proofroom-view]"), function (view) {
      var name = view.getAttribute("data-proofroom-view");
      view.hidden = mode === "diff" ? name !== "diff" : name !== "panes";
    });
  }

  function applyRange(root, input) {
    var value = Math.max(0, Math.min(100, parseFloat(input.value) || 0));
    var name = input.getAttribute("data-proofroom-range") === "swipe" ? "split" : "opacity";
    root.style.setProperty("--proofroom-" + name, String(value));
  }

  /* ------------------------------------------------------------ zoom and pan */

  /* One state for both panes: the zoom factor and the offset in % of the picture, so
     panes of any pixel size stay aligned. transform: translate(x%, y%) scale(zoom),
     origin top left. */
  function Zoom(root) {
    this.root = root;
    this.zoom = 1;
    this.x = 0;
    this.y = 0;
  }

  Zoom.prototype.apply = function () {
    var limit = 100 * (1 - this.zoom);
    this.x = Math.min(0, Math.max(limit, this.x));
    this.y = Math.min(0, Math.max(limit, this.y));
    var style = this.root.style;
    style.setProperty("--proofroom-zoom", String(this.zoom));
    style.setProperty("--proofroom-x", String(this.x));
    style.setProperty("--proofroom-y", String(this.y));
    this.root.setAttribute("data-zoomed", this.zoom > 1 ? "true" : "false");
  };

  /* Zoom by factor, keeping the point (fx, fy) of the pane, as fractions, in place. */
  Zoom.prototype.by = function (factor, fx, fy) {
    var next = Math.max(1, Math.min(MAX_ZOOM, this.zoom * factor));
    var cx = (fx * 100 - this.x) / this.zoom;
    var cy = (fy * 100 - this.y) / this.zoom;
    this.x = fx * 100 - cx * next;
    this.y = fy * 100 - cy * next;
    this.zoom = next;
    this.apply();
  };

  Zoom.prototype.reset = function () {
    this.zoom = 1;
    this.x = 0;
    this.y = 0;
    this.apply();
  };

  function fraction(viewport, clientX, clientY) {
    var box = viewport.getBoundingClientRect();
    return {
      x: box.width ? (clientX - box.left) / box.width : 0.5,
      y: box.height ? (clientY - box.top) / box.height : 0.5,
      width: box.width || 1,
      height: box.height || 1,
    };
  }

  function pinchOf(points) {
    var dx = points[0].x - points[1].x;
    var dy = points[0].y - points[1].y;
    return {
      distance: Math.sqrt(dx * dx + dy * dy),
      x: (points[0].x + points[1].x) / 2,
      y: (points[0].y + points[1].y) / 2,
    };
  }

  /* The pointers on one pane's viewport: one drags (once zoomed in), two pinch. */
  function Viewport(root, viewport, zoom) {
    this.root = root;
    this.viewport = viewport;
    this.zoom = zoom;
    this.pointers = {};
    this.last = null; // the previous drag point, or the previous pinch (distance, centre)
  }

  Viewport.prototype.active = function () {
    var pointers = this.pointers;
    return Object.keys(pointers).map(function (id) {
      return pointers[id];
    });
  };

  Viewport.prototype.onWheel = function (event) {
    // A plain wheel scrolls the page, except while zoomed in (then it zooms back).
    if (this.root.getAttribute("data-mode") !== "side") {
      return;
    }
    if (!event.ctrlKey && !event.metaKey && this.zoom.zoom <= 1) {
      return;
    }
    event.preventDefault();
    var delta = event.deltaY * (event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1);
    var at = fraction(this.viewport, event.clientX, event.clientY);
    this.zoom.by(Math.exp(-delta * 0.002), at.x, at.y);
  };

  Viewport.prototype.onDown = function (event) {
    if (this.root.getAttribute("data-mode") !== "side" || event.button > 0) {
      return;
    }
    this.pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
    var points = this.active();
    if (points.length === 2) {
      this.last = pinchOf(points);
    } else if (points.length === 1) {
      this.last = { x: event.clientX, y: event.clientY };
    }
    if (points.length === 2 || this.zoom.zoom > 1) {
      event.preventDefault();
      if (this.viewport.setPointerCapture) {
        try {
          this.viewport.setPointerCapture(event.pointerId);
        } catch (e) {
          // the pointer went away already: nothing to capture
        }
      }
    }
  };

  Viewport.prototype.onMove = function (event) {
    var zoom = this.zoom;
    if (!(event.pointerId in this.pointers) || !this.last) {
      return;
    }
    this.pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
    var points = this.active();
    if (points.length >= 2) {
      var pinch = pinchOf(points);
      if (this.last.distance) {
        var at = fraction(this.viewport, pinch.x, pinch.y);
        zoom.by(pinch.distance / this.last.distance, at.x, at.y);
      }
      this.last = pinch;
    } else if (zoom.zoom > 1) {
      var box = fraction(this.viewport, event.clientX, event.clientY);
      zoom.x += ((event.clientX - this.last.x) / box.width) * 100;
      zoom.y += ((event.clientY - this.last.y) / box.height) * 100;
      zoom.apply();
      this.last = { x: event.clientX, y: event.clientY };
    }
  };

  Viewport.prototype.release = function (event) {
    delete this.pointers[event.pointerId];
    var points = this.active();
    this.last = points.length === 1 ? { x: points[0].x, y: points[0].y } : null;
  };

  function bindViewport(root, viewport, zoom) {
    var state = new Viewport(root, viewport, zoom);
    viewport.addEventListener(
      "wheel",
      function (event) {
        state.onWheel(event);
      },
      { passive: false }
    );
    viewport.addEventListener("pointerdown", function (event) {
      state.onDown(event);
    });
    viewport.addEventListener("pointermove", function (event) {
      state.onMove(event);
    });
    function release(event) {
      state.release(event);
    }
    viewport.addEventListener("pointerup", release);
    viewport.addEventListener("pointercancel", release);
    viewport.addEventListener("pointerleave", release); // never captured: forget it
    viewport.addEventListener("dragstart", function (event) {
      event.preventDefault(); // a drag pans; it never drags the picture out
    });
  }

  /* ------------------------------------------------------------ init */

  function initCompare(root) {
    if (root.getAttribute("data-proofroom-ready") === "true") {
      return;
    }
    root.setAttribute("data-proofroom-ready", "true");

    each(root.querySelectorAll("select[data-proofroom-side]"), function (select) {
      // A restored form (back button) may differ from the server default: resync.
      show(root, select);
      select.addEventListener("change", function () {
        show(root, select);
        showDiff(root);
      });
    });
    showDiff(root);

    each(root.querySelectorAll("select[data-proofroom-page]"), function (pages) {
      pages.addEventListener("change", function () {
        each(root.querySelectorAll("select[data-proofroom-side]"), function (select) {
          show(root, select);
        });
        showDiff(root);
      });
    });
    each(root.querySelectorAll("[data-proofroom-pages]"), function (label) {
      label.hidden = false; // the page selector only works with this script
    });

    var chosen = "side";
    each(root.querySelectorAll("[data-proofroom-mode]"), function (radio) {
      if (radio.checked) {
        chosen = radio.getAttribute("data-proofroom-mode");
      }
      radio.addEventListener("change", function () {
        if (radio.checked) {
          setMode(root, radio.getAttribute("data-proofroom-mode"));
        }
      });
    });
    each(root.querySelectorAll("[data-proofroom-modes]"), function (modes) {
      modes.hidden = false;
    });

    each(root.querySelectorAll("[data-proofroom-range]"), function (input) {
      applyRange(root, input);
      input.addEventListener("input", function () {
        applyRange(root, input);
      });
    });

    var zoom = new Zoom(root);
    zoom.apply();
    each(root.querySelectorAll("[data-proofroom-zoom]"), function (button) {
      button.addEventListener("click", function () {
        var action = button.getAttribute("data-proofroom-zoom");
        if (action === "reset") {
          zoom.reset();
        } else {
          // Around the middle of what the panes show now.
          zoom.by(action === "in" ? STEP : 1 / STEP, 0.5, 0.5);
        }
      });
    });
    each(root.querySelectorAll(".proofroom-compare__viewport"), function (viewport) {
      bindViewport(root, viewport, zoom);
    });

    setMode(root, chosen);
  }

  function init() {
    each(document.querySelectorAll('[data-proofroom="compare"]'), initCompare);
  }

  window.proofroom.onPage(init);
})();
