"""Rules of the code base that a linter does not see."""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "random_inspection"
CORE = ["errors.py", "model", "timelimits"]
CLOCK = re.compile(r"\b(date\.today|datetime\.now|datetime\.utcnow|time\.time|time\.monotonic)\s*\(")
RANDOM = re.compile(r"^\s*(import random\b|from random import|import secrets|from secrets import)|numpy\.random", re.M)


def _core_files() -> list[Path]:
    files: list[Path] = []
    for name in CORE:
        path = SRC / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def test_the_core_never_reads_the_clock() -> None:
    offenders = [f"{p.relative_to(SRC)}: {m.group(0)}" for p in _core_files() for m in CLOCK.finditer(p.read_text())]
    assert offenders == []


# The two exceptions, both edges, never the draw, whose only randomness is its public input: the signing keys and
# each SM2 signature's K come from ``secrets`` (never from ``random``) in the store's signing modules (the pure
# SM2 backend draws K); the secret
# that salts a draw-v2 plan's interest tags (draw-v2 §4) comes from ``secrets`` in the file module that keeps it.
KEY_MATERIAL = ["io/interestfile.py", "store/signing.py", "store/sm2backend.py"]


def test_no_random_source_anywhere_in_the_library() -> None:
    offenders = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if RANDOM.search(p.read_text()))
    assert offenders == KEY_MATERIAL
    for name in KEY_MATERIAL:
        text = (SRC / name).read_text()
        assert "import secrets" in text and not re.search(r"^\s*(import random\b|from random import)", text, re.M)


def test_the_package_is_typed() -> None:
    assert (SRC / "py.typed").is_file()


def test_the_draw_modules_import_each_other_in_one_direction_only() -> None:
    """No circle of imports in ``random_inspection.sampling``, function-level and TYPE_CHECKING imports counted:
    the result's types (``sampling.result``) and the interests teams look at (``sampling.conflicts``) sit below
    both the draw (``sampling.engine``) and the recusal (``sampling.recusal``), which the draw's verify uses."""
    import grimp

    graph = grimp.build_graph("random_inspection")
    modules = sorted(m for m in graph.modules if m.startswith("random_inspection.sampling."))
    circles = [(m, i) for m in modules for i in sorted(graph.find_modules_directly_imported_by(m))
               if graph.find_shortest_chain(importer=i, imported=m) is not None]
    assert circles == []
    assert graph.direct_import_exists(importer="random_inspection.sampling.engine",
                                      imported="random_inspection.sampling.recusal")


# -- the core names no bureau ------------------------------------------------------------------------------

BUREAU_WORDS = ("许昌", "冷水滩", "石家庄", "鹤壁", "偃师", "许应急", "鹤双随机办",
                "xuchang", "lengshuitan", "shijiazhuang", "hebi", "yanshi")
FORM_TITLES = ("随机抽取执法检查人员信息表", "联合抽查统计表", "联合抽查汇总表", "联合抽查记录表",
               "登记备案表", "满意度反馈卡")
"""鹤壁's 附件1–4 titles and 冷水滩's two forms: a profile supplies its forms, the core names none."""

