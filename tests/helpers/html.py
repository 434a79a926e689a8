"""Pages as parsed HTML: a small tree of nodes, what MkDocs does to a page body, URLs
resolved as a browser does, and the check that strings from files stayed text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, unquote, urljoin, urlsplit

import markdown
import yaml

# Strings from files that would be markup, script, template or Markdown if not escaped.
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ jinja }}",
    "{% raw %}",
    "*_[]()#",
    "</details>",
    "[click](javascript:alert(1)) **b** _i_",
]
HOSTILE_TEXT = " ".join(HOSTILE)


VOID = {"img", "br", "hr", "input", "meta", "link", "source", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        found = []
        for node in self.iter():
            if tag is not None and node.tag != tag:
                continue
            if all(node.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items()):
                found.append(node)
        return found

    def find(self, tag: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}>"
        return found[0]


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return
        raise AssertionError(f"stray </{tag}>")

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html_text: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html_text)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root


def split_page(page_markdown: str) -> tuple[dict, str]:
    assert page_markdown.startswith("---\n")
    _, meta, body = page_markdown.split("---\n", 2)
    return yaml.safe_load(meta), body


def render(body: str) -> str:
    """What MkDocs does to the page body (the extensions Material sites commonly enable)."""
    return markdown.markdown(body, extensions=["md_in_html", "attr_list", "tables", "toc"])


def resolve(page_src_uri: str, url: str) -> str:
    """Resolve a relative URL the way a browser does, on a site served from a sub-path."""
    page_dir = page_src_uri.rsplit("/", 1)[0]
    base = f"https://acme.github.io/brand/{quote(page_dir)}/"
    parts = urlsplit(urljoin(base, url))
    assert parts.netloc == "acme.github.io", url
    assert parts.path.startswith("/brand/"), f"{url} escapes the site"
    return unquote(parts.path[len("/brand/") :])


def assert_inert(rendered: str) -> Node:
    """No markup, script, handler or Markdown formatting came out of file strings."""
    tree = parse(rendered)
    nodes = list(tree.iter())
    assert not [n for n in nodes if n.tag in ("script", "em")]
    assert not [n for n in nodes if n.tag == "strong" and n.text == "b"]
    assert not [n for n in nodes if any(name.startswith("on") for name in n.attrs)]
    assert not [n for n in nodes if n.attrs.get("src") == "x"]
    assert not [n for n in nodes if (n.attrs.get("href") or "").startswith("javascript")]
    assert "{{" not in rendered and "{%" not in rendered  # braces are character references
    return tree


def section(html_text: str, name: str) -> Node:
    """The first ``data-proofroom=name`` element of a built page, parsed on its own."""
    at = html_text.index(f'data-proofroom="{name}"')
    start = html_text.rindex("<", 0, at)
    tag = re.match(r"<([a-z]+)", html_text[start:]).group(1)
    depth = 0
    for m in re.finditer(rf"<(/?){tag}\b[^>]*>", html_text[start:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            end = start + m.end()
            break
    tree = parse(html_text[start:end])
    (node,) = [n for n in tree.children if isinstance(n, Node)]
    return node


def style_of(node: Node) -> dict[str, str]:
    pairs = (p.split(":", 1) for p in (node.attrs.get("style") or "").split(";") if p)
    return {k.strip(): v.strip() for k, v in pairs}
