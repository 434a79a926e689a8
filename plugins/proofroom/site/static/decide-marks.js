/* Proofroom review pages: the marks of the decision panel (decide.js), drawn over the
 * picture of the current version. Pins and boxes, the pin and box modes that draw them
 * with the pointer (or the keyboard: Enter on the picture, a mode button pressed from the
 * keyboard), and the arrow keys that move a mark.
 *
 * A mark's place is in fractions of the picture ([x, y] for a pin, [x, y, w, h] for a
 * box), rounded to 3 decimals. Shared as proofroom.decideMarks: Drawing (one per panel)
 * and, for the whole document, the Escape key that ends a drawing mode. Data only ever
 * goes through setAttribute, style and textContent.
 */
(function () {
  "use strict";

  var DRAG_PX = 4; // a pointer that moved less than this clicked
  var STEP = 0.01; // keyboard move of a mark, as a fraction of the image
  var BIG_STEP = 0.1;

  var each = window.proofroom.each;
  var el = window.proofroom.el;

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

  /* ---------------------------------------------------------------- Escape */

  var escapeTarget = null; // the drawing whose mode Escape ends

  /* A new page: no drawing mode is on. */
  function forget() {
    escapeTarget = null;
  }

  var listening = false;
  function listen() {
    // One listener for the document, whatever page instant navigation shows.
    if (listening) {
      return;
    }
    listening = true;
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && escapeTarget && !document.querySelector("dialog[open]")) {
        escapeTarget.setMode(null);
      }
    });
  }

  /* ---------------------------------------------------------------- one panel's marks */

  /* The picture a panel draws on, when the viewer shows the version its form decides on.
     `msg` gives the panel's texts; `panel.add(kind, at, focus)` makes a comment and
     `panel.changed()` redraws the panel once a mark moved. */
  function Drawing(form, msg, panel) {
    this.form = form;
    this.msg = msg;
    this.panel = panel;
    this.modeOut = form.querySelector('[data-proofroom="draw-mode"]');
    this.stage = null;
    this.picture = null;
    this.mode = null;
    this.drag = null;
    var viewer = document.querySelector('[data-proofroom="viewer"]');
    if (viewer && viewer.getAttribute("data-sha") === form.getAttribute("data-sha")) {
      this.stage = viewer.querySelector(".proofroom-viewer__stage");
      this.picture = this.stage ? this.stage.querySelector("img") : null;
    }
    var drawable = Boolean(this.stage && this.picture);
    this.drawable = drawable;
    each(form.querySelectorAll("[data-mode]"), function (button) {
      button.hidden = !drawable;
    });
  }

  /* Where a comment points, in words. */
  Drawing.prototype.where = function (c) {
    var msg = this.msg;
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
  };

  Drawing.prototype.place = function (c) {
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
  };

  /* A pin or a box gets its mark over the picture: a button that leads to its text. */
  Drawing.prototype.addMark = function (c) {
    if (c.kind === "text" || !this.stage) {
      return;
    }
    var self = this;
    c.mark = el("button", "proofroom-annotation proofroom-annotation--" + c.kind + " proofroom-decide-mark");
    c.mark.setAttribute("type", "button");
    c.mark.setAttribute("data-proofroom", "draft-mark");
    c.mark.appendChild(el("span", "proofroom-annotation__number"));
    c.mark.addEventListener("keydown", function (event) {
      self.onMarkKey(c, event);
    });
    c.mark.addEventListener("click", function () {
      c.text.focus();
    });
    this.stage.appendChild(c.mark);
  };

  /* The mark shows its comment's number, and sits where the comment points. */
  Drawing.prototype.label = function (c) {
    if (c.mark) {
      c.mark.setAttribute("data-draft", String(c.number));
      c.mark.firstChild.textContent = String(c.number);
      c.mark.setAttribute("aria-label", this.msg("decide_mark_label", { n: c.number }));
      this.place(c);
    }
  };

  Drawing.prototype.removeMark = function (c) {
    if (c.mark && c.mark.parentNode) {
      c.mark.parentNode.removeChild(c.mark);
    }
  };

  /* Arrow keys move a mark (Shift: by a tenth); Shift + arrows resize a box. */
  Drawing.prototype.onMarkKey = function (c, event) {
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
    this.place(c);
    c.where.textContent = this.where(c);
    this.panel.changed();
  };

  /* ---------------------------------------------------------------- drawing modes */

  Drawing.prototype.setMode = function (next) {
    var mode = next;
    var msg = this.msg;
    var stage = this.stage;
    this.mode = mode;
    each(this.form.querySelectorAll("[data-mode]"), function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-mode") === mode ? "true" : "false");
    });
    if (this.modeOut) {
      this.modeOut.textContent = mode ? msg(mode === "pin" ? "decide_pin_mode" : "decide_box_mode") : "";
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
    escapeTarget = mode ? this : null;
  };

  /* Where the pointer is, in fractions of the picture. */
  Drawing.prototype.point = function (event) {
    var rect = this.picture.getBoundingClientRect();
    return [
      fraction((event.clientX - rect.left) / (rect.width || 1)),
      fraction((event.clientY - rect.top) / (rect.height || 1)),
    ];
  };

  /* The picture's pointer and key listeners, and the mode buttons. */
  Drawing.prototype.bind = function () {
    var self = this;
    var stage = this.stage;
    if (this.drawable) {
      this.picture.setAttribute("draggable", "false");
      stage.addEventListener("dragstart", function (event) {
        if (self.mode) {
          event.preventDefault();
        }
      });
      stage.addEventListener("pointerdown", function (event) {
        self.start(event);
      });
      stage.addEventListener("pointermove", function (event) {
        self.move(event);
      });
      stage.addEventListener("pointerup", function (event) {
        self.end(event, false);
      });
      stage.addEventListener("pointercancel", function (event) {
        self.end(event, true);
      });
      stage.addEventListener("keydown", function (event) {
        if (self.mode && event.target === stage && (event.key === "Enter" || event.key === " ")) {
          event.preventDefault();
          self.panel.add(self.mode, centre(self.mode), "mark");
        }
      });
    }
    each(this.form.querySelectorAll("[data-mode]"), function (button) {
      button.addEventListener("click", function (event) {
        self.onModeButton(button, event);
      });
    });
  };

  Drawing.prototype.onModeButton = function (button, event) {
    var kind = button.getAttribute("data-mode");
    if (!this.drawable) {
      return;
    }
    if (event.detail === 0) {
      // From the keyboard: a mark at the centre, ready to move with the arrow keys.
      this.panel.add(kind, centre(kind), "mark");
      return;
    }
    this.setMode(this.mode === kind ? null : kind);
    if (this.mode && this.stage.scrollIntoView) {
      this.stage.scrollIntoView({ block: "nearest" }); // the picture to draw on, in sight
    }
  };

  Drawing.prototype.start = function (event) {
    if (!this.mode || event.button > 0 || this.drag) {
      return;
    }
    if (event.target && event.target.closest && event.target.closest(".proofroom-decide-mark")) {
      return;
    }
    event.preventDefault();
    this.drag = {
      id: event.pointerId,
      x: event.clientX,
      y: event.clientY,
      start: this.point(event),
      moved: false,
      preview: null,
      touch: event.pointerType === "touch",
    };
    try {
      this.stage.setPointerCapture(event.pointerId);
    } catch (e) {
      /* capture is a comfort: moves outside the stage are still clamped */
    }
  };

  Drawing.prototype.move = function (event) {
    var drag = this.drag;
    if (!drag || event.pointerId !== drag.id) {
      return;
    }
    if (Math.abs(event.clientX - drag.x) > DRAG_PX || Math.abs(event.clientY - drag.y) > DRAG_PX) {
      drag.moved = true;
    }
    if (this.mode === "box" && drag.moved) {
      if (!drag.preview) {
        drag.preview = el("span", "proofroom-annotation proofroom-annotation--box proofroom-decide-mark proofroom-decide-preview");
        drag.preview.setAttribute("aria-hidden", "true");
        this.stage.appendChild(drag.preview);
      }
      var b = boxOf(drag.start, this.point(event));
      drag.preview.style.left = percent(b[0]) + "%";
      drag.preview.style.top = percent(b[1]) + "%";
      drag.preview.style.width = percent(b[2]) + "%";
      drag.preview.style.height = percent(b[3]) + "%";
    }
  };

  /* The end of a press: a box when it was dragged in box mode, else a pin. */
  Drawing.prototype.end = function (event, cancelled) {
    if (!this.drag || event.pointerId !== this.drag.id) {
      return;
    }
    var done = this.drag;
    this.drag = null;
    if (done.preview && done.preview.parentNode) {
      done.preview.parentNode.removeChild(done.preview);
    }
    if (cancelled) {
      return;
    }
    var focus = done.touch ? null : "text";
    if (this.mode === "box" && done.moved) {
      this.panel.add("box", boxOf(done.start, this.point(event)), focus);
    } else if (this.mode === "box") {
      this.panel.add("pin", done.start, focus);
    } else {
      this.panel.add("pin", this.point(event), focus);
    }
  };

  window.proofroom.decideMarks = { Drawing: Drawing, forget: forget, listen: listen };
})();