# The demo is an example run on bundled data, not the core: it names the bureau whose example it runs (its report's
# ``hebi`` section, its plan, its actors), as a user's own script would.
EXAMPLES = ("demo/",)


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are docstrings: the first statement of a module, class or function, a
    string standing alone as a statement (an attribute's docstring), and the help of a command or option."""
    found: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        for statement in body if isinstance(body, list) else ():
            if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) \
                    and isinstance(statement.value.value, str):
                found.add(id(statement.value))
    for node in ast.walk(tree):  # a command's or option's help (help=tr("...")) is its docstring, translated
        if isinstance(node, ast.keyword) and node.arg == "help":
            found |= {id(n) for n in ast.walk(node.value) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return found


def _names_in_code(source: str) -> list[tuple[int, str]]:
    """Every string constant (docstrings and command-line help left out, each part of an f-string on its own) and
    identifier of a module, with its line. Comments are not in the tree."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found.append((line, node.value))
        elif isinstance(node, ast.Name):
            found.append((line, node.id))
        elif isinstance(node, ast.Attribute):
            found.append((line, node.attr))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.append((line, node.name))
        elif isinstance(node, ast.arg) or (isinstance(node, ast.keyword) and node.arg):
            found.append((line, node.arg))
        elif isinstance(node, ast.alias):
            found += [(line, node.name), (line, node.asname or "")]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((line, node.module))
    return found


def _naming_a_bureau(text: str) -> list[str]:
    return [w for w in (*BUREAU_WORDS, *FORM_TITLES) if w in text.lower()]


def test_the_core_names_no_bureau_and_no_bureau_form_in_code() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if name.startswith(EXAMPLES):
            continue
        for line, text in _names_in_code(path.read_text(encoding="utf-8")):
            if _naming_a_bureau(text):
                offenders.append(f"{name}:{line}: {text!r}")
    assert offenders == []


EXAMPLE_COMMANDS = ("demo",)
"""The commands that run an example on bundled data: their help names the bureaus whose example they run."""

_ENDPOINT_METHODS = {"get", "post", "put", "patch", "delete"}


def _shown_texts(source: str, service: bool = False) -> list[tuple[int, str]]:
    """The texts of a module a user reads: each help (``help=``) and description (``description=``, a request
    field's or a query parameter's), and the docstring of each HTTP endpoint (a function under ``@router.get(...)``
    and the like: the OpenAPI document shows it), leaving out those of :data:`EXAMPLE_COMMANDS`; in a module of the
    service, each class's docstring too (a request or response body's is its schema's description). A profile
    supplies its own words for these (``Rule.title``, ``ResolvedProfile.title``, its forms' titles): the core's
    name none."""
    tree = ast.parse(source)
    examples = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                and f.name in EXAMPLE_COMMANDS for d in f.decorator_list for n in ast.walk(d)}
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in ("help", "description") and id(node) not in examples:
            found += [(n.lineno, n.value) for n in ast.walk(node.value)
                      if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        elif (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr in _ENDPOINT_METHODS
                for d in node.decorator_list)) or (isinstance(node, ast.ClassDef) and service):
            found.append((node.lineno, ast.get_docstring(node) or ""))
    return found


def test_the_core_names_no_bureau_and_no_bureau_form_in_what_its_users_read() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if name.startswith(EXAMPLES):
            continue
        for line, text in _shown_texts(path.read_text(encoding="utf-8"), service=name.startswith("service/")):
            offenders += [f"{name}:{line}: {word}" for word in _naming_a_bureau(text)]
    assert offenders == []


def test_the_check_of_what_users_read_sees_helps_descriptions_and_endpoints() -> None:
    source = textwrap.dedent('''
        """Module docstring: 鹤壁 may be named here."""
        @main.command(help=tr("Hand over the 《联合抽查记录表》"))
        @option("--to", help=tr("to the 冷水滩 office"))
        def hand_over():
            """A command's docstring: 许昌."""
        @main.command(help=tr("Run the demo for 许昌 and 鹤壁"))
        def demo():
            pass
        class Body(BaseModel):
            to: str = Field(description="Who the 登记备案表 goes to")
        @router.post("/steps")
        def record():
            """Record the 满意度反馈卡 of 石家庄."""
        def helper():
            """A helper's docstring: 偃师."""
        class HandOverBody(StepBody):
            """The hand-over of the 《联合抽查记录表》."""
    ''')
    hits = sorted({(line, w) for line, text in _shown_texts(source) for w in _naming_a_bureau(text)})
    assert hits == [(3, "联合抽查记录表"), (4, "冷水滩"), (11, "登记备案表"), (13, "满意度反馈卡"), (13, "石家庄")]
    in_service = sorted({(line, w) for line, text in _shown_texts(source, service=True)
                         for w in _naming_a_bureau(text)})
    assert in_service == [*hits, (17, "联合抽查记录表")]


def test_the_check_sees_constants_and_names_but_not_docstrings_or_comments() -> None:
    source = textwrap.dedent('''
        """Module docstring: 鹤壁 may be named here."""
        import random_inspection_profiles.hebi as h  # 冷水滩 in a comment
        FORMS = {"联合抽查统计表": 1}
        """An attribute docstring: 许昌."""
        def write_xuchang(lengshuitan_form=None):
            """A function's docstring: 石家庄."""
            return f"{h}: 偃师" + obj.hebi_form
        X = option("--x", help=tr("A command-line help: 鹤壁"), default="鹤壁")
    ''')
    hits = sorted({(line, w) for line, text in _names_in_code(source) for w in _naming_a_bureau(text)})
    assert hits == [(3, "hebi"), (4, "联合抽查统计表"), (6, "lengshuitan"), (6, "xuchang"), (8, "hebi"), (8, "偃师"),
                    (9, "鹤壁")]
