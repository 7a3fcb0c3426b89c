"""hopelib.html: every piece of HTML comes from a template with autoescape, through render()."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest
from jinja2 import Environment, FileSystemLoader, UndefinedError
from markupsafe import Markup

from hopelib.html import TEMPLATES, plain_text, render, trusted
from hopelib.i18n import language

from .conftest import PROJECT

PAYLOAD = "<script>alert('x')</script>\"&"
#: Tags of page HTML; plotly's own label markup (<b>, <br>, <extra>) is not page HTML.
PAGE_TAGS = re.compile(
    r"<(p|div|table|thead|tbody|tr|td|th|ul|ol|li|h[1-6]|span|pre|style|script|a|dl|dt|dd"
    r"|strong|em|html|head|body|title|meta)[\s>/]",
    re.IGNORECASE,
)


def test_render_escapes_text_and_attributes() -> None:
    page = render("export_index.html.j2", lang="en", title=PAYLOAD, demo=True,
                  reports=[('x" onclick="steal()', PAYLOAD)])  # fmt: skip
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&#34;&amp;" in page
    assert 'href="x&#34; onclick=&#34;steal()"' in page
    assert "Demo session" in page


def test_a_rendered_fragment_is_embedded_once_not_escaped_twice() -> None:
    inner = render("message.html.j2", text="a < b", kind="ok")
    assert isinstance(inner, Markup) and "a &lt; b" in inner
    outer = render("report/transfer_plans.html.j2", cards=[inner, "<b>raw text</b>"])
    assert str(inner) in outer  # the fragment as it was
    assert "&amp;lt;" not in outer
    assert "&lt;b&gt;raw text&lt;/b&gt;" in outer  # a plain str is data: escaped


def test_a_missing_value_is_an_error_not_a_blank() -> None:
    with pytest.raises(UndefinedError):
        render("message.html.j2", text="no kind given")


def test_templates_translate_their_interface_strings() -> None:
    with language("fi"):
        heading = render("report/heading.html.j2", section="scores")
    with language("en"):
        english = render("report/heading.html.j2", section="scores")
    assert "Scores" in english and "Scores" not in heading and "<h2 " in heading


def test_tables_show_missing_values_as_a_dash_and_escape_headers() -> None:
    frame = pd.DataFrame({PAYLOAD: ["<i>x</i>", None], "n": [1.5, float("nan")]})
    table = render("table.html.j2", frame=frame, empty="none")
    assert "<i>" not in table and "&lt;i&gt;x&lt;/i&gt;" in table
    assert "<script>" not in table and table.count("<td>–</td>") == 2
    empty = render("table.html.j2", frame=pd.DataFrame(), empty="Nothing <yet>")
    assert "Nothing &lt;yet&gt;" in empty and "<table" not in empty


def test_plain_text_and_trusted() -> None:
    assert plain_text('<b>R&D</b> "x"') == '&lt;b&gt;R&amp;D&lt;/b&gt; "x"'
    assert trusted("<div>plotly</div>") == Markup("<div>plotly</div>")


def test_every_template_compiles_and_is_used() -> None:
    environment = Environment(loader=FileSystemLoader(TEMPLATES))
    code = "\n".join(
        p.read_text(encoding="utf-8") for p in (PROJECT / "hopelib").rglob("*.py")
    ) + "\n".join(p.read_text(encoding="utf-8") for p in TEMPLATES.rglob("*.j2"))
    names = [p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*") if p.is_file()]
    assert names
    for name in names:
        if name.endswith(".j2"):
            environment.parse((TEMPLATES / name).read_text(encoding="utf-8"))
        assert f'"{name}"' in code or f"'{name}'" in code or name == "styles.css", name


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module that are code, not docstrings, with their lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_html_is_made_only_in_hopelib_html() -> None:
    """No module outside hopelib/html writes page markup or escapes by hand."""
    found = []
    for path in sorted((PROJECT / "hopelib").rglob("*.py")):
        relative = path.relative_to(PROJECT).as_posix()
        if relative.startswith("hopelib/html/"):
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(r"\bhtml\.escape\b|^from html import|^import html$|markupsafe\.escape",
                     source, re.MULTILINE):  # fmt: skip
            found.append(f"{relative}: escapes by hand")
        found += [
            f"{relative}:{line}: {text[:60]!r}"
            for line, text in _code_strings(path)
            if PAGE_TAGS.search(text)
        ]
    assert found == []


def test_the_examples_in_the_docstrings_hold() -> None:
    import doctest

    import hopelib.html.templating
    import hopelib.i18n

    for module in (hopelib.html.templating, hopelib.i18n):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_hopelib_html_sits_low_in_the_house() -> None:
    """Templates serve every floor above them: html imports only config, errors, models, i18n."""
    allowed = {"config", "errors", "models", "i18n", "html"}
    for path in (PROJECT / "hopelib" / "html").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                continue  # within hopelib/html
            if isinstance(node, ast.ImportFrom):
                names = [("hopelib." if node.level else "") + (node.module or "")]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "hopelib":
                    assert len(parts) > 1 and parts[1] in allowed, f"{path.name} imports {name}"
