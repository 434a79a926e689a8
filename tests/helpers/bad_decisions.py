"""Decision files with one mistake each, written against the spring workspace (``<V2>``,
``<LOGO>``, ``<POSTER>`` stand for its blobs: see ``helpers.spring.fill``)."""

from __future__ import annotations

BASE = """\
asset: assets/spring/hero.jpg
sha: <V2>
reviewer: alice
decision: changes_requested
summary: Le logo est trop petit
"""
ALIAS_BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]
"""

# (id, content, line of the one problem, words the message must hold)
BAD = [
    ("broken-yaml", BASE.replace("trop petit", "trop: petit"), 5, "invalid YAML"),
    ("tab-indent", BASE + "comments:\n\t- text: x\n", 7, "a tab is used here"),
    ("wrong-type", BASE + "version: three\n", 6, "version must be a whole number"),
    ("version-v3", BASE + "version: v2\n", 6, "write 'version: 2'"),
    ("unknown-decision", BASE.replace("changes_requested", "aproved"), 4, 'mean "approved"'),
    ("decision-spaces", BASE.replace("changes_requested", "changes requested"), 4, "mean"),
    ("unknown-sha", BASE.replace("<V2>", "0000000"), 2, "no version of assets/spring/hero"),
    ("sha-other-asset", BASE.replace("<V2>", "<LOGO>"), 2, "it is v1 of assets/spring/logo.png"),
    ("sha-too-short", BASE.replace("<V2>", "8f3a2c"), 2, "too short"),
    ("sha-upper", BASE.replace("<V2>", "8F3A2C1"), 2, 'lower case: "8f3a2c1"'),
    ("sha-not-hex", BASE.replace("<V2>", "latest"), 2, "is not a sha"),
    ("sha-missing", BASE.replace("sha: <V2>\n", ""), 1, 'has no "sha"'),
    ("asset-dotdot", BASE.replace("assets/spring/hero.jpg", "../etc/passwd"), 1, "outside"),
    ("asset-dotdot-inside", BASE.replace("spring/hero", "spring/../../x"), 1, "outside"),
    ("asset-absolute", BASE.replace("assets/spring/hero.jpg", "/etc/passwd"), 1, "absolute"),
    ("asset-windows", BASE.replace("assets/spring/hero.jpg", "C:/x/hero.jpg"), 1, "absolute"),
    (
        "asset-backslash",
        BASE.replace("assets/spring/hero.jpg", "assets\\spring\\hero.jpg"),
        1,
        "forward slashes",
    ),
    (
        "asset-other-campaign",
        BASE.replace("spring/hero.jpg", "autumn/poster.jpg").replace("<V2>", "<POSTER>"),
        1,
        'belongs to campaign "autumn"',
    ),
    (
        "asset-missing",
        BASE.replace("hero.jpg", "heros.jpg").replace("<V2>", "0000000"),
        1,
        'does not exist (did you mean "assets/spring/hero.jpg"?)',
    ),
    (
        "asset-missing-sha-elsewhere",
        BASE.replace("hero.jpg", "heros.jpg"),
        1,
        "does not exist; sha <V2> is v2 of assets/spring/hero.jpg: fix the asset path",
    ),
    (
        "asset-relative",
        BASE.replace("assets/spring/hero.jpg", "hero.jpg"),
        1,
        'write "assets/spring/hero.jpg"',
    ),
    ("asset-unclean", BASE.replace("spring/hero", "spring//hero"), 1, "not a clean path"),
    ("asset-empty", BASE.replace("assets/spring/hero.jpg", '""'), 1, "asset is empty"),
    (
        "pin-out-of-range",
        BASE + "comments:\n  - text: x\n    pin: [0.42, 1.2]\n",
        8,
        "comments[0].pin must be [x, y]",
    ),
    ("pin-one-number", BASE + "comments:\n  - text: x\n    pin: [0.42]\n", 8, "got [0.42]"),
    ("pin-nan", BASE + "comments:\n  - text: x\n    pin: [.nan, 0.5]\n", 8, "pin must be"),
    (
        "box-overflow",
        BASE + "comments:\n  - text: x\n    box: [0.6, 0.1, 0.5, 0.3]\n",
        8,
        "past the right edge",
    ),
    (
        "box-overflow-bottom",
        BASE + "comments:\n  - text: x\n    box: [0, 0.9, 0.5, 0.3]\n",
        8,
        "past the bottom edge",
    ),
    ("box-no-area", BASE + "comments:\n  - text: x\n    box: [0.1, 0.1, 0, 0.3]\n", 8, "no area"),
    ("time-negative", BASE + "comments:\n  - text: x\n    time: -2\n", 8, "0 or more seconds"),
    ("time-infinite", BASE + "comments:\n  - text: x\n    time: .inf\n", 8, "time must be"),
    ("page-zero", BASE + "comments:\n  - text: x\n    page: 0\n", 8, "1 or more"),
    (
        "page-fraction",
        BASE + "comments:\n  - text: x\n    page: 1.5\n",
        8,
        "page must be a whole number",
    ),
    (
        "pin-and-box",
        BASE + "comments:\n  - text: x\n    pin: [0.1, 0.1]\n    box: [0, 0, 1, 1]\n",
        9,
        "both a pin and a box",
    ),
    (
        "comment-plain-text",
        BASE + "comments:\n  - Agrandir le logo\n",
        7,
        "write it as '- text: Agrandir le logo'",
    ),
    ("comment-no-text", BASE + "comments:\n  - pin: [0.1, 0.1]\n", 7, 'has no "text"'),
    ("comment-unknown-key", BASE + "comments:\n  - text: x\n    pgae: 2\n", 8, 'mean "page"'),
    ("comments-not-a-list", BASE + "comments: Agrandir le logo\n", 6, "comments must be a list"),
    ("reviewer-empty", BASE.replace("alice", '""'), 3, "reviewer is empty"),
    ("reviewer-null", BASE.replace(" alice", ""), 3, "reviewer is empty"),
    ("reviewer-spaces", BASE.replace("alice", "alice martin"), 3, "login without spaces"),
    (
        "unknown-key",
        BASE.replace("summary", "sumary"),
        5,
        'unknown key "sumary" in the decision file (did you mean "summary"?)',
    ),
    ("duplicate-key", BASE + "reviewer: bob\n", 6, 'duplicate key "reviewer"'),
    ("version-disagrees", BASE + "version: 1\n", 6, "version 1 does not agree with sha"),
    ("summary-number", BASE.replace("Le logo est trop petit", "42"), 5, "summary must be text"),
    ("summary-list", BASE.replace("Le logo est trop petit", "[a, b]"), 5, "got a list"),
    ("summary-yes", BASE.replace("Le logo est trop petit", "yes"), 5, "put the word in quotes"),
    ("not-a-mapping", "- asset: assets/spring/hero.jpg\n", 1, "not a list"),
    ("single-value", "approved\n", 1, "not a single value"),
    ("empty-file", "\n", 1, "is empty"),
    ("two-documents", BASE + "---\n" + BASE, 6, "a second YAML document"),
    ("alias-bomb", ALIAS_BOMB, 2, "aliases (*a) are not allowed"),
    (
        "non-utf8",
        BASE.replace("petit", "petit caf\udce9").encode("utf-8", "surrogateescape"),
        5,
        "not UTF-8 text (byte 0xe9",
    ),
    ("utf16", "asset: x\n".encode("utf-16"), 1, "UTF-16"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "is it a binary file?"),
    ("nul-bytes", BASE.encode() + b"\x00\x01\x02", 6, "NUL bytes"),
    ("control-char", BASE.replace("petit", "pe\x07tit"), 5, "control character U+0007"),
    ("huge", BASE + "notes: " + "x" * 300_000 + "\n", 0, "over the 256,000-byte limit"),
    ("bad-tag", BASE + "version: !!python/object:os.system 2\n", 6, "not allowed"),
]
