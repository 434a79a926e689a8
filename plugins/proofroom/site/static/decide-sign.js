/* Proofroom review pages: the signature of a guest's decision, for the decision panel.
 *
 * canonical(d) is the text a signature covers, byte for byte what
 * proofroom.core.inputs.guest_signatures.canonical makes: every key but the top-level
 * "signature", empty values (null, undefined, "", [], {}) left out, keys sorted at every
 * level, JSON.stringify's escaping and numbers. sign(key, d) is HMAC-SHA256 of its UTF-8
 * bytes with WebCrypto (no library), base64url without padding; the key is base64url too.
 * Pure functions, no page access; shared as proofroom.decisionSign.
 */
(function () {
  "use strict";

  function isEmpty(value) {
    if (value === null || value === undefined || value === "") {
      return true;
    }
    if (Array.isArray(value)) {
      return value.length === 0;
    }
    return typeof value === "object" && Object.keys(value).length === 0;
  }

  /* Mappings without their empty values, at every level (list items are kept). */
  function clean(value) {
    if (Array.isArray(value)) {
      return value.map(clean);
    }
    if (value !== null && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (key) {
        var item = clean(value[key]);
        if (!isEmpty(item)) {
          out[key] = item;
        }
      });
      return out;
    }
    return value;
  }

  function encode(value) {
    if (value === null || value === undefined) {
      return "null";
    }
    if (typeof value === "number") {
      if (!isFinite(value)) {
        throw new Error("numbers must be finite");
      }
      return String(value);
    }
    if (typeof value === "string" || typeof value === "boolean") {
      return JSON.stringify(value);
    }
    if (Array.isArray(value)) {
      return "[" + value.map(encode).join(",") + "]";
    }
    return (
      "{" +
      Object.keys(value)
        .sort()
        .map(function (key) {
          return JSON.stringify(key) + ":" + encode(value[key]);
        })
        .join(",") +
      "}"
    );
  }

  function canonical(d) {
    var data = {};
    Object.keys(d).forEach(function (key) {
      if (key !== "signature") {
        data[key] = d[key];
      }
    });
    return encode(clean(data));
  }

  function fromB64url(text) {
    var b64 = String(text).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(b64 + "===".slice((b64.length + 3) % 4));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  function toB64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i++) {
      raw += String.fromCharCode(bytes[i]);
    }
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function sign(keyB64url, d) {
    var subtle = window.crypto && window.crypto.subtle;
    if (!subtle) {
      return Promise.reject(new Error("WebCrypto is not available on this page"));
    }
    var data = new TextEncoder().encode(canonical(d));
    return subtle
      .importKey("raw", fromB64url(keyB64url), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
      .then(function (key) {
        return subtle.sign("HMAC", key, data);
      })
      .then(toB64url);
  }

  window.proofroom.decisionSign = { canonical: canonical, sign: sign };
})();
