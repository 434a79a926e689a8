/* Proofroom review pages: the decision panel, comments drawn on the current version, and
 * the zoom of the current version.
 *
 * The panel turns the form into the YAML of a decision file (the canonical form: every
 * string double-quoted and escaped, so quotes, colons, "- " or "#" at the start, new lines
 * and any Unicode read back as the same text), a GitHub create-file link and a download.
 *
 * Same conventions as proofroom.js: no dependencies; data only ever goes through
 * setAttribute, textContent and value (never an HTML parser); runs on DOMContentLoaded and
 * on each page of Material's instant navigation (document$); initialising twice is a no-op.
 */
(function () {
  "use strict";

  var LOGIN_KEY = "proofroom.reviewer";
  var DECISIONS = ["approved", "approved_with_changes", "changes_requested", "rejected", "comment"];
  var LINK_LIMIT = 8000; // longer create-file links may be refused by GitHub
  var DRAG_PX = 4; // a pointer that moved less than this clicked
  var STEP = 0.01; // keyboard move of a mark, as a fraction of the image
  var BIG_STEP = 0.1;

  var each = window.proofroom.each;

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function clamp(value, low, high) {
    return Math.min(Math.max(value, low), high);
  }

  /* A fraction of the image: clamped to [0, 1] and rounded to 3 decimals. */
  function fraction(value) {
    var v = Number(value);
    return Math.round(clamp(isFinite(v) ? v : 0, 0, 1) * 1000) / 1000;
  }

  function percent(value) {
    return String(Math.round(value * 1000) / 10);
  }

  /* ---------------------------------------------------------------- YAML */

  function hex4(code) {
    return ("000" + code.toString(16)).slice(-4);
  }

  /* A YAML double-quoted scalar that reads back as exactly `text` (lone surrogates, which
     no file can hold, become U+FFFD), as proofroom.core.decision_files writes it. */
  function quote(text) {
    var out = '"';
    var s = String(text);
    for (var i = 0; i < s.length; i++) {
      var code = s.charCodeAt(i);
      var ch = s.charAt(i);
      if (code >= 0xd800 && code <= 0xdbff) {
        var next = s.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          out += ch + s.charAt(i + 1);
          i += 1;
        } else {
          out += "\ufffd";
        }
        continue;
      }
      if (code >= 0xdc00 && code <= 0xdfff) {
        out += "\ufffd";
      } else if (ch === '"') {
        out += '\\"';
      } else if (ch === "\\") {
        out += "\\\\";
      } else if (ch === "\n") {
        out += "\\n";
      } else if (ch === "\t") {
        out += "\\t";
      } else if (ch === "\r") {
        out += "\\r";
      } else if (
        code < 0x20 ||
        (code >= 0x7f && code <= 0x9f) ||
        code === 0x2028 ||
        code === 0x2029 ||
        code === 0xfeff
      ) {
        out += "\\u" + hex4(code);
      } else if (code === 0xfffe || code === 0xffff) {
        out += "\ufffd";
      } else {
        out += ch;
      }
    }
    return out + '"';
  }

  function numbers(values) {
    return "[" + values.map(String).join(", ") + "]";
  }

  /* The decision file: keys in the order the CLI writes them, empty values left out. */
  function toYaml(d) {
    var lines = ["asset: " + quote(d.asset)];
    if (d.version) {
      lines.push("version: " + d.version);
    }
    lines.push("sha: " + quote(d.sha));
    if (d.reviewer) {
      lines.push("reviewer: " + quote(d.reviewer));
    }
    if (d.stage) {
      lines.push("stage: " + quote(d.stage));
    }
    if (d.decision) {
      lines.push("decision: " + d.decision);
    }
    if (d.summary) {
      lines.push("summary: " + quote(d.summary));
    }
    if (d.comments.length) {
      lines.push("comments:");
      d.comments.forEach(function (c) {
        lines.push("  - text: " + quote(c.text));
        if (c.pin) {
          lines.push("    pin: " + numbers(c.pin));
        }
        if (c.box) {
          lines.push("    box: " + numbers(c.box));
        }
      });
    }
    return lines.join("\n") + "\n";
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  /* yyyymmddThhmmZ, the UTC minute that starts a decision file's name. */
  function stamp(date) {
    return (
      date.getUTCFullYear() +
      pad(date.getUTCMonth() + 1) +
      pad(date.getUTCDate()) +
      "T" +
      pad(date.getUTCHours()) +
      pad(date.getUTCMinutes()) +
      "Z"
    );
  }

  function remembered() {
    try {
      return window.localStorage.getItem(LOGIN_KEY) || "";
    } catch (e) {
      return ""; // storage disabled: nothing remembered
    }
  }

  function remember(login) {
    try {
      window.localStorage.setItem(LOGIN_KEY, login);
    } catch (e) {
      /* storage disabled or full: the login is simply not remembered */
    }
  }

  /* ---------------------------------------------------------------- the panel */

  var escapeTarget = null; // the panel whose drawing mode Escape ends

  function initPanel(form) {
    if (form.getAttribute("data-proofroom-ready") === "true") {
      return;
    }
    form.setAttribute("data-proofroom-ready", "true");
    var messages = {};
    try {
      messages = JSON.parse(form.getAttribute("data-messages") || "{}");
    } catch (e) {
      messages = {};
    }
    function msg(key, values) {
      return format(messages[key] || key, values || {});
    }
    function hook(name) {
      return form.querySelector('[data-proofroom="' + name + '"]');
    }

    var login = new RegExp(form.getAttribute("data-login-pattern") || "^[A-Za-z0-9-]+$");
    var reviewer = form.querySelector('input[name="reviewer"]');
    var summary = form.querySelector('input[name="summary"]');
    var stageSelect = form.querySelector('select[name="stage"]');
    var list = hook("decision-comments");
    var pre = hook("decision-yaml");
    var missingOut = hook("decision-missing");
    var fileOut = hook("decision-filename");
    var propose = hook("propose-on-github");
    var download = hook("download-yaml");
    var copyButton = hook("copy-yaml");
    var copyStatus = hook("copy-status");
    var modeOut = hook("draw-mode");
    var newUrl = form.getAttribute("data-new-url");
    var blobUrl = null;
    var comments = []; // {kind, pin, box, item, text, where, number, remove, mark}
    var current = ""; // the YAML shown

    /* The viewer of the current version, when it shows the picture this form decides on. */
    var stage = null;
    var picture = null;
    var viewer = document.querySelector('[data-proofroom="viewer"]');
    if (viewer && viewer.getAttribute("data-sha") === form.getAttribute("data-sha")) {
      stage = viewer.querySelector(".proofroom-viewer__stage");
      picture = stage ? stage.querySelector("img") : null;
    }
    var drawable = Boolean(stage && picture);
    each(form.querySelectorAll("[data-mode]"), function (button) {
      button.hidden = !drawable;
    });

    /* -------- the YAML and the links */

    function data() {
      var checked = form.querySelector('input[name="decision"]:checked');
      var version = form.getAttribute("data-version") || "";
      return {
        asset: form.getAttribute("data-asset") || "",
        version: /^[1-9][0-9]*$/.test(version) ? version : "",
        sha: form.getAttribute("data-sha") || "",
        reviewer: reviewer ? reviewer.value.trim() : "",
        stage: stageSelect ? stageSelect.value : "",
        decision: checked && DECISIONS.indexOf(checked.value) >= 0 ? checked.value : "",
        summary: summary ? summary.value.trim() : "",
        comments: comments
          .filter(function (c) {
            return c.text.value.trim() !== "";
          })
          .map(function (c) {
            return { text: c.text.value.trim(), pin: c.pin, box: c.box };
          }),
      };
    }

    function missing(d) {
      var out = [];
      if (!d.decision) {
        out.push(msg("decide_missing_decision"));
      }
      if (!d.reviewer) {
        out.push(msg("decide_missing_reviewer"));
      } else if (!login.test(d.reviewer)) {
        out.push(msg("decide_bad_reviewer", { login: d.reviewer }));
      }
      comments.forEach(function (c) {
        if (c.text.value.trim() === "") {
          out.push(msg("decide_missing_text", { n: c.number }));
        }
      });
      return out;
    }

    function disable(link) {
      if (link) {
        link.removeAttribute("href");
        link.setAttribute("aria-disabled", "true");
      }
    }

    function enable(link, href) {
      if (link) {
        link.setAttribute("href", href);
        link.removeAttribute("aria-disabled");
      }
    }

    function render() {
      var d = data();
      var gaps = missing(d);
      current = toYaml(d);
      pre.textContent = current;
      var folder = form.getAttribute("data-folder") || "";
      var ready = gaps.length === 0;
      var name = stamp(new Date()) + "-" + (ready ? d.reviewer : "…") + ".yml";
      var path = folder + "/" + name;
      if (fileOut) {
        fileOut.textContent = path;
      }
      if (blobUrl) {
        URL.revokeObjectURL(blobUrl);
        blobUrl = null;
      }
      if (!ready) {
        disable(propose);
        disable(download);
        if (copyButton) {
          copyButton.disabled = true;
        }
        missingOut.textContent = gaps.join(" ");
        form.setAttribute("data-ready", "false");
        return;
      }
      var notes = [msg(propose ? "decide_ready" : "decide_ready_no_repo")];
      if (propose && newUrl) {
        var href =
          newUrl +
          "?filename=" +
          encodeURIComponent(path) +
          "&value=" +
          encodeURIComponent(current);
        enable(propose, href);
        if (href.length > LINK_LIMIT) {
          notes.push(msg("decide_too_long"));
        }
      }
      if (download) {
        blobUrl = URL.createObjectURL(new Blob([current], { type: "text/yaml;charset=utf-8" }));
        enable(download, blobUrl);
        download.setAttribute("download", name);
      }
      if (copyButton) {
        copyButton.disabled = false;
      }
      missingOut.textContent = notes.join(" ");
      form.setAttribute("data-ready", "true");
    }

    /* -------- comments and their marks */

    function where(c) {
      if (c.pin) {
        return msg("decide_pin_at", { x: percent(c.pin[0]), y: percent(c.pin[1]) });
      }
      if (c.box) {
        return msg("decide_box_at", {
          x: percent(c.box[0]),
          y: percent(c.box[1]),
          w: percent(c.box[2]),
          h: percent(c.box[3]),
        });
      }
      return msg("decide_general");
    }

    function place(c) {
      if (!c.mark) {
        return;
      }
      var style = c.mark.style;
      if (c.pin) {
        style.left = percent(c.pin[0]) + "%";
        style.top = percent(c.pin[1]) + "%";
      } else if (c.box) {
        style.left = percent(c.box[0]) + "%";
        style.top = percent(c.box[1]) + "%";
        style.width = percent(c.box[2]) + "%";
        style.height = percent(c.box[3]) + "%";
      }
    }

    function renumber() {
      comments.forEach(function (c, i) {
        c.number = i + 1;
        c.item.setAttribute("data-draft", String(c.number));
        c.badge.textContent = String(c.number);
        c.where.textContent = where(c);
        c.text.setAttribute("aria-label", msg("decide_text_of", { n: c.number }));
        c.remove.setAttribute("aria-label", msg("decide_remove_n", { n: c.number }));
        if (c.mark) {
          c.mark.setAttribute("data-draft", String(c.number));
          c.mark.firstChild.textContent = String(c.number);
          c.mark.setAttribute("aria-label", msg("decide_mark_label", { n: c.number }));
          place(c);
        }
      });
    }

    function el(tag, className) {
      var node = document.createElement(tag);
      if (className) {
        node.className = className;
      }
      return node;
    }

    function removeComment(c) {
      var index = comments.indexOf(c);
      if (index < 0) {
        return;
      }
      comments.splice(index, 1);
      c.item.parentNode.removeChild(c.item);
      if (c.mark && c.mark.parentNode) {
        c.mark.parentNode.removeChild(c.mark);
      }
      renumber();
      render();
      var next = comments[index] || comments[index - 1];
      var target = next ? next.text : hook("add-comment");
      if (target) {
        target.focus();
      }
    }

    /* Arrow keys move a mark (Shift: by a tenth); Shift + arrows resize a box. */
    function onMarkKey(c, event) {
      var dx = 0;
      var dy = 0;
      if (event.key === "ArrowLeft") {
        dx = -1;
      } else if (event.key === "ArrowRight") {
        dx = 1;
      } else if (event.key === "ArrowUp") {
        dy = -1;
      } else if (event.key === "ArrowDown") {
        dy = 1;
      } else if (event.key === "Enter") {
        event.preventDefault();
        c.text.focus();
        return;
      } else {
        return;
      }
      event.preventDefault();
      if (c.pin) {
        var step = event.shiftKey ? BIG_STEP : STEP;
        c.pin = [fraction(c.pin[0] + dx * step), fraction(c.pin[1] + dy * step)];
      } else if (c.box) {
        var b = c.box.slice();
        if (event.shiftKey) {
          b[2] = fraction(clamp(b[2] + dx * STEP, 0.001, 1 - b[0]));
          b[3] = fraction(clamp(b[3] + dy * STEP, 0.001, 1 - b[1]));
        } else {
          b[0] = fraction(clamp(b[0] + dx * STEP, 0, 1 - b[2]));
          b[1] = fraction(clamp(b[1] + dy * STEP, 0, 1 - b[3]));
        }
        c.box = b;
      }
      place(c);
      c.where.textContent = where(c);
      render();
    }

    function addComment(kind, at, focus) {
      var c = { kind: kind, pin: kind === "pin" ? at : null, box: kind === "box" ? at : null };
      c.item = el("li", "proofroom-decide__comment");
      c.item.setAttribute("data-kind", kind);
      c.badge = el("span", "proofroom-decide__number proofroom-decide__number--" + kind);
      c.badge.setAttribute("aria-hidden", "true");
      var body = el("label", "proofroom-decide__body");
      c.where = el("span", "proofroom-decide__where");
      c.text = el("textarea", "proofroom-decide__text");
      c.text.setAttribute("name", "comment-text");
      c.text.setAttribute("rows", "2");
      c.text.setAttribute("maxlength", "2000");
      body.appendChild(c.where);
      body.appendChild(c.text);
      c.remove = el("button", "proofroom-decide__remove");
      c.remove.setAttribute("type", "button");
      c.remove.textContent = msg("decide_remove");
      c.item.appendChild(c.badge);
      c.item.appendChild(body);
      c.item.appendChild(c.remove);
      list.appendChild(c.item);
      if (kind !== "text" && stage) {
        c.mark = el(
          "button",
          "proofroom-annotation proofroom-annotation--" + kind + " proofroom-decide-mark"
        );
        c.mark.setAttribute("type", "button");
        c.mark.setAttribute("data-proofroom", "draft-mark");
        c.mark.appendChild(el("span", "proofroom-annotation__number"));
        c.mark.addEventListener("keydown", function (event) {
          onMarkKey(c, event);
        });
        c.mark.addEventListener("click", function () {
          c.text.focus();
        });
        stage.appendChild(c.mark);
      }
      c.text.addEventListener("input", render);
      c.remove.addEventListener("click", function () {
        removeComment(c);
      });
      comments.push(c);
      renumber();
      render();
      if (focus === "mark" && c.mark) {
        c.mark.focus();
      } else if (focus === "text") {
        c.text.focus({ preventScroll: true });
      }
      return c;
    }

    /* -------- drawing on the viewer */

    var mode = null;
    var drag = null;

    function setMode(next) {
      mode = next;
      each(form.querySelectorAll("[data-mode]"), function (button) {
        button.setAttribute("aria-pressed", button.getAttribute("data-mode") === mode ? "true" : "false");
      });
      if (modeOut) {
        modeOut.textContent = mode ? msg(mode === "pin" ? "decide_pin_mode" : "decide_box_mode") : "";
      }
      if (stage) {
        stage.classList.toggle("proofroom-decide-drawing", Boolean(mode));
        if (mode) {
          stage.setAttribute("tabindex", "0");
          stage.setAttribute("aria-label", msg(mode === "pin" ? "decide_pin_mode" : "decide_box_mode"));
        } else {
          stage.removeAttribute("tabindex");
          stage.removeAttribute("aria-label");
        }
      }
      escapeTarget = mode ? setMode : null;
    }

    function point(event) {
      var rect = picture.getBoundingClientRect();
      return [
        fraction((event.clientX - rect.left) / (rect.width || 1)),
        fraction((event.clientY - rect.top) / (rect.height || 1)),
      ];
    }

    /* The box between two points, inside the image and never empty. */
    function boxOf(a, b) {
      var x0 = Math.min(a[0], b[0]);
      var x1 = Math.max(a[0], b[0]);
      var y0 = Math.min(a[1], b[1]);
      var y1 = Math.max(a[1], b[1]);
      var w = fraction(x1 - x0);
      var h = fraction(y1 - y0);
      if (w < 0.001) {
        w = 0.001;
        x0 = Math.min(x0, 0.999);
      }
      if (h < 0.001) {
        h = 0.001;
        y0 = Math.min(y0, 0.999);
      }
      return [fraction(x0), fraction(y0), w, h];
    }

    function centre(kind) {
      return kind === "pin" ? [0.5, 0.5] : [0.4, 0.4, 0.2, 0.2];
    }

    if (drawable) {
      picture.setAttribute("draggable", "false");
      stage.addEventListener("dragstart", function (event) {
        if (mode) {
          event.preventDefault();
        }
      });
      stage.addEventListener("pointerdown", function (event) {
        if (!mode || event.button > 0 || drag) {
          return;
        }
        if (event.target && event.target.closest && event.target.closest(".proofroom-decide-mark")) {
          return;
        }
        event.preventDefault();
        drag = {
          id: event.pointerId,
          x: event.clientX,
          y: event.clientY,
          start: point(event),
          moved: false,
          preview: null,
          touch: event.pointerType === "touch",
        };
        try {
          stage.setPointerCapture(event.pointerId);
        } catch (e) {
          /* capture is a comfort: moves outside the stage are still clamped */
        }
      });
      stage.addEventListener("pointermove", function (event) {
        if (!drag || event.pointerId !== drag.id) {
          return;
        }
        if (Math.abs(event.clientX - drag.x) > DRAG_PX || Math.abs(event.clientY - drag.y) > DRAG_PX) {
          drag.moved = true;
        }
        if (mode === "box" && drag.moved) {
          if (!drag.preview) {
            drag.preview = el("span", "proofroom-annotation proofroom-annotation--box proofroom-decide-mark proofroom-decide-preview");
            drag.preview.setAttribute("aria-hidden", "true");
            stage.appendChild(drag.preview);
          }
          var b = boxOf(drag.start, point(event));
          drag.preview.style.left = percent(b[0]) + "%";
          drag.preview.style.top = percent(b[1]) + "%";
          drag.preview.style.width = percent(b[2]) + "%";
          drag.preview.style.height = percent(b[3]) + "%";
        }
      });
      function end(event, cancelled) {
        if (!drag || event.pointerId !== drag.id) {
          return;
        }
        var done = drag;
        drag = null;
        if (done.preview && done.preview.parentNode) {
          done.preview.parentNode.removeChild(done.preview);
        }
        if (cancelled) {
          return;
        }
        var focus = done.touch ? null : "text";
        if (mode === "box" && done.moved) {
          addComment("box", boxOf(done.start, point(event)), focus);
        } else if (mode === "box") {
          addComment("pin", done.start, focus);
        } else {
          addComment("pin", point(event), focus);
        }
      }
      stage.addEventListener("pointerup", function (event) {
        end(event, false);
      });
      stage.addEventListener("pointercancel", function (event) {
        end(event, true);
      });
      stage.addEventListener("keydown", function (event) {
        if (mode && event.target === stage && (event.key === "Enter" || event.key === " ")) {
          event.preventDefault();
          addComment(mode, centre(mode), "mark");
        }
      });
    }

    each(form.querySelectorAll("[data-mode]"), function (button) {
      button.addEventListener("click", function (event) {
        var kind = button.getAttribute("data-mode");
        if (!drawable) {
          return;
        }
        if (event.detail === 0) {
          // From the keyboard: a mark at the centre, ready to move with the arrow keys.
          addComment(kind, centre(kind), "mark");
          return;
        }
        setMode(mode === kind ? null : kind);
        if (mode && stage.scrollIntoView) {
          stage.scrollIntoView({ block: "nearest" }); // the picture to draw on, in sight
        }
      });
    });

    var addText = hook("add-comment");
    if (addText) {
      addText.addEventListener("click", function () {
        addComment("text", null, "text");
      });
    }

    /* -------- inputs, copy, links */

    if (reviewer) {
      if (!reviewer.value) {
        reviewer.value = remembered();
      }
      reviewer.addEventListener("input", function () {
        var value = reviewer.value.trim();
        if (login.test(value)) {
          remember(value);
        }
      });
    }
    form.addEventListener("input", render);
    form.addEventListener("change", render);
    form.addEventListener("submit", function (event) {
      event.preventDefault(); // nothing to send: the links do it
    });

    function selectYaml() {
      var range = document.createRange();
      range.selectNodeContents(pre);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }

    if (copyButton) {
      copyButton.addEventListener("click", function () {
        var text = current;
        function fallback() {
          selectYaml();
          var ok = false;
          try {
            ok = document.execCommand("copy");
          } catch (e) {
            ok = false;
          }
          copyStatus.textContent = msg(ok ? "decide_copied" : "decide_copy_failed");
        }
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(function () {
            copyStatus.textContent = msg("decide_copied");
          }, fallback);
        } else {
          fallback();
        }
      });
    }

    /* The file name holds the minute: refresh it when the reviewer sends. */
    each([propose, download], function (link) {
      if (link) {
        link.addEventListener("click", function (event) {
          if (link.getAttribute("aria-disabled") === "true") {
            event.preventDefault();
            return;
          }
          render();
        });
      }
    });

    render();
  }

  /* ---------------------------------------------------------------- the zoom */

  var ZOOM_STEP = 1.25;
  var PAN_STEP = 0.1; // of the visible area

  function initZoom(button) {
    if (button.getAttribute("data-proofroom-ready") === "true") {
      return;
    }
    var dialog = document.getElementById(button.getAttribute("aria-controls") || "");
    if (!dialog || typeof dialog.showModal !== "function") {
      button.hidden = true; // no dialog support: the page's own image stays
      return;
    }
    button.setAttribute("data-proofroom-ready", "true");
    var view = dialog.querySelector('[data-proofroom="lightbox-view"]');
    var img = view.querySelector("img");
    var level = dialog.querySelector('[data-proofroom="zoom-level"]');
    var z = { scale: 1, fit: 1, x: 0, y: 0, w: 1, h: 1 };
    var pan = null;

    function size() {
      z.w = img.naturalWidth || Number(img.getAttribute("width")) || view.clientWidth || 1;
      z.h = img.naturalHeight || Number(img.getAttribute("height")) || view.clientHeight || 1;
      img.style.width = z.w + "px";
      img.style.height = z.h + "px";
    }

    function keepInView() {
      var vw = view.clientWidth;
      var vh = view.clientHeight;
      var w = z.w * z.scale;
      var h = z.h * z.scale;
      z.x = w <= vw ? (vw - w) / 2 : clamp(z.x, vw - w, 0);
      z.y = h <= vh ? (vh - h) / 2 : clamp(z.y, vh - h, 0);
    }

    function apply() {
      keepInView();
      img.style.transform = "translate(" + z.x + "px, " + z.y + "px) scale(" + z.scale + ")";
      var shown = String(Math.round(z.scale * 100)) + "%";
      level.textContent = shown;
      dialog.setAttribute("data-zoom", String(Math.round(z.scale * 1000) / 1000));
    }

    function fit() {
      size();
      z.fit = Math.min(view.clientWidth / z.w, view.clientHeight / z.h, 1) || 1;
      z.scale = z.fit;
      apply();
    }

    function zoomAt(factor, cx, cy) {
      var next = clamp(z.scale * factor, z.fit / 2, Math.max(8, z.fit * 8));
      z.x = cx - (cx - z.x) * (next / z.scale);
      z.y = cy - (cy - z.y) * (next / z.scale);
      z.scale = next;
      apply();
    }

    function zoomCentre(factor) {
      zoomAt(factor, view.clientWidth / 2, view.clientHeight / 2);
    }

    function open() {
      if (!img.getAttribute("src")) {
        img.setAttribute("src", img.getAttribute("data-src") || "");
      }
      dialog.showModal();
      if (img.complete && img.naturalWidth) {
        fit();
      } else {
        size();
        fit();
        img.addEventListener("load", fit, { once: true });
      }
      view.focus();
    }

    button.addEventListener("click", open);
    dialog.addEventListener("close", function () {
      pan = null;
      button.focus();
    });
    each(dialog.querySelectorAll("[data-zoom]"), function (tool) {
      tool.addEventListener("click", function () {
        var action = tool.getAttribute("data-zoom");
        if (action === "in") {
          zoomCentre(ZOOM_STEP);
        } else if (action === "out") {
          zoomCentre(1 / ZOOM_STEP);
        } else if (action === "reset") {
          fit();
        } else if (action === "close") {
          dialog.close();
        }
      });
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) {
        return; // the browser's own zoom and shortcuts
      }
      var key = event.key;
      var vw = view.clientWidth;
      var vh = view.clientHeight;
      if (key === "+" || key === "=") {
        zoomCentre(ZOOM_STEP);
      } else if (key === "-" || key === "_") {
        zoomCentre(1 / ZOOM_STEP);
      } else if (key === "0") {
        fit();
      } else if (key === "ArrowLeft") {
        z.x += vw * PAN_STEP;
        apply();
      } else if (key === "ArrowRight") {
        z.x -= vw * PAN_STEP;
        apply();
      } else if (key === "ArrowUp") {
        z.y += vh * PAN_STEP;
        apply();
      } else if (key === "ArrowDown") {
        z.y -= vh * PAN_STEP;
        apply();
      } else {
        return;
      }
      event.preventDefault();
    });
    view.addEventListener(
      "wheel",
      function (event) {
        event.preventDefault();
        var rect = view.getBoundingClientRect();
        var factor = event.deltaY < 0 ? 1.15 : 1 / 1.15;
        zoomAt(factor, event.clientX - rect.left, event.clientY - rect.top);
      },
      { passive: false }
    );
    view.addEventListener("pointerdown", function (event) {
      if (event.button > 0) {
        return;
      }
      event.preventDefault();
      pan = { id: event.pointerId, x: event.clientX, y: event.clientY };
      try {
        view.setPointerCapture(event.pointerId);
      } catch (e) {
        /* panning still follows the pointer inside the view */
      }
    });
    view.addEventListener("pointermove", function (event) {
      if (!pan || pan.id !== event.pointerId) {
        return;
      }
      z.x += event.clientX - pan.x;
      z.y += event.clientY - pan.y;
      pan.x = event.clientX;
      pan.y = event.clientY;
      apply();
    });
    function stop(event) {
      if (pan && pan.id === event.pointerId) {
        pan = null;
      }
    }
    view.addEventListener("pointerup", stop);
    view.addEventListener("pointercancel", stop);
    window.addEventListener("resize", function () {
      if (dialog.open) {
        apply();
      }
    });
  }

  /* ---------------------------------------------------------------- start */

  var listening = false;
  function listen() {
    // One listener for the document, whatever page instant navigation shows.
    if (listening) {
      return;
    }
    listening = true;
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && escapeTarget && !document.querySelector("dialog[open]")) {
        escapeTarget(null);
      }
    });
  }

  function init() {
    escapeTarget = null;
    each(document.querySelectorAll('[data-proofroom="decision-form"]'), initPanel);
    each(document.querySelectorAll('[data-proofroom="zoom"]'), initZoom);
    listen();
  }

  window.proofroom.onPage(init);
})();
