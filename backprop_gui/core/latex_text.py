"""The app's typeset formulas and a file's own texts as LaTeX that plain pdflatex reads.

:func:`math_latex` turns the rich text the chain-rule texts are made of (``<i>``,
``<sup>``, ``<sub>``, entities, and symbols such as −, ·, σ, √) into math-mode LaTeX;
:func:`text_latex` escapes a text from a file (a title, a description) for text mode.
Both map the symbols they know to commands, turn control characters and line breaks
(a blank line would end a paragraph inside a heading) into spaces, and write any other
character that pdflatex cannot read as its closest ASCII, so a label from a file can
never break the document. The output uses amsmath (``\\operatorname``, ``\\text``,
``\\tfrac``): a document that contains it must load that package.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Characters with a math command (used in text mode inside \ensuremath).
_SYMBOLS = {
    "−": "-", "·": r"\cdot ", "×": r"\times ", "½": r"\tfrac{1}{2}", "≤": r"\le ",
    "≥": r"\ge ", "∂": r"\partial ", "∞": r"\infty ", "—": r"\text{---}", "²": "^{2}",
    "³": "^{3}", "≠": r"\ne ", "±": r"\pm ", "→": r"\to ", "∑": r"\sum ", "…": r"\dots ",
    "ε": r"\varepsilon ", "ϵ": r"\epsilon ", "ϑ": r"\vartheta ", "ϕ": r"\phi ", "φ": r"\varphi ",
}  # fmt: skip
_GREEK = (
    "alpha beta gamma delta zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau "
    "upsilon chi psi omega"
).split()
for _name in _GREEK:
    _char = unicodedata.lookup(f"GREEK SMALL LETTER {_name.upper()}".replace("LAMBDA", "LAMDA"))
    _SYMBOLS.setdefault(_char, f"\\{_name} ")
for _name in "Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split():
    _char = unicodedata.lookup(f"GREEK CAPITAL LETTER {_name.upper()}".replace("LAMBDA", "LAMDA"))
    _SYMBOLS[_char] = f"\\{_name} "
_SUBSCRIPT_DIGITS = {chr(0x2080 + d): str(d) for d in range(10)}

# Characters LaTeX treats specially, escaped for math mode and for text mode.
_MATH_SPECIAL = {
    "\\": r"\backslash ", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$", "%": r"\%",
    "&": r"\&", "_": r"\_", "^": r"\text{\textasciicircum}", "~": r"\sim ",
}  # fmt: skip
_TEXT_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$", "%": r"\%",
    "&": r"\&", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
}  # fmt: skip
# Names written as upright operators, as mathematicians write them.
_FUNCTIONS = {"sin", "cos", "tan", "tanh", "exp", "ln", "log", "max", "min"}
_OPERATORS = {"sign", "ReLU", "NaN"}
_BREAKS = {"Cc", "Cf", "Zl", "Zp", "Zs"}  # control, format, line, paragraph, other spaces
_TAGS = {"i": ("", ""), "sup": ("^{", "}"), "sub": ("_{", "}"), "sqrt": (r"\sqrt{", "}")}


def _ascii(char: str) -> str:
    """A character pdflatex cannot read, as its base letter (é -> e), else "?"."""
    base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    return base or "?"


def _spaced(text: str) -> str:
    """``text`` with every control character, line or paragraph break as a space."""
    return "".join(" " if unicodedata.category(c) in _BREAKS else c for c in text)


def text_latex(text: str) -> str:
    """A file's text (a title, a description) for LaTeX's text mode."""
    out = []
    for char in _spaced(text):
        if char in _TEXT_SPECIAL:
            out.append(_TEXT_SPECIAL[char])
        elif char in _SYMBOLS:
            out.append(f"\\ensuremath{{{_SYMBOLS[char].strip()}}}")
        elif char in _SUBSCRIPT_DIGITS:
            out.append(f"\\ensuremath{{_{_SUBSCRIPT_DIGITS[char]}}}")
        elif ord(char) < 128:
            out.append(char)
        else:
            out.append(_text_escape_ascii(_ascii(char)))
    return "".join(out)


def _text_escape_ascii(text: str) -> str:
    return "".join(_TEXT_SPECIAL.get(c, c) for c in text)


def math_latex(rich: str) -> str:
    """Rich text from :mod:`.typeset` / :mod:`.chainrule` as math-mode LaTeX.

    ``<i>w</i><sub>1</sub>·σ(<i>x</i>)`` -> ``w_{1}\\cdot \\sigma (x)``; a word of
    several letters is upright (``\\mathrm{loss}``, ``\\sin``, ``\\operatorname{ReLU}``).
    """
    tokens = re.split(r"(<[^>]+>)", _mark_roots(rich))
    out = []
    for token in tokens:
        tag = re.fullmatch(r"<(/?)(\w+)>", token)
        if tag:
            closing, name = tag.groups()
            out.append(_TAGS.get(name, ("", ""))[1 if closing else 0])
        elif token:
            out.append(_math_text(html.unescape(token)))
    return "".join(out)


def _mark_roots(rich: str) -> str:
    """``√x`` and ``√(a + b)`` with their radicand in ``<sqrt>`` tags."""
    while "√" in rich:
        start = rich.index("√")
        rest = rich[start + 1 :]
        if rest.startswith("("):
            end = _closing_bracket(rest)
            radicand, after = rest[1:end], rest[end + 1 :]
        else:
            match = re.match(r"<i>.*?</i>(<sub>.*?</sub>)?|[\w.]+|&\w+;|.", rest)
            radicand, after = match.group(0), rest[match.end() :]
        rich = f"{rich[:start]}<sqrt>{radicand}</sqrt>{after}"
    return rich


def _closing_bracket(text: str) -> int:
    """The index of the bracket closing the one ``text`` starts with."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return index
    return len(text) - 1


def _math_text(text: str) -> str:
    """Plain characters (no tags) in math mode: words upright, symbols as commands."""
    out = []
    for word in re.findall(r"[A-Za-z]{2,}|.", _spaced(text), flags=re.DOTALL):
        if len(word) > 1:
            out.append(_word(word))
        elif word in _SYMBOLS:
            out.append(_SYMBOLS[word])
        elif word in _SUBSCRIPT_DIGITS:
            out.append(f"_{{{_SUBSCRIPT_DIGITS[word]}}}")
        elif word in _MATH_SPECIAL:
            out.append(_MATH_SPECIAL[word])
        elif ord(word) < 128:
            out.append(word)
        else:
            out.append("".join(_MATH_SPECIAL.get(c, c) for c in _ascii(word)))
    return "".join(out)


def _word(word: str) -> str:
    if word in _FUNCTIONS:
        return f"\\{word} "
    if word in _OPERATORS:
        return f"\\operatorname{{{word}}}"
    return f"\\mathrm{{{word}}}"
