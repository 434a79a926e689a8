/* Proofroom review pages: the text of a decision file, for the decision panel (decide.js).
 *
 * The canonical form: keys in the order the CLI writes them, every string double-quoted
 * and escaped, so quotes, colons, "- " or "#" at the start, new lines and any Unicode read
 * back as the same text. Pure functions, no page access; shared as proofroom.decisionYaml.
 */
(function () {
  "use strict";

  function hex4(code) {
    return ("000" + code.toString(16)).slice(-4);
  }

  /* A YAML double-quoted scalar that reads back as exactly `text` (lone surrogates, which
     no file can hold, become U+FFFD), as proofroom.core.inputs.decision_files writes it. */
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

  /* The text a quoted scalar reads back as: what quote() keeps, with U+FFFD where it
     replaces a character (a guest's signature covers the text as read back). */
  function readBack(text) {
    var out = "";
    var s = String(text);
    for (var i = 0; i < s.length; i++) {
      var code = s.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff) {
        var next = s.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          out += s.charAt(i) + s.charAt(i + 1);
          i += 1;
        } else {
          out += "\ufffd";
        }
      } else if ((code >= 0xdc00 && code <= 0xdfff) || code === 0xfffe || code === 0xffff) {
        out += "\ufffd";
      } else {
        out += s.charAt(i);
      }
    }
    return out;
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
    if (d.comments && d.comments.length) {
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
    if (d.share) {
      lines.push("share: " + quote(d.share)); // a guest's decision: share and signature last
    }
    if (d.signature) {
      lines.push("signature: " + quote(d.signature));
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

  window.proofroom.decisionYaml = {
    quote: quote,
    readBack: readBack,
    toYaml: toYaml,
    stamp: stamp,
  };
})();
