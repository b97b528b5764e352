"""Make ``cjgraph/data/confusables.toml``: the characters of other scripts that Unicode's
confusables list (UTS #39, as the ``confusable-homoglyphs`` package ships it) says look like a
Latin letter or a digit, each with the one it imitates.

Latin letters with accents are left out (``ò`` is a letter of its own, not a disguise), and so is
anything that imitates more than one character. To make the file again::

    pip download --no-deps confusable-homoglyphs==3.3.1 -d /tmp/ch && unzip -o /tmp/ch/*.whl -d /tmp/ch
    .venv/bin/python tests/make_confusables.py /tmp/ch/confusable_homoglyphs/confusables.json
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "cjgraph" / "data" / "confusables.toml"


def main(source: str) -> None:
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for char, glyphs in data.items():
        if len(char) != 1 or char.isascii() or unicodedata.name(char, "").startswith("LATIN"):
            continue
        targets = sorted({g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii() and g["c"].isalnum()})
        if len(targets) == 1:
            table[char] = targets[0]
        elif len({t.lower() for t in targets}) == 1:  # O and o: the case the character has
            table[char] = targets[0].lower() if char == char.lower() else targets[0].upper()
    lines = [
        "# Characters of other scripts that look like a Latin letter or a digit, and the one each",
        "# imitates (Unicode UTS #39 confusables, by tests/make_confusables.py). A name that matches a",
        "# known body only once these are folded is read as that body and warned about.",
        "[look_alikes]",
    ]
    for char in sorted(table, key=ord):
        lines.append(
            f'"\\u{ord(char):04X}" = "{table[char]}"  # {unicodedata.name(char, "?")}'
            if ord(char) <= 0xFFFF
            else f'"\\U{ord(char):08X}" = "{table[char]}"  # {unicodedata.name(char, "?")}'
        )
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(table)} characters")


if __name__ == "__main__":
    main(sys.argv[1])
