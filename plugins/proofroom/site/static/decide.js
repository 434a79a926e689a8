/* Proofroom review pages: the decision panel and the zoom of the current version.
 *
 * The panel turns the form into the YAML of a decision file (decide-yaml.js writes the
 * text), a GitHub create-file link and a download; comments may point at the picture of
 * the current version (decide-marks.js draws their pins and boxes).
 *
 * On a guest's page (a review link: the page holds a proofroom-guest JSON element) the
 * reviewer is the link's recipient, a comment-only link offers only comments, a view-only
 * link no form; the YAML ends with the share and its signature (decide-sign.js), and an
 * e-mail link to the owner replaces the GitHub one.
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
  var MAILTO_LIMIT = 2000; // longer mailto: links are cut or refused by mail programs

  var each = window.proofroom.each;
  var el = window.proofroom.el;
  var yaml = window.proofroom.decisionYaml;
  var marks = window.proofroom.decideMarks;
  var signer = window.proofroom.decisionSign;

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function clamp(value, low, high) {
    return Math.min(Math.max(value, low), high);
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

  /* The review link's terms on a guest's page; null on the public site. An element that
     cannot be read gives no rights (view only). */
  function guestTerms() {
    var node = document.getElementById("proofroom-guest");
    if (!node) {
      return null;
    }
    var terms = null;
    try {
      terms = JSON.parse(node.textContent || "");
    } catch (e) {
      terms = null;
    }
    if (!terms || typeof terms.share !== "string" || typeof terms.to !== "string") {
      return { can: "view" };
    }
    return terms;
  }

  /* ---------------------------------------------------------------- the panel */

  /* One decision form: its fields, its comments and the YAML it shows. */
  function Panel(form) {
    var self = this;
    var messages = {};
    try {
      messages = JSON.parse(form.getAttribute("data-messages") || "{}");
    } catch (e) {
      messages = {};
    }
    this.form = form;
    this.messages = messages;
    this.login = new RegExp(form.getAttribute("data-login-pattern") || "^[A-Za-z0-9-]+$");
    this.reviewer = form.querySelector('input[name="reviewer"]');
    this.summary = form.querySelector('input[name="summary"]');
    this.stageSelect = form.querySelector('select[name="stage"]');
    this.list = this.hook("decision-comments");
    this.pre = this.hook("decision-yaml");
    this.missingOut = this.hook("decision-missing");
    this.fileOut = this.hook("decision-filename");
    this.propose = this.hook("propose-on-github");
    this.download = this.hook("download-yaml");
    this.copyButton = this.hook("copy-yaml");
    this.copyStatus = this.hook("copy-status");
    this.email = this.hook("email-yaml");
    this.emailTooLong = this.hook("email-too-long");
    this.guest = guestTerms();
    this.turn = 0; // the latest render: a signature that comes back later is dropped
    this.newUrl = form.getAttribute("data-new-url");
    this.blobUrl = null;
    this.comments = []; // {kind, pin, box, item, badge, text, where, number, remove, mark}
    this.current = ""; // the YAML shown
    this.drawing = new marks.Drawing(
      form,
      function (key, values) {
        return self.msg(key, values);
      },
      {
        add: function (kind, at, focus) {
          self.addComment(kind, at, focus);
        },
        changed: function () {
          self.render();
        },
      }
    );
  }

  Panel.prototype.msg = function (key, values) {
    return format(this.messages[key] || key, values || {});
  };

  Panel.prototype.hook = function (name) {
    return this.form.querySelector('[data-proofroom="' + name + '"]');
  };

  /* -------- the YAML and the links */

  /* The decision as the form holds it, comments without text left out. */
  Panel.prototype.data = function () {
    var form = this.form;
    var checked = form.querySelector('input[name="decision"]:checked');
    var version = form.getAttribute("data-version") || "";
    return {
      asset: form.getAttribute("data-asset") || "",
      version: /^[1-9][0-9]*$/.test(version) ? version : "",
      sha: form.getAttribute("data-sha") || "",
      reviewer: this.reviewer ? this.reviewer.value.trim() : "",
      stage: this.stageSelect ? this.stageSelect.value : "",
      decision: checked && DECISIONS.indexOf(checked.value) >= 0 ? checked.value : "",
      summary: this.summary ? this.summary.value.trim() : "",
      comments: this.comments
        .filter(function (c) {
          return c.text.value.trim() !== "";
        })
        .map(function (c) {
          return { text: c.text.value.trim(), pin: c.pin, box: c.box };
        }),
    };
  };

  /* What the reviewer still has to fill in, in words. */
  Panel.prototype.missing = function (d) {
    var self = this;
    var out = [];
    if (!d.decision) {
      out.push(this.msg("decide_missing_decision"));
    }
    if (!d.reviewer) {
      out.push(this.msg("decide_missing_reviewer"));
    } else if (!this.login.test(d.reviewer)) {
      out.push(this.msg("decide_bad_reviewer", { login: d.reviewer }));
    }
    this.comments.forEach(function (c) {
      if (c.text.value.trim() === "") {
        out.push(self.msg("decide_missing_text", { n: c.number }));
      }
    });
    return out;
  };

  /* The decision as a guest's signature covers it: as the YAML reads back. */
  Panel.prototype.signable = function (d) {
    var text = yaml.readBack;
    return {
      asset: text(d.asset),
      version: d.version ? Number(d.version) : null,
      sha: text(d.sha),
      reviewer: text(d.reviewer),
      stage: text(d.stage),
      decision: d.decision,
      summary: text(d.summary),
      comments: d.comments.map(function (c) {
        return { text: text(c.text), pin: c.pin, box: c.box };
      }),
      share: this.guest.share,
    };
  };

  /* The YAML and the file name shown, and the links when nothing is missing; a guest's
     decision once it is signed (every change signs it again). */
  Panel.prototype.render = function () {
    var self = this;
    var d = this.data();
    var gaps = this.missing(d);
    if (!this.guest) {
      this.show(d, gaps, yaml.toYaml(d));
      return;
    }
    var turn = (this.turn += 1);
    signer.sign(this.guest.sign_key, this.signable(d)).then(
      function (signature) {
        if (turn === self.turn) {
          var signed = Object.assign({}, d, { share: self.guest.share, signature: signature });
          self.show(d, gaps, yaml.toYaml(signed));
        }
      },
      function () {
        if (turn === self.turn) {
          self.show(d, gaps.concat([self.msg("decide_cannot_sign")]), yaml.toYaml(d));
        }
      }
    );
  };

  Panel.prototype.show = function (d, gaps, text) {
    this.current = text;
    this.pre.textContent = this.current;
    var folder = this.form.getAttribute("data-folder") || "";
    var ready = gaps.length === 0;
    var name = yaml.stamp(new Date()) + "-" + (ready ? d.reviewer : "…") + ".yml";
    var path = folder + "/" + name;
    if (this.fileOut) {
      this.fileOut.textContent = path;
    }
    if (this.blobUrl) {
      URL.revokeObjectURL(this.blobUrl);
      this.blobUrl = null;
    }
    if (!ready) {
      disable(this.propose);
      disable(this.download);
      disable(this.email);
      if (this.emailTooLong) {
        this.emailTooLong.hidden = true;
      }
      if (this.copyButton) {
        this.copyButton.disabled = true;
      }
      this.missingOut.textContent = gaps.join(" ");
      this.form.setAttribute("data-ready", "false");
      return;
    }
    this.offer(path, name);
  };

  /* A ready decision: the GitHub link, the download and the copy button, with notes. */
  Panel.prototype.offer = function (path, name) {
    var propose = this.propose;
    var download = this.download;
    var ready = propose ? "decide_ready" : "decide_ready_no_repo";
    var notes = [this.msg(this.guest ? "decide_ready_guest" : ready)];
    if (propose && this.newUrl) {
      var href =
        this.newUrl +
        "?filename=" +
        encodeURIComponent(path) +
        "&value=" +
        encodeURIComponent(this.current);
      enable(propose, href);
      if (href.length > LINK_LIMIT) {
        notes.push(this.msg("decide_too_long"));
      }
    }
    if (download) {
      this.blobUrl = URL.createObjectURL(new Blob([this.current], { type: "text/yaml;charset=utf-8" }));
      enable(download, this.blobUrl);
      download.setAttribute("download", name);
    }
    if (this.copyButton) {
      this.copyButton.disabled = false;
    }
    if (this.guest) {
      this.offerEmail();
    }
    this.missingOut.textContent = notes.join(" ");
    this.form.setAttribute("data-ready", "true");
  };

  /* The e-mail link to the owner (a guest's page): hidden, with a sentence, when too long. */
  Panel.prototype.offerEmail = function () {
    if (!this.email) {
      return;
    }
    var asset = this.form.getAttribute("data-asset") || "";
    var href =
      "mailto:?subject=" +
      encodeURIComponent(this.msg("decide_email_subject", { asset: asset })) +
      "&body=" +
      encodeURIComponent(this.current);
    var long = href.length > MAILTO_LIMIT;
    this.email.hidden = long;
    if (this.emailTooLong) {
      this.emailTooLong.hidden = !long;
    }
    if (long) {
      disable(this.email);
    } else {
      enable(this.email, href);
    }
  };

  /* A guest's page: the recipient as reviewer, the decisions the link allows, the e-mail
     link instead of GitHub's. False for a view-only link: the form is hidden. */
  Panel.prototype.setupGuest = function () {
    var guest = this.guest;
    var form = this.form;
    if ((guest.can !== "comment" && guest.can !== "decide") || !guest.sign_key) {
      var note = el("p", "proofroom-note");
      note.setAttribute("data-proofroom", "guest-view");
      note.textContent = this.msg("decide_guest_view");
      form.parentNode.insertBefore(note, form);
      form.hidden = true;
      return false;
    }
    if (this.reviewer) {
      this.reviewer.value = guest.to;
      this.reviewer.readOnly = true;
    }
    if (guest.can === "comment") {
      each(form.querySelectorAll('input[name="decision"]'), function (radio) {
        radio.disabled = radio.value !== "comment";
        radio.checked = radio.value === "comment";
      });
    }
    if (this.propose) {
      this.propose.hidden = true;
      this.propose = null;
    }
    if (this.email) {
      this.email.hidden = false;
    }
    return true;
  };

  /* -------- comments */

  Panel.prototype.renumber = function () {
    var self = this;
    this.comments.forEach(function (c, i) {
      c.number = i + 1;
      c.item.setAttribute("data-draft", String(c.number));
      c.badge.textContent = String(c.number);
      c.where.textContent = self.drawing.where(c);
      c.text.setAttribute("aria-label", self.msg("decide_text_of", { n: c.number }));
      c.remove.setAttribute("aria-label", self.msg("decide_remove_n", { n: c.number }));
      self.drawing.label(c);
    });
  };

  Panel.prototype.removeComment = function (c) {
    var comments = this.comments;
    var index = comments.indexOf(c);
    if (index < 0) {
      return;
    }
    comments.splice(index, 1);
    c.item.parentNode.removeChild(c.item);
    this.drawing.removeMark(c);
    this.renumber();
    this.render();
    var next = comments[index] || comments[index - 1];
    var target = next ? next.text : this.hook("add-comment");
    if (target) {
      target.focus();
    }
  };

  /* A comment's item in the list: its number, where it points, its text, a remove button. */
  Panel.prototype.commentItem = function (kind, at) {
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
    c.remove.textContent = this.msg("decide_remove");
    c.item.appendChild(c.badge);
    c.item.appendChild(body);
    c.item.appendChild(c.remove);
    return c;
  };

  /* A new comment (text, pin or box), then the focus on its mark or its text. */
  Panel.prototype.addComment = function (kind, at, focus) {
    var self = this;
    var c = this.commentItem(kind, at);
    this.list.appendChild(c.item);
    this.drawing.addMark(c);
    c.text.addEventListener("input", function () {
      self.render();
    });
    c.remove.addEventListener("click", function () {
      self.removeComment(c);
    });
    this.comments.push(c);
    this.renumber();
    this.render();
    if (focus === "mark" && c.mark) {
      c.mark.focus();
    } else if (focus === "text") {
      c.text.focus({ preventScroll: true });
    }
    return c;
  };

  /* -------- inputs, copy, links */

  Panel.prototype.bindInputs = function () {
    var self = this;
    var reviewer = this.reviewer;
    var addText = this.hook("add-comment");
    if (addText) {
      addText.addEventListener("click", function () {
        self.addComment("text", null, "text");
      });
    }
    if (reviewer && !this.guest) {
      if (!reviewer.value) {
        reviewer.value = remembered();
      }
      reviewer.addEventListener("input", function () {
        var value = reviewer.value.trim();
        if (self.login.test(value)) {
          remember(value);
        }
      });
    }
    function render() {
      self.render();
    }
    this.form.addEventListener("input", render);
    this.form.addEventListener("change", render);
    this.form.addEventListener("submit", function (event) {
      event.preventDefault(); // nothing to send: the links do it
    });
  };

  Panel.prototype.selectYaml = function () {
    var range = document.createRange();
    range.selectNodeContents(this.pre);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  };

  /* Copy through the clipboard API, else by selecting the YAML and the copy command. */
  Panel.prototype.copy = function () {
    var self = this;
    var text = this.current;
    var copyStatus = this.copyStatus;
    function fallback() {
      self.selectYaml();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      copyStatus.textContent = self.msg(ok ? "decide_copied" : "decide_copy_failed");
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () {
        copyStatus.textContent = self.msg("decide_copied");
      }, fallback);
    } else {
      fallback();
    }
  };

  Panel.prototype.bindLinks = function () {
    var self = this;
    if (this.copyButton) {
      this.copyButton.addEventListener("click", function () {
        self.copy();
      });
    }
    /* The file name holds the minute: refresh it when the reviewer sends. */
    each([this.propose, this.download, this.email], function (link) {
      if (link) {
        link.addEventListener("click", function (event) {
          if (link.getAttribute("aria-disabled") === "true") {
            event.preventDefault();
            return;
          }
          self.render();
        });
      }
    });
  };

  function initPanel(form) {
    if (form.getAttribute("data-proofroom-ready") === "true") {
      return;
    }
    form.setAttribute("data-proofroom-ready", "true");
    var panel = new Panel(form);
    if (panel.guest && !panel.setupGuest()) {
      return; // a view-only link: no form
    }
    panel.drawing.bind();
    panel.bindInputs();
    panel.bindLinks();
    panel.render();
  }

  /* ---------------------------------------------------------------- the zoom */

  var ZOOM_STEP = 1.25;
  var PAN_STEP = 0.1; // of the visible area

  /* The current version large in its dialog: the zoom and pan of one button's picture. */
  function Zoom(button, dialog) {
    var self = this;
    this.button = button;
    this.dialog = dialog;
    this.view = dialog.querySelector('[data-proofroom="lightbox-view"]');
    this.img = this.view.querySelector("img");
    this.level = dialog.querySelector('[data-proofroom="zoom-level"]');
    this.z = { scale: 1, fit: 1, x: 0, y: 0, w: 1, h: 1 };
    this.pan = null;
    this.onLoad = function () {
      self.fit(); // one listener however often the dialog opens before the picture loads
    };
  }

  Zoom.prototype.size = function () {
    var z = this.z;
    var img = this.img;
    var view = this.view;
    z.w = img.naturalWidth || Number(img.getAttribute("width")) || view.clientWidth || 1;
    z.h = img.naturalHeight || Number(img.getAttribute("height")) || view.clientHeight || 1;
    img.style.width = z.w + "px";
    img.style.height = z.h + "px";
  };

  Zoom.prototype.keepInView = function () {
    var z = this.z;
    var vw = this.view.clientWidth;
    var vh = this.view.clientHeight;
    var w = z.w * z.scale;
    var h = z.h * z.scale;
    z.x = w <= vw ? (vw - w) / 2 : clamp(z.x, vw - w, 0);
    z.y = h <= vh ? (vh - h) / 2 : clamp(z.y, vh - h, 0);
  };

  Zoom.prototype.apply = function () {
    var z = this.z;
    this.keepInView();
    this.img.style.transform = "translate(" + z.x + "px, " + z.y + "px) scale(" + z.scale + ")";
    var shown = String(Math.round(z.scale * 100)) + "%";
    this.level.textContent = shown;
    this.dialog.setAttribute("data-zoom", String(Math.round(z.scale * 1000) / 1000));
  };

  Zoom.prototype.fit = function () {
    var z = this.z;
    this.size();
    z.fit = Math.min(this.view.clientWidth / z.w, this.view.clientHeight / z.h, 1) || 1;
    z.scale = z.fit;
    this.apply();
  };

  Zoom.prototype.zoomAt = function (factor, cx, cy) {
    var z = this.z;
    var next = clamp(z.scale * factor, z.fit / 2, Math.max(8, z.fit * 8));
    z.x = cx - (cx - z.x) * (next / z.scale);
    z.y = cy - (cy - z.y) * (next / z.scale);
    z.scale = next;
    this.apply();
  };

  Zoom.prototype.zoomCentre = function (factor) {
    this.zoomAt(factor, this.view.clientWidth / 2, this.view.clientHeight / 2);
  };

  /* The large picture is only fetched when the dialog first opens. */
  Zoom.prototype.open = function () {
    var img = this.img;
    if (!img.getAttribute("src")) {
      img.setAttribute("src", img.getAttribute("data-src") || "");
    }
    this.dialog.showModal();
    if (img.complete && img.naturalWidth) {
      this.fit();
    } else {
      this.size();
      this.fit();
      img.addEventListener("load", this.onLoad, { once: true });
    }
    this.view.focus();
  };

  /* The dialog's buttons: zoom in, out, back to fit, close. */
  Zoom.prototype.tool = function (action) {
    if (action === "in") {
      this.zoomCentre(ZOOM_STEP);
    } else if (action === "out") {
      this.zoomCentre(1 / ZOOM_STEP);
    } else if (action === "reset") {
      this.fit();
    } else if (action === "close") {
      this.dialog.close();
    }
  };

  /* + and - zoom, 0 fits, arrows pan; the browser keeps its own shortcuts. */
  Zoom.prototype.onKey = function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return; // the browser's own zoom and shortcuts
    }
    var z = this.z;
    var key = event.key;
    var vw = this.view.clientWidth;
    var vh = this.view.clientHeight;
    if (key === "+" || key === "=") {
      this.zoomCentre(ZOOM_STEP);
    } else if (key === "-" || key === "_") {
      this.zoomCentre(1 / ZOOM_STEP);
    } else if (key === "0") {
      this.fit();
    } else if (key === "ArrowLeft") {
      z.x += vw * PAN_STEP;
      this.apply();
    } else if (key === "ArrowRight") {
      z.x -= vw * PAN_STEP;
      this.apply();
    } else if (key === "ArrowUp") {
      z.y += vh * PAN_STEP;
      this.apply();
    } else if (key === "ArrowDown") {
      z.y -= vh * PAN_STEP;
      this.apply();
    } else {
      return;
    }
    event.preventDefault();
  };

  Zoom.prototype.bind = function () {
    var self = this;
    var dialog = this.dialog;
    this.button.addEventListener("click", function () {
      self.open();
    });
    dialog.addEventListener("close", function () {
      self.pan = null;
      self.button.focus();
    });
    each(dialog.querySelectorAll("[data-zoom]"), function (tool) {
      tool.addEventListener("click", function () {
        self.tool(tool.getAttribute("data-zoom"));
      });
    });
    dialog.addEventListener("keydown", function (event) {
      self.onKey(event);
    });
    this.bindPointer();
    window.addEventListener("resize", function () {
      if (dialog.open) {
        self.apply();
      }
    });
  };

  /* The wheel zooms around the pointer; a drag pans. */
  Zoom.prototype.bindPointer = function () {
    var self = this;
    var view = this.view;
    var z = this.z;
    view.addEventListener(
      "wheel",
      function (event) {
        event.preventDefault();
        var rect = view.getBoundingClientRect();
        var factor = event.deltaY < 0 ? 1.15 : 1 / 1.15;
        self.zoomAt(factor, event.clientX - rect.left, event.clientY - rect.top);
      },
      { passive: false }
    );
    view.addEventListener("pointerdown", function (event) {
      if (event.button > 0) {
        return;
      }
      event.preventDefault();
      self.pan = { id: event.pointerId, x: event.clientX, y: event.clientY };
      try {
        view.setPointerCapture(event.pointerId);
      } catch (e) {
        /* panning still follows the pointer inside the view */
      }
    });
    view.addEventListener("pointermove", function (event) {
      var pan = self.pan;
      if (!pan || pan.id !== event.pointerId) {
        return;
      }
      z.x += event.clientX - pan.x;
      z.y += event.clientY - pan.y;
      pan.x = event.clientX;
      pan.y = event.clientY;
      self.apply();
    });
    function stop(event) {
      if (self.pan && self.pan.id === event.pointerId) {
        self.pan = null;
      }
    }
    view.addEventListener("pointerup", stop);
    view.addEventListener("pointercancel", stop);
  };

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
    new Zoom(button, dialog).bind();
  }

  /* ---------------------------------------------------------------- start */

  function init() {
    marks.forget();
    each(document.querySelectorAll('[data-proofroom="decision-form"]'), initPanel);
    each(document.querySelectorAll('[data-proofroom="zoom"]'), initZoom);
    marks.listen();
  }

  window.proofroom.onPage(init);
})();
